package org.actionbridge.itests;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Base64;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The web console in real headless Chromium (Debian's {@code chromium} and {@code chromium-driver}, driven
 * by Selenium): log in, see the demo phone, ring it through the emulator's control API and watch its card
 * turn RINGING without a reload, answer from the page (CONNECTED), hang up (IDLE). Runs the ActionBridge
 * distribution as a separate process, as an operator would, on free loopback ports; keeps screenshots in
 * {@code target/screenshots/}. Skipped when Chromium or chromedriver is not installed.
 */
public class ConsoleBrowserIT {

    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    private static final String USER = "alice";
    private static final String PASSWORD = "Browser-Test-Secret-1";
    private static final String DEVICE_ADDRESS = "127.0.79.1";
    private static final Duration WAIT = Duration.ofSeconds(20);

    private static DistributionProcess karaf;
    private static WebDriver browser;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeClass
    public static void startDistributionAndBrowser() throws Exception {
        KarafTestSupport.assumeTool("Chromium is not installed (" + CHROMIUM + "): apt-get install chromium chromium-driver; "
                + "skipping the browser test", new File(CHROMIUM).canExecute());
        KarafTestSupport.assumeTool("chromedriver is not installed (" + CHROMEDRIVER + "): apt-get install chromium-driver; "
                + "skipping the browser test", new File(CHROMEDRIVER).canExecute());
        karaf = new DistributionProcess(USER, PASSWORD, DEVICE_ADDRESS, "", "it-browser-");
        karaf.unpack();
        karaf.start();

        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER))
                .usingPort(KarafTestSupport.freePort()).build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + Files.createTempDirectory(karaf.home().getParent(), "chromium-"), "--window-size=1280,860");
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    }

    @AfterClass
    public static void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (karaf != null) {
            karaf.close();
        }
    }

    private static String authorization(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** The outside world calls the demo phone, through the emulator's control API. */
    private static void ring(String number, String name) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + DEVICE_ADDRESS + ":" + karaf.demoHttpPort()
                + "/emulator/ring?number=" + number + "&name=" + name))
                .header("Authorization", authorization("admin", "admin")).POST(HttpRequest.BodyPublishers.noBody())
                .timeout(Duration.ofSeconds(10)).build();
        assertEquals(200, HTTP.send(request, BodyHandlers.ofString()).statusCode());
    }

    private static WebElement card() {
        return browser.findElement(By.cssSelector("article.card[data-thing='demo']"));
    }

    private static String callState() {
        return card().findElement(By.cssSelector(".call-state")).getText();
    }

    private static void screenshot(String name) throws IOException {
        Path directory = Paths.get("target", "screenshots");
        Files.createDirectories(directory);
        byte[] png = ((ChromeDriver) browser).getScreenshotAs(OutputType.BYTES);
        Files.write(directory.resolve(name), png);
    }

    @Test
    public void drivesAFullCallFromThePage() throws Exception {
        // credentials in the URL answer the 401 challenge; the page's own requests and its EventSource
        // reuse them (same origin), as after a browser's login dialog
        browser.get("http://" + USER + ":" + PASSWORD + "@127.0.0.1:" + karaf.httpPort() + "/actionbridge/");
        await().atMost(WAIT).ignoreExceptions().until(() -> callState().equals("IDLE"));
        await().atMost(WAIT).until(() -> browser.findElement(By.id("live")).getText().equals("live"));
        assertTrue(card().getText().contains("Demo phone (emulated)"));
        assertEquals(USER, browser.findElement(By.id("user")).getText());

        // a marker that a reload would lose
        ((JavascriptExecutor) browser).executeScript("window.notReloaded = true;");
        ring("1234", "Alice");
        await().atMost(WAIT).ignoreExceptions().until(() -> callState().equals("RINGING"));
        assertTrue(card().findElement(By.cssSelector(".remote")).getText().contains("Alice (1234)"));
        await().atMost(WAIT).until(() -> browser.findElement(By.id("log")).getText().contains("incoming_call"));

        card().findElement(By.cssSelector("button[data-command='answer']")).click();
        await().atMost(WAIT).ignoreExceptions().until(() -> callState().equals("CONNECTED"));
        await().atMost(WAIT).until(() -> card().findElement(By.cssSelector(".result")).getText().startsWith("answer: done"));
        await().atMost(WAIT).until(() -> browser.findElement(By.id("log")).getText().contains("call_established"));
        screenshot("console.png");

        card().findElement(By.cssSelector("button[data-command='hangup']")).click();
        await().atMost(WAIT).ignoreExceptions().until(() -> callState().equals("IDLE"));
        assertEquals(Boolean.TRUE, ((JavascriptExecutor) browser).executeScript("return window.notReloaded === true;"));
        assertEquals("no error shown", "", browser.findElement(By.id("errors")).getText());

        // the same page on a phone-sized screen
        browser.manage().window().setSize(new Dimension(390, 844));
        ring("5678", "Bob");
        await().atMost(WAIT).ignoreExceptions().until(() -> callState().equals("RINGING"));
        screenshot("console-phone.png");
        card().findElement(By.cssSelector("button[data-command='hangup']")).click();
        await().atMost(WAIT).ignoreExceptions().until(() -> callState().equals("IDLE"));
    }
}
