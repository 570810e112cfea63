package org.actionbridge.itests.faults;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
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
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.actionbridge.itests.RawHttp;
import org.actionbridge.itests.mqtt.MiniJson;
import org.actionbridge.itests.mqtt.TestClient;
import org.junit.After;
import org.junit.Test;

/**
 * Fault: Karaf killed with SIGKILL (kill -9) and started again. The ActionBridge distribution runs as a
 * separate process from a fresh copy, on free loopback ports, as an operator runs it. Before the kill:
 * a phone configured by an etc/ file, another approved from the discovery inbox (a configuration
 * written through Config Admin), a third left in the inbox, events that set retained MQTT states. After
 * the restart: the things and their configuration are back, the inbox entry is back, the retained
 * states on the embedded broker are what they were, and new events update them again.
 */
public class KarafKillFaultIT {

    private static final String VERSION = System.getProperty("project.version", "0.1.0-SNAPSHOT");
    private static final String USER = "faults";
    private static final String PASSWORD = "Kill-Test-Secret-1";
    private static final String DEMO = "127.0.89.1";
    private static final String PHONE = "127.0.89.11";
    private static final String PHONE_MAC = "0c383e89000b";
    private static final String UNKNOWN = "127.0.89.12";
    private static final String UNKNOWN_MAC = "0c383e89000c";
    private static final String APPROVED = "127.0.89.13";
    private static final String APPROVED_MAC = "0c383e89000d";
    private static final Duration START = Duration.ofSeconds(120);
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Path root;
    private Path home;
    private int httpPort;
    private int mqttPort;
    private Process karaf;
    private int starts;
    private final List<TestClient> clients = new ArrayList<>();

    @After
    public void stop() throws Exception {
        clients.forEach(TestClient::close);
        if (karaf != null) {
            List<ProcessHandle> children = new ArrayList<>(karaf.descendants().toList());
            karaf.destroy();
            children.forEach(ProcessHandle::destroy);
            if (!karaf.waitFor(30, TimeUnit.SECONDS)) {
                karaf.destroyForcibly();
                children.forEach(ProcessHandle::destroyForcibly);
            }
            for (ProcessHandle child : children) {
                child.onExit().get(30, TimeUnit.SECONDS);
            }
        }
    }

    private void unpack() throws Exception {
        Path archive = Paths.get(System.getProperty("maven.repo.local", System.getProperty("user.home") + "/.m2/repository"),
                "org", "actionbridge", "karaf-assembly", VERSION, "karaf-assembly-" + VERSION + ".tar.gz");
        assertTrue("the distribution is built first: " + archive, Files.isRegularFile(archive));
        root = Paths.get("target", "kill-karaf").toAbsolutePath();
        Files.createDirectories(root);
        Path unpack = Files.createTempDirectory(root, "run-");
        Process tar = new ProcessBuilder("tar", "xzf", archive.toString()).directory(unpack.toFile()).inheritIO().start();
        assertEquals(0, tar.waitFor());
        home = unpack.resolve("karaf-assembly-" + VERSION);

        httpPort = freePort();
        mqttPort = freePort();
        int deviceHttpPort = freePort();
        int deviceSipPort = freePort();
        Path etc = home.resolve("etc");
        set(etc.resolve("org.ops4j.pax.web.cfg"), "org.ops4j.pax.web.listening.addresses", "127.0.0.1");
        set(etc.resolve("org.apache.karaf.shell.cfg"), "sshPort", String.valueOf(freePort()));
        set(etc.resolve("org.apache.karaf.shell.cfg"), "sshHost", "127.0.0.1");
        set(etc.resolve("org.apache.karaf.management.cfg"), "rmiRegistryPort", String.valueOf(freePort()));
        set(etc.resolve("org.apache.karaf.management.cfg"), "rmiServerPort", String.valueOf(freePort()));
        set(etc.resolve("system.properties"), "actionbridge.mqtt.port", String.valueOf(mqttPort));
        set(etc.resolve("org.actionbridge.emulator-demo.cfg"), "bindAddress", DEMO);
        set(etc.resolve("org.actionbridge.emulator-demo.cfg"), "httpPort", String.valueOf(deviceHttpPort));
        set(etc.resolve("org.actionbridge.emulator-demo.cfg"), "sipPort", String.valueOf(deviceSipPort));
        set(etc.resolve("org.actionbridge.phone-demo.cfg"), "host", DEMO);
        set(etc.resolve("org.actionbridge.phone-demo.cfg"), "httpPort", String.valueOf(deviceHttpPort));
        set(etc.resolve("org.actionbridge.phone-demo.cfg"), "sipPort", String.valueOf(deviceSipPort));
        set(etc.resolve("users.properties"), USER, PASSWORD + ",_g_:admingroup");
        // the phones' LAN: unknown phones there land in the discovery inbox
        set(etc.resolve("org.actionbridge.actionurl.cfg"), "allowedSources", "127.0.89.0/24");
    }

