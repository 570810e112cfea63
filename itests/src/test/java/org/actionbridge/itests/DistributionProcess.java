package org.actionbridge.itests;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

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
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.actionbridge.core.ChannelDefinition;
import org.actionbridge.core.ChannelKind;
import org.actionbridge.core.Channels;
import org.actionbridge.core.ThingType;
import org.actionbridge.itests.mqtt.MiniJson;
import org.actionbridge.itests.mqtt.TestClient;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The ActionBridge distribution run as its own process, as an operator runs it ({@code bin/karaf
 * server}), from a fresh copy under {@code target/kill-karaf} on free loopback ports, so that it can be
 * killed with SIGKILL and started again. Its demo emulated phone listens on {@code demoAddress}; the
 * receiver allows {@code allowedSources} (the phones' LAN: unknown phones there land in the discovery
 * inbox); {@code user} is an admin of the JSON API. Also the test's clients of it: the JSON API, Action
 * URLs from a phone's address, MQTT subscribers on its embedded broker (closed with it).
 */
public final class DistributionProcess implements AutoCloseable {

    private static final String VERSION = System.getProperty("project.version", "0.1.0-SNAPSHOT");
    private static final Duration START = Duration.ofSeconds(120);
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String user;
    private final String password;
    private final String demoAddress;
    private final String allowedSources;
    private final String clientPrefix;
    private Path root;
    private Path home;
    private int httpPort;
    private int mqttPort;
    private int demoHttpPort;
    private Process karaf;
    private int starts;
    private final List<TestClient> clients = new ArrayList<>();

    public DistributionProcess(String user, String password, String demoAddress, String allowedSources, String clientPrefix) {
        this.user = user;
        this.password = password;
        this.demoAddress = demoAddress;
        this.allowedSources = allowedSources;
        this.clientPrefix = clientPrefix;
    }

    /** Unpacks a fresh copy of the distribution and points it at free ports. */
    public void unpack() throws Exception {
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
        demoHttpPort = freePort();
        int deviceSipPort = freePort();
        Path etc = home.resolve("etc");
        set(etc.resolve("org.ops4j.pax.web.cfg"), "org.ops4j.pax.web.listening.addresses", "127.0.0.1");
        set(etc.resolve("org.apache.karaf.shell.cfg"), "sshPort", String.valueOf(freePort()));
        set(etc.resolve("org.apache.karaf.management.cfg"), "rmiRegistryPort", String.valueOf(freePort()));
        set(etc.resolve("org.apache.karaf.management.cfg"), "rmiServerPort", String.valueOf(freePort()));
        set(etc.resolve("system.properties"), "actionbridge.mqtt.port", String.valueOf(mqttPort));
        set(etc.resolve("org.actionbridge.emulator-demo.cfg"), "bindAddress", demoAddress);
        set(etc.resolve("org.actionbridge.emulator-demo.cfg"), "httpPort", String.valueOf(demoHttpPort));
        set(etc.resolve("org.actionbridge.emulator-demo.cfg"), "sipPort", String.valueOf(deviceSipPort));
        set(etc.resolve("org.actionbridge.phone-demo.cfg"), "host", demoAddress);
        set(etc.resolve("org.actionbridge.phone-demo.cfg"), "httpPort", String.valueOf(demoHttpPort));
        set(etc.resolve("org.actionbridge.phone-demo.cfg"), "sipPort", String.valueOf(deviceSipPort));
        set(etc.resolve("users.properties"), user, password + ",_g_:admingroup");
        set(etc.resolve("org.actionbridge.actionurl.cfg"), "allowedSources", allowedSources);
    }

    public Path home() {
        return home;
    }

    public int httpPort() {
        return httpPort;
    }

    public int mqttPort() {
        return mqttPort;
    }

    /** The HTTP port of the demo emulated phone (Active URI and its {@code /emulator/} control API). */
    public int demoHttpPort() {
        return demoHttpPort;
    }

