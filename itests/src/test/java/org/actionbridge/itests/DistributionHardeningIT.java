package org.actionbridge.itests;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

import org.junit.After;
import org.junit.Test;

/**
 * The distribution as shipped, run as its own process from a fresh copy ({@link DistributionProcess}; the
 * copy moves ports only, and HTTP to loopback, keeping every shipped host setting): nobody can log in with
 * {@code karaf/karaf} over SSH, JMX or the JSON API (while the test's own administrator can: without that
 * control a broken SSH server would pass); every socket the JVM listens on is bound to a loopback address;
 * and a flood of slow clients that never finish their request does not keep a phone's event from being
 * accepted promptly.
 */
public class DistributionHardeningIT {

    private static final String USER = "hardening";
    private static final String PASSWORD = "Hardening-Secret-7";
    private static final String DEMO = "127.0.96.1";
    private static final String DEMO_MAC = "0c:38:3e:00:00:0a";
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final DistributionProcess karaf = new DistributionProcess(USER, PASSWORD, DEMO, "127.0.96.0/24",
            "it-hardening-");
    /** Far more than Jetty's threads: a connection that never finishes its request must not hold one. */
    private static final int SLOW_CLIENTS = 2_000;

    private final List<Socket> slow = new ArrayList<>();

    @After
    public void stop() throws Exception {
        for (Socket socket : slow) {
            socket.close();
        }
        karaf.close();
    }

    @Test
    public void noDefaultLoginOnlyLoopbackListenersAndSlowClientsDoNotStarvePhones() throws Exception {
        karaf.unpack();
        Path etc = karaf.home().resolve("etc");
        assertShippedUsersHaveNoLogin(etc.resolve("users.properties"));
        karaf.start();

        int sshPort = Integer.parseInt(DistributionProcess.get(etc.resolve("org.apache.karaf.shell.cfg"), "sshPort"));
        int rmiRegistryPort = Integer.parseInt(
                DistributionProcess.get(etc.resolve("org.apache.karaf.management.cfg"), "rmiRegistryPort"));
        int rmiServerPort = Integer.parseInt(
                DistributionProcess.get(etc.resolve("org.apache.karaf.management.cfg"), "rmiServerPort"));

        // every listening socket of the Karaf JVM, SSH, JMX and MQTT among them, is on loopback
        long pid = karaf.javaPid();
        Map<Integer, String> listening = listeningSockets(pid);
        assertTrue("SSH listens: " + listening, listening.containsKey(sshPort));
        assertTrue("the RMI registry listens: " + listening, listening.containsKey(rmiRegistryPort));
        assertTrue("the RMI server listens: " + listening, listening.containsKey(rmiServerPort));
        assertTrue("the MQTT broker listens: " + listening, listening.containsKey(karaf.mqttPort()));
        listening.forEach((port, address) -> assertTrue("port " + port + " of the Karaf JVM listens on " + address
                + ", not on loopback", address.startsWith("127.") || address.equals("::1")));

        // karaf/karaf: refused everywhere; the configured administrator gets in
        assertNotEquals("ssh karaf/karaf refused", 0, client(sshPort, "karaf", "karaf").exitCode());
        Client admin = client(sshPort, USER, PASSWORD);
        assertEquals(admin.output(), 0, admin.exitCode());
        assertTrue(admin.output(), admin.output().contains("org.actionbridge.core"));

        assertJmxLogin(rmiServerPort, rmiRegistryPort, "karaf", "karaf", false);
        assertJmxLogin(rmiServerPort, rmiRegistryPort, USER, PASSWORD, true);

        assertEquals(401, apiStatus("karaf", "karaf"));
        assertEquals(200, apiStatus(USER, PASSWORD));

        // slow clients from 127.0.97.x and 127.0.98.x, each sending a request's first bytes and then nothing
        for (int i = 0; i < SLOW_CLIENTS; i++) {
            Socket socket = new Socket();
            String source = "127.0." + (97 + i / 250 % 2) + "." + (1 + i % 250);
            socket.bind(new InetSocketAddress(InetAddress.getByName(source), 0));
            socket.connect(new InetSocketAddress("127.0.0.1", karaf.httpPort()), 5000);
            slow.add(socket);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + karaf.actionUrlPath() + "/dnd_enabled?mac=0c:38:3e:97:00:01 HTTP/1.1\r\nHost: x\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }
        long worst = 0;
        for (int i = 0; i < 20; i++) {
            long start = System.nanoTime();
            karaf.event(DEMO, DEMO_MAC, i % 2 == 0 ? "dnd_enabled" : "dnd_disabled", "&n=" + i);
            worst = Math.max(worst, System.nanoTime() - start);
        }
        assertTrue("a phone's event took " + worst / 1_000_000 + " ms during the slow-client flood",
                worst < TimeUnit.SECONDS.toNanos(2));
        await().atMost(WAIT).ignoreExceptions().until(() -> karaf.state("demo", "dnd").equals("OFF"));
        int stillOpen = 0;
        for (Socket socket : slow) {
            stillOpen += open(socket) ? 1 : 0;
        }
        System.out.println("DistributionHardeningIT: listening " + listening + "; karaf/karaf refused over SSH, JMX and"
                + " HTTP; 20 events during " + SLOW_CLIENTS + " slow clients, the slowest answered in "
                + worst / 1_000_000 + " ms ("
                + stillOpen + " slow connections still open)");
    }

    /** The shipped users.properties defines groups only: no line gives anyone a password. */
    private static void assertShippedUsersHaveNoLogin(Path users) throws IOException {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(users)) {
            properties.load(in);
        }
        for (String name : properties.stringPropertyNames()) {
            if (name.equals(USER)) {
                continue; // added by the test's copy
            }
            assertTrue("only groups are shipped, not user " + name, name.startsWith("_g_:"));
        }
    }