    private void start() throws Exception {
        starts++;
        ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/karaf").toString(), "server").directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(root.resolve(home.getParent().getFileName() + ".log").toFile()));
        builder.environment().put("ACTIONBRIDGE_HTTP_PORT", String.valueOf(httpPort));
        builder.environment().remove("KARAF_NOROOT");
        karaf = builder.start();
        await().atMost(START).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> api("things/demo").contains("\"status\":\"ONLINE\""));
    }

    /** SIGKILL to the JVM: no shutdown hook, no bundle stops, no broker shutdown. */
    private void killMinus9() throws Exception {
        ProcessHandle jvm = karaf.descendants().filter(p -> p.info().command().orElse("").endsWith("java")).findFirst()
                .orElse(karaf.toHandle());
        Process kill = new ProcessBuilder("kill", "-9", String.valueOf(jvm.pid())).inheritIO().start();
        assertEquals(0, kill.waitFor());
        jvm.onExit().get(30, TimeUnit.SECONDS);
        assertTrue("bin/karaf ends with its JVM", karaf.waitFor(30, TimeUnit.SECONDS));
        karaf = null;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void set(Path file, String key, String value) throws IOException {
        String text = Files.readString(file, StandardCharsets.ISO_8859_1);
        Matcher line = Pattern.compile("(?m)^" + Pattern.quote(key) + "\\s*=.*$").matcher(text);
        String entry = key + " = " + value;
        text = line.find() ? line.replaceFirst(Matcher.quoteReplacement(entry))
                : text + (text.endsWith("\n") ? "" : "\n") + entry + "\n";
        Files.writeString(file, text, StandardCharsets.ISO_8859_1);
    }

    private static String get(Path file, String key) throws IOException {
        Matcher line = Pattern.compile("(?m)^" + Pattern.quote(key) + "\\s*=\\s*(.*)$")
                .matcher(Files.readString(file, StandardCharsets.ISO_8859_1));
        return line.find() ? line.group(1).trim() : "";
    }

    private String api(String path) throws Exception {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/actionbridge/api/" + path)));
    }

    private String post(String path, String json) throws Exception {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/actionbridge/api/" + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    private static String send(HttpRequest.Builder request) throws Exception {
        String credentials = Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        return HTTP.send(request.header("Authorization", "Basic " + credentials).timeout(Duration.ofSeconds(10)).build(),
                BodyHandlers.ofString()).body();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> thing(String id) throws Exception {
        return MiniJson.object(api("things/" + id));
    }

    @SuppressWarnings("unchecked")
    private String state(String id, String channel) throws Exception {
        Object states = thing(id).get("states");
        return states instanceof Map ? String.valueOf(((Map<String, Object>) states).get(channel)) : "";
    }

    /** Sends an Action URL from {@code source} as the phone would; the receiver must accept it. */
    private void event(String source, String mac, String event, String extra) throws Exception {
        String base = String.valueOf(MiniJson.object(api("things/demo/action-urls")).get("base"));
        String path = base.substring(base.indexOf("/actionurl/")) + "/" + event + "?mac=" + mac + "&ip=" + source + extra;
        RawHttp.Response response = RawHttp.get(source, httpPort, path);
        assertEquals(response.body(), 200, response.status());
    }

    private TestClient subscriber(String... filters) throws Exception {
        Path mqttCfg = home.resolve("etc/org.actionbridge.mqtt.cfg");
        String user = get(mqttCfg, "username");
        String password = get(mqttCfg, "password");
        assertTrue("bin/karaf generated the broker password", password.length() >= 16);
        TestClient client = await().atMost(WAIT).ignoreExceptions().until(() -> new TestClient("tcp://127.0.0.1:" + mqttPort,
                "it-kill-" + starts + "-" + clients.size(), user, password, false, filters), c -> c != null);
        clients.add(client);
        return client;
    }

    private Optional<Path> storedInbox() throws IOException {
        try (Stream<Path> files = Files.walk(home.resolve("data/cache"))) {
            return files.filter(p -> p.getFileName().toString().equals("discovery-inbox.properties")).findFirst();
        }
    }

    @Test
    public void thingsConfigurationInboxAndRetainedStatesSurviveKillMinus9() throws Exception {
        unpack();
        start();

        // a phone configured by an etc/ file, as an operator does; it reports in
        Files.writeString(home.resolve("etc/org.actionbridge.phone-kill1.cfg"), "type = phone\nhost = " + PHONE
                + "\nmac = " + PHONE_MAC + "\nusername = admin\npassword = Pa55word\ntransport = http\n");
        await().atMost(WAIT).ignoreExceptions().until(() -> PHONE.equals(thing("kill1").get("host")));
        event(PHONE, PHONE_MAC, "setup_completed", "&model=X6U&firmware=2.12.7");
        event(PHONE, PHONE_MAC, "registration_succeeded", "");
        event(PHONE, PHONE_MAC, "dnd_enabled", "");
        await().atMost(WAIT).ignoreExceptions().until(() -> state("kill1", "dnd").equals("ON"));

        // two unknown phones: one is approved (Config Admin writes its configuration), one stays in the inbox
        event(UNKNOWN, UNKNOWN_MAC, "setup_completed", "&model=X4U");
        event(APPROVED, APPROVED_MAC, "setup_completed", "&model=i20S");
        await().atMost(WAIT).until(() -> api("inbox").contains(APPROVED_MAC));
        post("inbox/" + APPROVED_MAC + "/approve", "{\"id\": \"kill3\"}");
        await().atMost(WAIT).ignoreExceptions().until(() -> "intercom".equals(thing("kill3").get("type")));

        TestClient before = subscriber("actionbridge/kill1/#");
        for (Map.Entry<String, String> retained : Map.of("dnd", "ON", "registration", "REGISTERED", "model", "X6U",
                "firmware", "2.12.7", "availability", "online").entrySet()) {
            await().atMost(WAIT).until(() -> before.last("actionbridge/kill1/" + retained.getKey()),
                    Optional.of(retained.getValue())::equals);
        }
        // the inbox reached its file (written shortly after each change)
        await().atMost(WAIT).until(() -> storedInbox().map(p -> {
            try {
                String text = Files.readString(p, StandardCharsets.ISO_8859_1);
                return text.contains(UNKNOWN_MAC) && !text.contains(APPROVED_MAC);
            } catch (IOException e) {
                return false;
            }
        }).orElse(false));
        before.close();

        long killedAt = System.nanoTime();
        killMinus9();
        start();
        long restartMs = (System.nanoTime() - killedAt) / 1_000_000L;

        // things and their configuration
        Map<String, Object> phone = thing("kill1");
        assertEquals(PHONE, phone.get("host"));
        assertEquals("http", phone.get("transport"));
        Map<String, Object> approved = thing("kill3");
        assertEquals(APPROVED, approved.get("host"));
        assertEquals("intercom", approved.get("type"));
        assertTrue(String.valueOf(approved.get("mac")).replace(":", "").equalsIgnoreCase(APPROVED_MAC));
        // the discovery inbox
        String inbox = api("inbox");
        assertTrue(inbox, inbox.contains(UNKNOWN_MAC) && inbox.contains("X4U") && inbox.contains(UNKNOWN));
        assertTrue("an approved phone does not come back to the inbox: " + inbox, !inbox.contains(APPROVED_MAC));

        // the retained states on the broker are those from before the kill, and the bridge is back
        TestClient after = subscriber("actionbridge/kill1/#", "actionbridge/bridge/availability");
        await().atMost(WAIT).until(() -> after.last("actionbridge/bridge/availability"), Optional.of("online")::equals);
        for (Map.Entry<String, String> retained : Map.of("dnd", "ON", "registration", "REGISTERED", "model", "X6U",
                "firmware", "2.12.7", "availability", "online").entrySet()) {
            await().atMost(WAIT).until(() -> after.last("actionbridge/kill1/" + retained.getKey()),
                    Optional.of(retained.getValue())::equals);
        }
        // and they follow the phone again
        event(PHONE, PHONE_MAC, "dnd_disabled", "");
        await().atMost(WAIT).until(() -> after.last("actionbridge/kill1/dnd"), Optional.of("OFF")::equals);
        await().atMost(WAIT).ignoreExceptions().until(() -> state("kill1", "dnd").equals("OFF"));
        TestClient late = subscriber("actionbridge/kill1/dnd");
        await().atMost(WAIT).until(() -> late.last("actionbridge/kill1/dnd"), Optional.of("OFF")::equals);
        System.out.println("KarafKillFaultIT: kill -9 to the demo phone ONLINE again in " + restartMs
                + " ms; things, configuration, inbox and retained states came back");
    }
}