    /** The pid of the running Karaf JVM (bin/karaf's child). */
    public long javaPid() {
        return karaf.descendants().filter(p -> p.info().command().orElse("").endsWith("java")).findFirst()
                .orElse(karaf.toHandle()).pid();
    }

    /** Starts {@code bin/karaf server} and waits until the demo phone is ONLINE. */
    public void start() throws Exception {
        starts++;
        ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/karaf").toString(), "server").directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(root.resolve(home.getParent().getFileName() + ".log").toFile()));
        builder.environment().put("ACTIONBRIDGE_HTTP_PORT", String.valueOf(httpPort));
        builder.environment().remove("KARAF_NOROOT");
        karaf = builder.start();
        AtomicReference<String> lastAnswer = new AtomicReference<>("none");
        try {
            await().atMost(START).pollInterval(Duration.ofMillis(500)).until(() -> {
                try {
                    lastAnswer.set(api("things/demo"));
                } catch (IOException e) { // not listening yet
                    lastAnswer.set(e.toString());
                }
                return lastAnswer.get().contains("\"status\":\"ONLINE\"");
            });
        } catch (ConditionTimeoutException e) {
            // CI keeps only the test report: what went wrong must be in the message
            throw new AssertionError("the demo phone is not ONLINE " + START.toSeconds() + " s after start " + starts
                    + "; the API's last answer: " + lastAnswer.get() + "; " + threadDump()
                    + "; karaf.log, ActionBridge and warnings:\n"
                    + KarafLogOnFailure.excerpt(home.resolve("data/log/karaf.log")), e);
        }
    }