    private record Client(int exitCode, String output) {
    }

    /** Karaf's own SSH client in batch mode, one attempt. */
    private Client client(int port, String user, String password) throws Exception {
        Process process = new ProcessBuilder(karaf.home().resolve("bin/client").toString(), "-h", "127.0.0.1", "-a",
                String.valueOf(port), "-u", user, "-p", password, "-r", "1", "-b").redirectErrorStream(true).start();
        try (OutputStream in = process.getOutputStream()) {
            in.write("bundle:list -s\n".getBytes(StandardCharsets.UTF_8));
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("bin/client did not end: " + output);
        }
        return new Client(process.exitValue(), output);
    }

    private static void assertJmxLogin(int serverPort, int registryPort, String user, String password,
            boolean allowed) throws Exception {
        JMXServiceURL url = new JMXServiceURL("service:jmx:rmi://127.0.0.1:" + serverPort + "/jndi/rmi://127.0.0.1:"
                + registryPort + "/karaf-root");
        Map<String, Object> environment = new HashMap<>();
        environment.put(JMXConnector.CREDENTIALS, new String[] { user, password });
        try (JMXConnector connector = JMXConnectorFactory.connect(url, environment)) {
            int beans = connector.getMBeanServerConnection().getMBeanCount();
            assertTrue("JMX login " + user + " refused, but " + beans + " MBeans were readable", allowed);
        } catch (SecurityException e) {
            assertTrue("JMX login " + user + " accepted: " + e, !allowed);
        }
    }

    private int apiStatus(String user, String password) throws Exception {
        String credentials = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + karaf.httpPort() + "/actionbridge/api/things"))
                .header("Authorization", "Basic " + credentials).timeout(Duration.ofSeconds(10)).build(),
                BodyHandlers.discarding()).statusCode();
    }

    /** Port to local address of every TCP socket in LISTEN state that process {@code pid} holds. */
    private static Map<Integer, String> listeningSockets(long pid) throws IOException {
        Set<String> inodes = new HashSet<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            fds.forEach(fd -> {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring(8, target.length() - 1));
                    }
                } catch (IOException e) {
                    // closed meanwhile
                }
            });
        }
        Map<Integer, String> out = new HashMap<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            List<String> lines = Files.readAllLines(Path.of(table));
            for (String line : lines.subList(1, lines.size())) {
                String[] fields = line.trim().split("\\s+");
                if (fields[3].equals("0A") && inodes.contains(fields[9])) { // 0A: LISTEN
                    String[] local = fields[1].split(":");
                    out.put(Integer.parseInt(local[1], 16), address(local[0]));
                }
            }
        }
        return out;
    }

    /** A /proc/net address (little-endian 32-bit words) as text: 127.0.0.1, 0.0.0.0, ::, ::1. */
    static String address(String hex) {
        if (hex.length() == 8) {
            return Integer.parseInt(hex.substring(6, 8), 16) + "." + Integer.parseInt(hex.substring(4, 6), 16) + "."
                    + Integer.parseInt(hex.substring(2, 4), 16) + "." + Integer.parseInt(hex.substring(0, 2), 16);
        }
        if (hex.equals("00000000000000000000000000000000")) {
            return "::";
        }
        if (hex.equals("00000000000000000000000001000000")) {
            return "::1";
        }
        if (hex.startsWith("0000000000000000FFFF0000")) { // an IPv4-mapped address
            return address(hex.substring(24));
        }
        return "ipv6:" + hex;
    }

    private static boolean open(Socket socket) {
        try {
            socket.setSoTimeout(1);
            return socket.getInputStream().read() != -1;
        } catch (java.net.SocketTimeoutException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
