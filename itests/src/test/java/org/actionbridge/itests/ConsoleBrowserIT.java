package org.actionbridge.itests;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

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
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
    private static final String VERSION = System.getProperty("project.version", "0.1.0-SNAPSHOT");
    private static final String USER = "alice";
    private static final String PASSWORD = "Browser-Test-Secret-1";
    private static final String DEVICE_ADDRESS = "127.0.79.1";
    private static final Duration WAIT = Duration.ofSeconds(20);

    private static Process karaf;
    private static Path home;
    private static int httpPort;
    private static int deviceHttpPort;
    private static WebDriver browser;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeClass
    public static void startDistributionAndBrowser() throws Exception {
        assumeTrue("Chromium is not installed (" + CHROMIUM + "): apt-get install chromium chromium-driver; skipping the browser test",
                new File(CHROMIUM).canExecute());
        assumeTrue("chromedriver is not installed (" + CHROMEDRIVER + "): apt-get install chromium-driver; skipping the browser test",
                new File(CHROMEDRIVER).canExecute());
        Path archive = Paths.get(System.getProperty("maven.repo.local", System.getProperty("user.home") + "/.m2/repository"),
                "org", "actionbridge", "karaf-assembly", VERSION, "karaf-assembly-" + VERSION + ".tar.gz");
        assertTrue("the distribution is built first: " + archive, Files.isRegularFile(archive));

        Path root = Paths.get("target", "browser-karaf").toAbsolutePath();
        Files.createDirectories(root);
        Path unpack = Files.createTempDirectory(root, "run-");
        run(unpack, "tar", "xzf", archive.toString());
        home = unpack.resolve("karaf-assembly-" + VERSION);

        httpPort = KarafTestSupport.freePort();
        deviceHttpPort = KarafTestSupport.freePort();
        int deviceSipPort = KarafTestSupport.freePort();
        Path etc = home.resolve("etc");
        set(etc.resolve("org.ops4j.pax.web.cfg"), "org.ops4j.pax.web.listening.addresses", "127.0.0.1");
        set(etc.resolve("org.apache.karaf.shell.cfg"), "sshPort", String.valueOf(KarafTestSupport.freePort()));
        set(etc.resolve("org.apache.karaf.shell.cfg"), "sshHost", "127.0.0.1");
        set(etc.resolve("org.apache.karaf.management.cfg"), "rmiRegistryPort", String.valueOf(KarafTestSupport.freePort()));
        set(etc.resolve("org.apache.karaf.management.cfg"), "rmiServerPort", String.valueOf(KarafTestSupport.freePort()));
        set(etc.resolve("system.properties"), "actionbridge.mqtt.port", String.valueOf(KarafTestSupport.freePort()));
        set(etc.resolve("org.actionbridge.emulator-demo.cfg"), "bindAddress", DEVICE_ADDRESS);
        set(etc.resolve("org.actionbridge.emulator-demo.cfg"), "httpPort", String.valueOf(deviceHttpPort));
        set(etc.resolve("org.actionbridge.emulator-demo.cfg"), "sipPort", String.valueOf(deviceSipPort));
        set(etc.resolve("org.actionbridge.phone-demo.cfg"), "host", DEVICE_ADDRESS);
        set(etc.resolve("org.actionbridge.phone-demo.cfg"), "httpPort", String.valueOf(deviceHttpPort));
        set(etc.resolve("org.actionbridge.phone-demo.cfg"), "sipPort", String.valueOf(deviceSipPort));
        set(etc.resolve("users.properties"), USER, PASSWORD + ",_g_:admingroup");

        ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/karaf").toString(), "server").directory(home.toFile())
                .redirectErrorStream(true).redirectOutput(root.resolve(unpack.getFileName() + ".log").toFile());
        builder.environment().put("ACTIONBRIDGE_HTTP_PORT", String.valueOf(httpPort));
        builder.environment().remove("KARAF_NOROOT");
        karaf = builder.start();

        // up: the API answers, and the demo phone has reported in (its first Action URLs made it ONLINE)
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> api("things/demo").contains("\"status\":\"ONLINE\""));

        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER))
                .usingPort(KarafTestSupport.freePort()).build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + Files.createTempDirectory(root, "chromium-"), "--window-size=1280,860");
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    }

    @AfterClass
    public static void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (karaf != null) {
            List<ProcessHandle> children = new ArrayList<>(karaf.descendants().toList());
            karaf.destroy();
            children.forEach(ProcessHandle::destroy);
            if (!karaf.waitFor(30, TimeUnit.SECONDS)) {
                karaf.destroyForcibly();
            }
            for (ProcessHandle child : children) {
                child.onExit().get(30, TimeUnit.SECONDS);
            }
        }
    }

    private static void run(Path directory, String... command) throws Exception {
        Process process = new ProcessBuilder(command).directory(directory.toFile()).inheritIO().start();
        assertEquals(String.join(" ", command), 0, process.waitFor());
    }

    /** Sets {@code key = value} in a Karaf .cfg/.properties file, replacing the key's line if there is one. */
    private static void set(Path file, String key, String value) throws IOException {
        String text = Files.readString(file, StandardCharsets.ISO_8859_1);
        Matcher line = Pattern.compile("(?m)^" + Pattern.quote(key) + "\\s*=.*$").matcher(text);
        String entry = key + " = " + value;
        text = line.find() ? line.replaceFirst(Matcher.quoteReplacement(entry))
                : text + (text.endsWith("\n") ? "" : "\n") + entry + "\n";
        Files.writeString(file, text, StandardCharsets.ISO_8859_1);
    }

    private static String authorization(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static String api(String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/actionbridge/api/" + path))
                .header("Authorization", authorization(USER, PASSWORD)).timeout(Duration.ofSeconds(10)).build();
        return HTTP.send(request, BodyHandlers.ofString()).body();
    }

    /** The outside world calls the demo phone, through the emulator's control API. */
    private static void ring(String number, String name) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + DEVICE_ADDRESS + ":" + deviceHttpPort
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
        browser.get("http://" + USER + ":" + PASSWORD + "@127.0.0.1:" + httpPort + "/actionbridge/");
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