    /** Writes the Karaf JVM's threads next to its log (a blocked start shows there); says where. */
    private String threadDump() {
        Path dump = home.resolve("data/log/threads-" + starts + ".txt");
        try {
            Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    String.valueOf(javaPid()), "Thread.print").redirectErrorStream(true)
                    .redirectOutput(dump.toFile()).start();
            return jcmd.waitFor(30, TimeUnit.SECONDS) ? "threads in " + dump : "jcmd did not finish";
        } catch (IOException | RuntimeException e) {
            return "no thread dump (" + e + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "no thread dump (interrupted)";
        }
    }

    /** SIGKILL to the JVM: no shutdown hook, no bundle stops, no broker shutdown. */
    public void killMinus9() throws Exception {
        ProcessHandle jvm = ProcessHandle.of(javaPid()).orElseThrow();
        Process kill = new ProcessBuilder("kill", "-9", String.valueOf(jvm.pid())).inheritIO().start();
        assertEquals(0, kill.waitFor());
        jvm.onExit().get(30, TimeUnit.SECONDS);
        assertTrue("bin/karaf ends with its JVM", karaf.waitFor(30, TimeUnit.SECONDS));
        karaf = null;
    }

    /** Closes the MQTT clients, stops the distribution (SIGTERM, SIGKILL after 30 s). */
    @Override
    public void close() throws Exception {
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

    public static int freePort() {
        return KarafTestSupport.freePort();
    }

    /** Sets {@code key} in a .cfg or .properties file, as an operator edits it. */
    public static void set(Path file, String key, String value) throws IOException {
        String text = Files.readString(file, StandardCharsets.ISO_8859_1);
        Matcher line = Pattern.compile("(?m)^" + Pattern.quote(key) + "\\s*=.*$").matcher(text);
        String entry = key + " = " + value;
        text = line.find() ? line.replaceFirst(Matcher.quoteReplacement(entry))
                : text + (text.endsWith("\n") ? "" : "\n") + entry + "\n";
        Files.writeString(file, text, StandardCharsets.ISO_8859_1);
    }

    public static String get(Path file, String key) throws IOException {
        Matcher line = Pattern.compile("(?m)^" + Pattern.quote(key) + "\\s*=\\s*(.*)$")
                .matcher(Files.readString(file, StandardCharsets.ISO_8859_1));
        return line.find() ? line.group(1).trim() : "";
    }

    public String api(String path) throws Exception {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/actionbridge/api/" + path)));
    }

    public String post(String path, String json) throws Exception {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/actionbridge/api/" + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    private String send(HttpRequest.Builder request) throws Exception {
        String credentials = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return HTTP.send(request.header("Authorization", "Basic " + credentials).timeout(Duration.ofSeconds(10)).build(),
                BodyHandlers.ofString()).body();
    }

    public Map<String, Object> thing(String id) throws Exception {
        return MiniJson.object(api("things/" + id));
    }

    /** The channel states the JSON API reports for thing {@code id}. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> states(String id) throws Exception {
        Object states = thing(id).get("states");
        return states instanceof Map ? (Map<String, Object>) states : Map.of();
    }

    public String state(String id, String channel) throws Exception {
        return String.valueOf(states(id).get(channel));
    }

    /** What the JSON API reports for phone {@code id}: its channel states and its MQTT availability. */
    public Map<String, String> reportedStates(String id) throws Exception {
        Map<String, String> out = new TreeMap<>();
        states(id).forEach((channel, value) -> out.put(channel, String.valueOf(value)));
        out.put("availability", "OFFLINE".equals(thing(id).get("status")) ? "offline" : "online");
        return out;
    }

    /**
     * Phone {@code id}'s state topics (channels and availability) as the broker holds them, from what
     * {@code client} (subscribed to them) saw last; an empty retained message means none.
     */
    public static Map<String, String> retainedStates(TestClient client, String id) {
        String topic = "actionbridge/" + id + "/";
        Map<String, String> out = new TreeMap<>();
        for (ChannelDefinition channel : Channels.of(ThingType.PHONE).values()) {
            if (channel.kind() == ChannelKind.STATE) {
                client.last(topic + channel.id()).filter(v -> !v.isEmpty()).ifPresent(v -> out.put(channel.id(), v));
            }
        }
        client.last(topic + "availability").filter(v -> !v.isEmpty()).ifPresent(v -> out.put("availability", v));
        return out;
    }

    /** {@code /actionurl/{token}}, the path phones call, as the running distribution tells it. */
    public String actionUrlPath() throws Exception {
        String base = String.valueOf(MiniJson.object(api("things/demo/action-urls")).get("base"));
        return base.substring(base.indexOf("/actionurl/"));
    }

    /** Sends an Action URL from {@code source} as the phone would; the receiver must accept it. */
    public void event(String source, String mac, String event, String extra) throws Exception {
        String path = actionUrlPath() + "/" + event + "?mac=" + mac + "&ip=" + source + extra;
        RawHttp.Response response = RawHttp.get(source, httpPort, path);
        assertEquals(response.body(), 200, response.status());
    }

    /** A subscriber on the embedded broker, with the credentials bin/karaf generated for the bridge. */
    public TestClient subscriber(String... filters) throws Exception {
        Path mqttCfg = home.resolve("etc/org.actionbridge.mqtt.cfg");
        String mqttUser = get(mqttCfg, "username");
        String mqttPassword = get(mqttCfg, "password");
        assertTrue("bin/karaf generated the broker password", mqttPassword.length() >= 16);
        TestClient client = await().atMost(WAIT).ignoreExceptions().until(() -> new TestClient("tcp://127.0.0.1:" + mqttPort,
                clientPrefix + starts + "-" + clients.size(), mqttUser, mqttPassword, false, filters), c -> c != null);
        clients.add(client);
        return client;
    }

    /** The discovery inbox's file in the receiver bundle's data area, once written. */
    public Optional<Path> storedInbox() throws IOException {
        try (Stream<Path> files = Files.walk(home.resolve("data/cache"))) {
            return files.filter(p -> p.getFileName().toString().equals("discovery-inbox.properties")).findFirst();
        }
    }

    /** Whether the stored inbox holds {@code present} and none of {@code absent}. */
    public boolean storedInboxHolds(String present, String... absent) throws IOException {
        Optional<Path> file = storedInbox();
        if (file.isEmpty()) {
            return false;
        }
        String text = Files.readString(file.get(), StandardCharsets.ISO_8859_1);
        for (String mac : absent) {
            if (text.contains(mac)) {
                return false;
            }
        }
        return text.contains(present);
    }
}
