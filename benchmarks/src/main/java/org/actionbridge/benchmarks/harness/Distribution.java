package org.actionbridge.benchmarks.harness;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A copy of a Karaf distribution (ours or stock Karaf) in a scratch folder, with every port moved to a free
 * one and HTTP bound to 127.0.0.1, started with {@code bin/karaf server} and stopped by the pids this
 * process started, never by name.
 */
final class Distribution {

    final Path home;
    final int httpPort;
    /** The broker the bridge and the benchmark's clients use (the embedded one unless moved to another). */
    int mqttPort;
    private Process process;
    private long startedNanos;

    private Distribution(Path home, int httpPort, int mqttPort) {
        this.home = home;
        this.httpPort = httpPort;
        this.mqttPort = mqttPort;
    }

    /** Copies {@code source} (an unpacked distribution) to {@code target} and moves its ports. */
    static Distribution copy(Path source, Path target) throws IOException, InterruptedException {
        if (Files.exists(target)) {
            exec("rm", "-rf", target.toString());
        }
        Files.createDirectories(target.getParent());
        exec("cp", "-a", source.toString(), target.toString());
        Path etc = target.resolve("etc");
        Distribution d = new Distribution(target, freePort(), freePort());
        setProperty(etc.resolve("org.apache.karaf.shell.cfg"), "sshPort", String.valueOf(freePort()));
        setProperty(etc.resolve("org.apache.karaf.shell.cfg"), "sshHost", "127.0.0.1");
        setProperty(etc.resolve("org.apache.karaf.management.cfg"), "rmiRegistryPort", String.valueOf(freePort()));
        setProperty(etc.resolve("org.apache.karaf.management.cfg"), "rmiServerPort", String.valueOf(freePort()));
        setProperty(etc.resolve("org.apache.karaf.management.cfg"), "rmiRegistryHost", "127.0.0.1");
        setProperty(etc.resolve("org.apache.karaf.management.cfg"), "rmiServerHost", "127.0.0.1");
        Path web = etc.resolve("org.ops4j.pax.web.cfg");
        setProperty(web, "org.osgi.service.http.port", String.valueOf(d.httpPort));
        setProperty(web, "org.ops4j.pax.web.listening.addresses", "127.0.0.1");
        if (Files.exists(etc.resolve("artemis.xml"))) {
            setProperty(etc.resolve("system.properties"), "actionbridge.mqtt.port", String.valueOf(d.mqttPort));
        }
        // the default demo device listens on fixed ports of 127.0.0.10: not part of a benchmark run
        Files.deleteIfExists(etc.resolve("org.actionbridge.emulator-demo.cfg"));
        Files.deleteIfExists(etc.resolve("org.actionbridge.phone-demo.cfg"));
        return d;
    }

    void start(String maxHeap) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/karaf").toString(), "server")
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(home.resolve("console.log").toFile());
        builder.environment().put("ACTIONBRIDGE_HTTP_PORT", String.valueOf(httpPort));
        // BENCH_KARAF_OPTS: extra JVM options for a diagnosis (a JFR recording, say), never set by run.sh
        String extra = System.getenv().getOrDefault("BENCH_KARAF_OPTS", "");
        builder.environment().put("EXTRA_JAVA_OPTS", ("-Xmx" + maxHeap + " " + extra).trim());
        builder.environment().remove("JAVA_OPTS");
        startedNanos = System.nanoTime();
        process = builder.start();
    }

    long startedNanos() {
        return startedNanos;
    }

    /** Waits until {@code GET target} answers 200; returns the milliseconds since {@link #start}. */
    long awaitHttp(String target, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("Karaf in " + home + " exited; see its console.log and data/log/karaf.log");
            }
            try (RawHttp http = new RawHttp("127.0.0.1", "127.0.0.1", httpPort)) {
                if (http.get(target) == 200) {
                    return (System.nanoTime() - startedNanos) / 1_000_000L;
                }
            } catch (IOException e) {
                // not yet
            }
            sleep(100);
        }
        throw new IOException("no 200 from " + target + " within " + timeout + "; see " + home.resolve("data/log"));
    }

    /** Body of a probe answer ({@code /bench/...}), trimmed. */
    String probe(String name) throws IOException {
        java.net.HttpURLConnection c = (java.net.HttpURLConnection) new java.net.URL(
                "http://127.0.0.1:" + httpPort + "/bench/" + name).openConnection();
        c.setConnectTimeout(5000);
        c.setReadTimeout(120_000);
        try (var in = c.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        }
    }

    /** The Karaf JVM started under our {@code bin/karaf}. */
    Optional<ProcessHandle> jvm() {
        if (process == null) {
            return Optional.empty();
        }
        return process.descendants().filter(p -> p.info().command().map(c -> c.endsWith("java")).orElse(false))
                .findFirst();
    }

    /** Resident set size of the Karaf JVM in KiB (0 when unknown). */
    long rssKib() throws IOException {
        Optional<ProcessHandle> jvm = jvm();
        if (jvm.isEmpty()) {
            return 0;
        }
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(jvm.get().pid()), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return 0;
    }

    /** Stops the JVM we started (SIGTERM, then SIGKILL after 30 s) and the script around it. */
    void stop() {
        if (process == null) {
            return;
        }
        List<ProcessHandle> children = process.descendants().toList();
        for (ProcessHandle child : children) {
            child.destroy();
        }
        for (ProcessHandle child : children) {
            try {
                child.onExit().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                child.destroyForcibly();
            }
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    /** A key of an {@code etc/} properties file as Karaf reads it. */
    String etcValue(String file, String key) throws IOException {
        Properties p = new Properties();
        try (var in = Files.newBufferedReader(home.resolve("etc").resolve(file), StandardCharsets.UTF_8)) {
            p.load(in);
        }
        return p.getProperty(key, "").trim();
    }

    static void setProperty(Path file, String key, String value) throws IOException {
        String text = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        Pattern line = Pattern.compile("(?m)^\\s*" + Pattern.quote(key) + "\\s*=.*$");
        Matcher m = line.matcher(text);
        String replacement = Matcher.quoteReplacement(key + " = " + value);
        if (m.find()) {
            text = m.replaceAll(replacement);
        } else {
            text = text + (text.isEmpty() || text.endsWith("\n") ? "" : "\n") + key + " = " + value + "\n";
        }
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    /** Ports this run has handed out (or found taken). */
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    /**
     * A loopback TCP port free now and never handed out before in this run. Chosen at random below the
     * ephemeral range rather than by binding port 0: this kernel's bind(0) hands out the same one or two
     * ports again and again (a distribution once got one port for both HTTP and SSH).
     */
    static int freePort() throws IOException {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int attempt = 0; attempt < 500; attempt++) {
            int candidate = 20_000 + random.nextInt(12_000);
            if (!HANDED_OUT.add(candidate)) {
                continue;
            }
            try (ServerSocket s = new ServerSocket()) {
                s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), candidate));
                return candidate;
            } catch (IOException e) {
                // taken: try another
            }
        }
        throw new IOException("no free loopback TCP port found");
    }

    /** A port free on each of {@code addresses} at once (TCP). */
    static int freePortOn(List<String> addresses) throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int port = freePort();
            boolean free = true;
            for (String address : addresses) {
                try (ServerSocket s = new ServerSocket()) {
                    s.bind(new InetSocketAddress(address, port));
                } catch (IOException e) {
                    free = false;
                    break;
                }
            }
            if (free) {
                return port;
            }
        }
        throw new IOException("no port free on all of " + addresses);
    }

    static void exec(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).inheritIO().start();
        if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed");
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
