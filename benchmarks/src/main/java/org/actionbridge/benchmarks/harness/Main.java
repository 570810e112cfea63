package org.actionbridge.benchmarks.harness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.actionbridge.core.PhoneConfiguration;
import org.actionbridge.protocol.ActiveUriInstruction;
import org.actionbridge.sip.internal.BenchSipSender;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.common.MqttMessage;

/**
 * The benchmark command ({@code benchmarks/run.sh [quick|full] [names]}): starts copies of the distribution
 * on free ports, drives them from this JVM and prints, per benchmark, the absolute figures and the ratio
 * to a baseline measured in the same run. Names: receiver, e2e, e2e-mosquitto, command, sip, memory, scale, busy.
 */
public final class Main {

    private static final String TOKEN = "benchTOKEN0123456789abcdefABCDEF";
    private static final int RECEIVER_PHONES = 32;
    private static final int COMMAND_PHONES = 8;
    private static final int COMMANDS_IN_FLIGHT = 4;
    private static final long WARM_SLICE_MS = 3_000;

    private final boolean full;
    private final Path root;
    private final Path work;
    private final Report report;
    private long smallHeapBytes = -1;
    private int smallThings;

    private Main(boolean full, Path root) throws IOException {
        this.full = full;
        this.root = root;
        this.work = root.resolve("benchmarks/target/run");
        this.report = new Report(work.resolve("results.txt"));
    }

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "quick";
        if (!mode.equals("quick") && !mode.equals("full")) {
            System.err.println("usage: benchmarks/run.sh [quick|full] "
                    + "[receiver,e2e,e2e-mosquitto,command,sip,memory,scale,busy]");
            System.exit(2);
        }
        Set<String> names = new LinkedHashSet<>(args.length > 1 ? Arrays.asList(args[1].split(","))
                : List.of("receiver", "e2e", "e2e-mosquitto", "command", "sip", "memory", "scale", "busy"));
        Main main = new Main(mode.equals("full"), Path.of(System.getProperty("actionbridge.root", ".")));
        main.run(names);
        System.exit(0);
    }

    private void run(Set<String> names) throws Exception {
        report.line("# ActionBridge benchmarks, %s mode, %s", full ? "full" : "quick", java.time.Instant.now());
        report.line("# machine: %s cores, %s, Java %s, %s", Runtime.getRuntime().availableProcessors(),
                cpuModel(), System.getProperty("java.version"), osName());
        report.line("# load average at start: %s", loadAverage());
        boolean onMosquitto = "mosquitto".equals(System.getProperty("bench.broker"));
        if (names.contains("receiver") || names.contains("e2e") || names.contains("command")
                || names.contains("latency") || names.contains("mixconn")) {
            mainDistribution(names, onMosquitto, "[2 e2e]");
        }
        if (names.contains("e2e-mosquitto") && !(onMosquitto && names.contains("e2e"))) {
            // the same step against the broker most Home Assistant installations run, a distribution of its own
            mainDistribution(Set.of("e2e"), true, "[2 e2e mosquitto]");
        }
        if (names.contains("sip")) {
            sip();
        }
        if (names.contains("memory")) {
            memory();
        }
        if (names.contains("scale") || names.contains("busy")) {
            scale(names.contains("busy") && full);
        }
        report.line("# load average at end: %s; results also in %s", loadAverage(), work.resolve("results.txt"));
    }

    // ---------------------------------------------------------------- receiver, end to end, command path

    /** {@code e2eTag}: the prefix of the end-to-end step's lines, saying which broker they were measured on. */
    private void mainDistribution(Set<String> names, boolean onMosquitto, String e2eTag) throws Exception {
        Distribution d = Distribution.copy(assembly(), work.resolve("dist"));
        Path etc = d.home.resolve("etc");
        benchReceiverSettings(etc);
        for (int i = 1; i <= RECEIVER_PHONES; i++) {
            phoneConfig(etc, "bench-r" + i, "127.0.1." + i, 9, "0c:38:3e:01:00:" + hex(i));
        }
        List<String> commandHosts = new ArrayList<>();
        for (int i = 1; i <= COMMAND_PHONES; i++) {
            commandHosts.add("127.0.3." + i);
        }
        int emulatorPort = Distribution.freePortOn(commandHosts);
        for (int i = 1; i <= COMMAND_PHONES; i++) {
            String host = commandHosts.get(i - 1);
            Files.writeString(etc.resolve("org.actionbridge.emulator-bench-c" + i + ".cfg"),
                    "id = bench-c" + i + "\ntype = phone\nbindAddress = " + host + "\nhttpPort = " + emulatorPort
                            + "\nsipPort = " + emulatorPort + "\nsipTcp = false\nsipServer = none\nusername = admin\n"
                            + "password = admin\nmac = 0c:38:3e:03:00:" + hex(i) + "\n");
            phoneConfig(etc, "bench-c" + i, host, emulatorPort, "0c:38:3e:03:00:" + hex(i));
        }
        deployProbe(d);
        // -Dbench.broker=mosquitto (or the e2e-mosquitto step): the bridge and the benchmark's clients use
        // mosquitto instead of the embedded broker, as the README advises beyond a few hundred things
        Process mosquitto = null;
        if (onMosquitto) {
            mosquitto = startMosquitto(d, "main");
            if (mosquitto == null) {
                report.line("skipped %s: /usr/sbin/mosquitto (Debian package mosquitto) is missing",
                        names.equals(Set.of("e2e")) ? "e2e-mosquitto" : "-Dbench.broker=mosquitto");
                return;
            }
            report.line("the bridge and the benchmark's MQTT clients use mosquitto");
        }
        d.start("512m");
        try {
            long up = d.awaitHttp("/bench/bare", Duration.ofMinutes(3));
            int things = RECEIVER_PHONES + COMMAND_PHONES;
            awaitThings(d, things, Duration.ofMinutes(2));
            report.line("distribution up (HTTP 200) after %d ms; %d things ready after %d ms", up, things,
                    (System.nanoTime() - d.startedNanos()) / 1_000_000L);
            String password = d.etcValue("org.actionbridge.mqtt.cfg", "password");
            String token = d.etcValue("org.actionbridge.actionurl.cfg", "token");
            awaitMqtt(d, password);
            // the heap baseline of the scale step: idle, before any load fills buffers (the first distribution's)
            if (smallThings == 0) {
                smallHeapBytes = Long.parseLong(d.probe("heap"));
                smallThings = things;
            }
            if (names.contains("receiver")) {
                // the issue's receiver: parse, thing update, EventAdmin; the MQTT leg is measured by e2e
                setBridge(d, password, false);
                receiver(d, token, "MQTT bridge off");
                setBridge(d, password, true);
                receiver(d, token, "MQTT bridge on: the whole pipeline");
            }
            if (names.contains("e2e")) {
                endToEnd(d, token, password, e2eTag);
            }
            if (names.contains("latency")) {
                latencyOverTime(d, token, password);
            }
            if (names.contains("mixconn")) {
                mixConnections(d, password);
            }
            if (names.contains("command")) {
                command(d, password, commandHosts, emulatorPort);
            }
        } finally {
            d.stop();
            stop(mosquitto);
        }
    }

    /**
     * Starts mosquitto on a free loopback port and points the distribution's bridge and the benchmark's
     * clients at it; null when mosquitto is not installed.
     */
    private Process startMosquitto(Distribution d, String name) throws IOException {
        Path binary = Path.of("/usr/sbin/mosquitto");
        if (!Files.isExecutable(binary)) {
            return null;
        }
        int port = Distribution.freePort();
        Path conf = work.resolve("mosquitto-" + name + ".conf");
        Files.writeString(conf, "listener " + port + " 127.0.0.1\nallow_anonymous true\npersistence false\n"
                + "max_queued_messages 1000000\nmax_inflight_messages 0\nset_tcp_nodelay true\n");
        Process mosquitto = new ProcessBuilder(binary.toString(), "-c", conf.toString()).redirectErrorStream(true)
                .redirectOutput(work.resolve("mosquitto-" + name + ".log").toFile()).start();
        Distribution.setProperty(d.home.resolve("etc/org.actionbridge.mqtt.cfg"), "brokerUrl",
                "tcp://127.0.0.1:" + port);
        d.mqttPort = port;
        return mosquitto;
    }

    private static void stop(Process process) throws InterruptedException {
        if (process != null) {
            process.destroy();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Turns the MQTT bridge off or on through its etc file, as an operator would, and waits until it is. */
    private void setBridge(Distribution d, String password, boolean enabled) throws Exception {
        String expected = enabled ? "online" : "offline";
        String[] seen = { "" };
        try (Mqtt.TimingSubscriber sub = new Mqtt.TimingSubscriber(d.mqttPort, "actionbridge", password,
                "actionbridge/bridge/availability", 1, (topic, text) -> seen[0] = text)) {
            Distribution.setProperty(d.home.resolve("etc/org.actionbridge.mqtt.cfg"), "enabled",
                    String.valueOf(enabled));
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (!expected.equals(seen[0]) && System.nanoTime() < deadline) {
                Distribution.sleep(100);
            }
            if (!expected.equals(seen[0])) {
                throw new IllegalStateException("the MQTT bridge did not turn " + expected + " within 60 s");
            }
        }
        if (enabled) {
            awaitQuiet(d, password);
        }
    }

    private void receiver(Distribution d, String token, String setup) throws Exception {
        int workers = RECEIVER_PHONES;
        RawHttp[] connections = new RawHttp[workers];
        for (int w = 0; w < workers; w++) {
            connections[w] = new RawHttp("127.0.1." + (w + 1), "127.0.0.1", d.httpPort);
        }
        HttpLoad.Plan product = eventPlan(connections, token, w -> w + 1);
        HttpLoad.Plan bare = new HttpLoad.Plan() {
            @Override
            public RawHttp connection(int worker, long seq) {
                return connections[worker];
            }

            @Override
            public String target(int worker, long seq, long sendNanos) {
                // the same query as the product's, so that Jetty parses as much
                return "/bench/bare" + product.target(worker, seq, sendNanos).substring(
                        ("/actionurl/" + token + "/dnd_enabled").length() + (seq % 2 == 0 ? 0 : 1));
            }
        };
        long measure = full ? 15_000 : 6_000;
        int rounds = full ? 3 : 2;
        warmUp(d, "[1 receiver]", () -> {
            HttpLoad.run(workers, bare, 0, WARM_SLICE_MS, 0);
            HttpLoad.run(workers, product, 0, WARM_SLICE_MS, 0);
        });
        List<HttpLoad.Result> bareResults = new ArrayList<>();
        List<HttpLoad.Result> productResults = new ArrayList<>();
        long jitBefore = jitMillis(d);
        for (int r = 0; r < rounds; r++) {
            bareResults.add(HttpLoad.run(workers, bare, 0, 1_000, measure));
            productResults.add(HttpLoad.run(workers, product, 0, 1_000, measure));
        }
        long jitDuring = jitMillis(d) - jitBefore;
        for (RawHttp c : connections) {
            c.close();
        }
        double bareRate = meanRate(bareResults);
        double productRate = meanRate(productResults);
        double bareP99 = meanP99(bareResults);
        double productP99 = meanP99(productResults);
        report.line("[1 receiver] %s; %d keep-alive connections from %d phone addresses, closed loop, %d rounds x "
                + "%d s (JIT compiling during them: %d ms)", setup, workers, workers, rounds, measure / 1000,
                jitDuring);
        report.line("[1 receiver] bare servlet : %,.0f req/s, p50 %.2f ms, p99 %.2f ms, non-200 %s", bareRate,
                meanP50(bareResults), bareP99, statuses(bareResults));
        report.line("[1 receiver] Action URL   : %,.0f req/s, p50 %.2f ms, p99 %.2f ms, non-200 %s", productRate,
                meanP50(productResults), productP99, statuses(productResults));
        report.line("[1 receiver] ratio rate %.2f (target >= 0.70: %s); p99 ratio %.2f (target <= 2.0: %s)",
                productRate / bareRate, Report.verdict(productRate / bareRate >= 0.7), productP99 / bareP99,
                Report.verdict(productP99 / bareP99 <= 2.0));
    }

    /** Alternating dnd_enabled / dnd_disabled of phone {@code phoneOf(worker)}, carrying the send time. */
    private static HttpLoad.Plan eventPlan(RawHttp[] connections, String token,
            java.util.function.IntUnaryOperator phoneOf) {
        return new HttpLoad.Plan() {
            @Override
            public RawHttp connection(int worker, long seq) {
                return connections[worker];
            }

            @Override
            public String target(int worker, long seq, long sendNanos) {
                int phone = phoneOf.applyAsInt(worker);
                return "/actionurl/" + token + (seq % 2 == 0 ? "/dnd_enabled" : "/dnd_disabled") + "?mac=0c:38:3e:01:00:"
                        + hex(phone) + "&ip=127.0.1." + phone + "&model=X6U&firmware=2.12.0&memory_free=" + sendNanos;
            }
        };
    }

    private void endToEnd(Distribution d, String token, String password, String tag) throws Exception {
        long warm = full ? 10_000 : 4_000;
        long measure = full ? 15_000 : 6_000;
        int payload = 190;
        // both paths warmed up first (the JIT; KNOWN-TO-WORK.md: compare only after warm-up), at the lower rate
        awaitQuiet(d, password);
        e2eAtRate(d, token, password, 1_333, warm);
        awaitQuiet(d, password);
        rawAtRate(d, password, payload, 1_333, warm);
        // latency at fixed loads first (the busy hour's burst rate, and the 5,000/s of the scale target), each
        // against the raw Paho loop at the same rate; the bridge is drained before every step
        for (double rate : new double[] { 1_333, 5_000 }) {
            awaitQuiet(d, password);
            double[] product = e2eAtRate(d, token, password, rate, full ? 20_000 : 8_000);
            awaitQuiet(d, password);
            double[] raw = rawAtRate(d, password, payload, rate, full ? 20_000 : 8_000);
            report.line(tag + " at %,.0f/s: ActionBridge delivered %,.0f/s p50 %.2f ms p99 %.2f ms; raw Paho delivered"
                    + " %,.0f/s p50 %.2f ms p99 %.2f ms; p99 ratio %.2f%s", rate, product[0], product[1], product[2],
                    raw[0], raw[1], raw[2], product[2] / raw[2],
                    rate < 2_000 ? " (target p99 < 20 ms: " + Report.verdict(product[2] < 20) + ")" : "");
        }
        // saturation: as many events as the generator can push, counted at the subscriber, against the raw
        // loop; both warmed until the JIT settles, then alternating rounds, the median ratio
        warmUp(d, tag.replace("]", " saturation]"), () -> {
            awaitQuiet(d, password);
            productSaturation(d, token, password, WARM_SLICE_MS, 0, tag);
            awaitQuiet(d, password);
            rawSaturation(d, password, payload, WARM_SLICE_MS, 0);
        });
        int rounds = full ? 3 : 2;
        List<Double> ratios = new ArrayList<>();
        List<Double> products = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            awaitQuiet(d, password);
            double product = productSaturation(d, token, password, 1_000, measure, tag);
            awaitQuiet(d, password);
            double raw = rawSaturation(d, password, payload, 1_000, measure);
            ratios.add(product / raw);
            products.add(product);
            report.line(tag + " saturation round %d: raw Paho QoS 1, %d-byte payload, 500 in flight: %,.0f msg/s at "
                    + "the subscriber; ratio %.2f", round, payload, raw, product / raw);
        }
        double ratio = median(ratios);
        double productRate = median(products);
        report.line(tag + " saturation ratio %.2f, the median of %d rounds (target >= 0.50: %s)", ratio, rounds,
                Report.verdict(ratio >= 0.5));
        // not the issue's baseline but the broker's ceiling for what the bridge publishes per event: the event
        // and one retained state on a topic of its own, from one connection
        awaitQuiet(d, password);
        double mixRate;
        try (Mqtt.TimingSubscriber sub = new Mqtt.TimingSubscriber(d.mqttPort, "actionbridge", password,
                "benchmix/+/event", 1, null)) {
            MqttAsyncClient publisher = Mqtt.connect(d.mqttPort, "bench-mix-pub", "actionbridge", password);
            Mqtt.publishMixLoop(publisher, "benchmix", RECEIVER_PHONES, payload, 500, warm);
            Distribution.sleep(1_000);
            sub.recording = true;
            Mqtt.publishMixLoop(publisher, "benchmix", RECEIVER_PHONES, payload, 500, measure);
            sub.recording = false;
            mixRate = sub.received.sum() / (measure / 1000.0);
            publisher.disconnect().waitForCompletion(5_000);
            publisher.close();
        }
        report.line(tag + " (diagnostic) raw Paho with the bridge's mix, each event followed by a retained state of"
                + " its phone, QoS 1, 500 in flight: %,.0f events/s at the subscriber; ActionBridge at saturation is"
                + " %.2f of it", mixRate, productRate / mixRate);
    }

    /**
     * Diagnosis (name {@code latency}, not in the default set): 1,333 events/s for a warm-up and then 20 s,
     * the end-to-end latency printed per second of arrival, to tell a steady delay from stalls.
     */
    /** Events per second at the subscriber with the generator pushing all it can; logs the generator's side. */
    private double productSaturation(Distribution d, String token, String password, long warm, long measure,
            String tag) throws Exception {
        try (Mqtt.TimingSubscriber sub = new Mqtt.TimingSubscriber(d.mqttPort, "actionbridge", password,
                "actionbridge/+/event", 1, null)) {
            RawHttp[] connections = connections(RECEIVER_PHONES, d.httpPort);
            HttpLoad.Plan events = eventPlan(connections, token, w -> w + 1);
            // closed loop, but a connection answered 503 pauses 10 ms, as flow control: without it the
            // generator spends the shared cores on refused requests (the receiver asks for 1 s)
            HttpLoad.Plan plan = new HttpLoad.Plan() {
                @Override
                public RawHttp connection(int worker, long seq) {
                    return events.connection(worker, seq);
                }

                @Override
                public String target(int worker, long seq, long sendNanos) {
                    return events.target(worker, seq, sendNanos);
                }

                @Override
                public long pauseAfter503Millis() {
                    return 10;
                }
            };
            try {
                HttpLoad.run(RECEIVER_PHONES, plan, 0, warm, 0);
                if (measure == 0) {
                    return 0;
                }
                sub.recording = true;
                HttpLoad.Result sent = HttpLoad.run(RECEIVER_PHONES, plan, 0, 0, measure);
                sub.recording = false;
                double rate = sub.received.sum() / (measure / 1000.0);
                report.line(tag + " saturation (10 ms pause after a 503): generator %,.0f req/s accepted (non-200 "
                        + "%s); subscriber %,.0f events/s", sent.rate(), sent.statuses(), rate);
                return rate;
            } finally {
                closeAll(connections);
            }
        }
    }

    /** Messages per second at the subscriber from the raw Paho publish loop, 500 in flight. */
    private static double rawSaturation(Distribution d, String password, int payload, long warm, long measure)
            throws Exception {
        try (Mqtt.TimingSubscriber sub = new Mqtt.TimingSubscriber(d.mqttPort, "actionbridge", password,
                "benchraw/#", 1, null)) {
            MqttAsyncClient publisher = Mqtt.connect(d.mqttPort, "bench-raw-pub", "actionbridge", password);
            try {
                Mqtt.publishLoop(publisher, "benchraw/t", 1, payload, 500, warm, 0);
                if (measure == 0) {
                    return 0;
                }
                Distribution.sleep(1_000);
                sub.recording = true;
                Mqtt.publishLoop(publisher, "benchraw/t", 1, payload, 500, measure, 0);
                sub.recording = false;
                return sub.received.sum() / (measure / 1000.0);
            } finally {
                publisher.disconnect().waitForCompletion(5_000);
                publisher.close();
            }
        }
    }

    private void latencyOverTime(Distribution d, String token, String password) throws Exception {
        int seconds = 20;
        Histogram[] perSecond = new Histogram[seconds + 5];
        long[] max = new long[seconds + 5];
        for (int i = 0; i < perSecond.length; i++) {
            perSecond[i] = new Histogram();
        }
        long[] from = { Long.MAX_VALUE };
        try (Mqtt.TimingSubscriber sub = new Mqtt.TimingSubscriber(d.mqttPort, "actionbridge", password,
                "actionbridge/+/event", 1, (topic, text) -> {
                    long now = System.nanoTime();
                    if (now < from[0]) {
                        return;
                    }
                    Matcher m = Mqtt.SENT.matcher(text);
                    if (m.find()) {
                        int second = (int) Math.min(perSecond.length - 1, (now - from[0]) / 1_000_000_000L);
                        long latency = now - Long.parseLong(m.group(1));
                        perSecond[second].record(latency);
                        synchronized (max) {
                            max[second] = Math.max(max[second], latency);
                        }
                    }
                })) {
            RawHttp[] connections = connections(RECEIVER_PHONES, d.httpPort);
            HttpLoad.Plan plan = eventPlan(connections, token, w -> w + 1);
            double rate = Double.parseDouble(System.getProperty("bench.rate", "1333"));
            HttpLoad.run(RECEIVER_PHONES, plan, 1_333, 0, 10_000);
            from[0] = System.nanoTime();
            HttpLoad.Result http = HttpLoad.run(RECEIVER_PHONES, plan, rate, 0, seconds * 1000L);
            Distribution.sleep(2_000);
            closeAll(connections);
            for (int i = 0; i < seconds + 2; i++) {
                report.line("[latency] second %2d: %5d events, p50 %7.2f ms, p99 %7.2f ms, max %7.2f ms", i,
                        perSecond[i].count(), perSecond[i].percentileMillis(0.5), perSecond[i].percentileMillis(0.99),
                        max[i] / 1e6);
            }
            report.line("[latency] HTTP answers: p50 %.2f ms, p99 %.2f ms, %s", http.p50(), http.p99(), http.statuses());
        }
    }

    /** Diagnosis (name {@code mixconn}): the bridge's publication mix from one and from two connections, alternating. */
    private void mixConnections(Distribution d, String password) throws Exception {
        for (int round = 0; round < 3; round++) {
            for (int connections : new int[] { 1, 2, 4 }) {
                awaitQuiet(d, password);
                try (Mqtt.TimingSubscriber sub = new Mqtt.TimingSubscriber(d.mqttPort, "actionbridge", password,
                        "benchmix/+/+/event", 1, null)) {
                    List<Thread> threads = new ArrayList<>();
                    long[] recorded = new long[1];
                    for (int c = 0; c < connections; c++) {
                        int index = c;
                        MqttAsyncClient publisher = Mqtt.connect(d.mqttPort, "bench-mix-" + c, "actionbridge", password);
                        Thread t = new Thread(() -> {
                            try {
                                Mqtt.publishMixLoop(publisher, "benchmix/c" + index, 32 / connections, 190,
                                        500 / connections, 8_000);
                                publisher.disconnect().waitForCompletion(5_000);
                                publisher.close();
                            } catch (Exception e) {
                                throw new IllegalStateException(e);
                            }
                        });
                        threads.add(t);
                    }
                    threads.forEach(Thread::start);
                    Distribution.sleep(2_000);
                    sub.recording = true;
                    Distribution.sleep(6_000);
                    sub.recording = false;
                    for (Thread t : threads) {
                        t.join();
                    }
                    report.line("[mixconn] round %d, %d connection(s): %,.0f events/s (each with a retained state)", round,
                            connections, sub.received.sum() / 6.0);
                }
            }
        }
    }

    /** Waits (at most 3 minutes) until no event has reached MQTT for 3 s: the bridge's backlog is drained. */
    private void awaitQuiet(Distribution d, String password) throws Exception {
        awaitQuiet(d, password, "actionbridge/+/event");
    }

    /** Waits (at most 3 minutes) until nothing has come on {@code filter} for 3 s; returns the milliseconds taken. */
    private long awaitQuiet(Distribution d, String password, String filter) throws Exception {
        long[] last = { System.nanoTime() };
        LongAdder seen = new LongAdder();
        long start = System.nanoTime();
        try (Mqtt.TimingSubscriber sub = new Mqtt.TimingSubscriber(d.mqttPort, "actionbridge", password,
                filter, 1, (topic, text) -> {
                    last[0] = System.nanoTime();
                    seen.increment();
                })) {
            while (System.nanoTime() - last[0] < 3_000_000_000L && System.nanoTime() - start < 180_000_000_000L) {
                Distribution.sleep(200);
            }
        }
        long took = Math.max(0, (System.nanoTime() - start) / 1_000_000L - 3_000);
        if (seen.sum() > 0) {
            report.line("[drain] (drained a backlog of %,d messages on %s in %,d ms before the next step)", seen.sum(),
                    filter, took);
        }
        return took;
    }

    /** {delivered per second, p50 ms, p99 ms} of events sent at {@code rate} by 32 phones. */
    private double[] e2eAtRate(Distribution d, String token, String password, double rate, long measure)
            throws Exception {
        try (Mqtt.TimingSubscriber sub = new Mqtt.TimingSubscriber(d.mqttPort, "actionbridge", password,
                "actionbridge/+/event", 1, null)) {
            RawHttp[] connections = connections(RECEIVER_PHONES, d.httpPort);
            HttpLoad.Plan plan = eventPlan(connections, token, w -> w + 1);
            sub.recording = true;
            HttpLoad.run(RECEIVER_PHONES, plan, rate, 0, measure);
            Distribution.sleep(1_000);
            sub.recording = false;
            closeAll(connections);
            return new double[] { sub.received.sum() / (measure / 1000.0), sub.latency.percentileMillis(0.5),
                    sub.latency.percentileMillis(0.99) };
        }
    }

    private double[] rawAtRate(Distribution d, String password, int payload, double rate, long measure)
            throws Exception {
        try (Mqtt.TimingSubscriber sub = new Mqtt.TimingSubscriber(d.mqttPort, "actionbridge", password,
                "benchraw/#", 1, null)) {
            MqttAsyncClient publisher = Mqtt.connect(d.mqttPort, "bench-raw-pub", "actionbridge", password);
            sub.recording = true;
            Mqtt.publishLoop(publisher, "benchraw/t", 1, payload, 500, measure, rate);
            Distribution.sleep(1_000);
            sub.recording = false;
            publisher.disconnect().waitForCompletion(5_000);
            publisher.close();
            return new double[] { sub.received.sum() / (measure / 1000.0), sub.latency.percentileMillis(0.5),
                    sub.latency.percentileMillis(0.99) };
        }
    }

    private void command(Distribution d, String password, List<String> hosts, int port) throws Exception {
        long measure = full ? 8_000 : 5_000;
        int rounds = full ? 3 : 2;
        // baseline: a plain HTTP client sending the same Active URI requests the way the transport must: one at
        // a time per phone (a phone's commands stay in order, key sequences above all) and each over a fresh
        // connection (Connection: close, as the transport sends them to real phones). Its connections come
        // from 24 source addresses per phone: from one, the closed connections of a few seconds (TIME_WAIT,
        // 60 s) used up that address pair's ports, and connecting slowed to a crawl (a baseline of 373 req/s
        // after 5,122); 127.0.0.1, where the transport connects from, is left to the transport
        int sourcesPerPhone = 24;
        RawHttp[][] direct = new RawHttp[hosts.size()][sourcesPerPhone];
        for (int i = 0; i < direct.length; i++) {
            for (int k = 0; k < sourcesPerPhone; k++) {
                direct[i][k] = new RawHttp("127.0.5." + (1 + i * sourcesPerPhone + k), hosts.get(i), port, "admin",
                        "admin").closingEach();
            }
        }
        HttpLoad.Plan plain = new HttpLoad.Plan() {
            @Override
            public RawHttp connection(int worker, long seq) {
                return direct[worker][(int) (seq % sourcesPerPhone)];
            }

            @Override
            public String target(int worker, long seq, long sendNanos) {
                return "/cgi-bin/ConfigManApp.com?key=DND";
            }
        };
        // both paths warm (compiled) before either is measured, then measured in alternating rounds, so that
        // neither gets the quieter moments of a shared machine
        warmUp(d, "[3 command]", () -> {
            HttpLoad.run(direct.length, plain, 0, WARM_SLICE_MS, 0);
            mqttCommands(d, password, "actionbridge", hosts.size(), 1, WARM_SLICE_MS, 0);
        });
        List<Double> ratios = new ArrayList<>();
        List<Double> baselineRates = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            long jitBefore = jitMillis(d);
            HttpLoad.Result baseline = HttpLoad.run(direct.length, plain, 0, 0, measure);
            double[] mqtt = mqttCommands(d, password, "actionbridge", hosts.size(), 1, 1_000, measure);
            long jitDuring = jitMillis(d) - jitBefore;
            double ratio = mqtt[0] / baseline.rate();
            ratios.add(ratio);
            baselineRates.add(baseline.rate());
            report.line("[3 command] round %d: plain HTTP client (%d phones, one request at a time per phone, a "
                    + "fresh connection each): %,.0f req/s, p50 %.2f ms, p99 %.2f ms, non-200 %s", round,
                    hosts.size(), baseline.rate(), baseline.p50(), baseline.p99(), baseline.statuses());
            report.line("[3 command] round %d: MQTT key/set -> Active URI -> emulator (%d in flight per phone): "
                    + "%,.0f commands/s ok, %,.0f failed, p50 %.2f ms, p99 %.2f ms; ratio %.2f (JIT compiling "
                    + "during the round: %d ms)", round, COMMANDS_IN_FLIGHT, mqtt[0], mqtt[1], mqtt[2], mqtt[3], ratio,
                    jitDuring);
        }
        for (RawHttp[] phone : direct) {
            closeAll(phone);
        }
        double median = median(ratios);
        report.line("[3 command] ratio %.2f, the median of %d rounds (target >= 0.70: %s)", median, rounds,
                Report.verdict(median >= 0.7));
        double baselineRate = median(baselineRates);
        commandCeiling(d, password, hosts.size(), measure, baselineRate, median);
        // not the target's measure (the bridge's default is QoS 1), but what a Home Assistant user gets: its
        // MQTT buttons and switches publish commands at QoS 0, and a QoS 0 subscriber takes the results
        double[] qos0 = mqttCommands(d, password, "actionbridge", hosts.size(), 0, 1_000, measure);
        report.line("[3 command] (informative) set and result at QoS 0, as Home Assistant publishes commands: "
                + "%,.0f commands/s ok, %,.0f failed, p50 %.2f ms, p99 %.2f ms; %.2f of the plain client's median",
                qos0[0], qos0[1], qos0[2], qos0[3], qos0[0] / baselineRate);
    }

    /**
     * What the broker alone allows: the same closed loop of commands, answered by a client that publishes
     * the result the moment the command arrives (two QoS 1 hops through the broker, no ActionBridge, no
     * phone). On a CPU-bound machine the costs of the broker's hops and of the phone's HTTP exchange add
     * up, so no bridge on this broker can reach more than echo / (echo + baseline) of the baseline.
     */
    private void commandCeiling(Distribution d, String password, int phones, long measure, double baselineRate,
            double ratio) throws Exception {
        MqttAsyncClient[] answering = new MqttAsyncClient[1];
        // as long as a result of the bridge's: the hops carry as many bytes
        String padding = "x".repeat(120);
        try (Mqtt.TimingSubscriber echo = new Mqtt.TimingSubscriber(d.mqttPort, "actionbridge", password,
                "bench-echo/+/key/set", 1, (topic, text) -> {
                    String thing = topic.split("/")[1];
                    MqttMessage result = new MqttMessage(("{\"thing\":\"" + thing + "\",\"ok\":true,\"pad\":\""
                            + padding + "\"}").getBytes(StandardCharsets.UTF_8));
                    result.setQos(1);
                    try {
                        answering[0].publish("bench-echo/" + thing + "/command/result", result);
                    } catch (Exception e) {
                        // the requester's window times out and it sends the next
                    }
                })) {
            answering[0] = echo.client;
            double[] alone = mqttCommands(d, password, "bench-echo", phones, 1, WARM_SLICE_MS, measure);
            double ceiling = alone[0] / (alone[0] + baselineRate);
            report.line("[3 command] the broker alone (results published by an echo client the moment a command "
                    + "arrives): %,.0f commands/s, p50 %.2f ms; so no bridge on this broker reaches more than "
                    + "%.2f of the plain client here; ActionBridge reaches %.0f%% of that", alone[0], alone[2],
                    ceiling, 100 * ratio / ceiling);
        }
    }

    /** One slice of warm-up load: both sides of a comparison, a few seconds each. */
    private interface WarmSlice {
        void run() throws Exception;
    }

    /**
     * Repeats {@code slice} until the distribution's JIT has settled: a slice in which the compilers worked
     * less than 5% of its time, and at least two slices. On these 2 cores the one C2 thread takes over a
     * minute to compile the broker's, Karaf's and our hot code after a kind of load starts, and a round
     * measured meanwhile measures the warm-up of the side with more code, not its steady rate.
     */
    private void warmUp(Distribution d, String step, WarmSlice slice) throws Exception {
        long start = System.nanoTime();
        long limit = start + (full ? 240_000L : 120_000L) * 1_000_000L;
        int slices = 0;
        double share;
        do {
            long jit = jitMillis(d);
            long sliceStart = System.nanoTime();
            slice.run();
            slices++;
            share = (jitMillis(d) - jit) / ((System.nanoTime() - sliceStart) / 1e6);
        } while ((slices < 2 || share >= 0.05) && System.nanoTime() < limit);
        report.line("%s warm-up: %d s of load until the JIT settled (compiling %.0f%% of the last slice%s)", step,
                (System.nanoTime() - start) / 1_000_000_000L, share * 100,
                share >= 0.05 ? "; stopped at the limit, not settled" : "");
    }

    private static long jitMillis(Distribution d) throws IOException {
        return Long.parseLong(d.probe("jit"));
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static final Pattern RESULT = Pattern.compile("\"thing\":\"(bench-c\\d+)\".*?\"ok\":(true|false)");

    /**
     * {ok per second, failed per second, p50 ms, p99 ms}: closed loop, 4 commands in flight per phone, each
     * {@code set} published and its result subscribed at {@code qos}.
     */
    private double[] mqttCommands(Distribution d, String password, String base, int phones, int qos, long warm,
            long measure) throws Exception {
        Map<String, Semaphore> windows = new ConcurrentHashMap<>();
        Map<String, ConcurrentLinkedQueue<Long>> sent = new ConcurrentHashMap<>();
        Histogram latency = new Histogram();
        LongAdder ok = new LongAdder();
        LongAdder failed = new LongAdder();
        boolean[] recording = new boolean[1];
        for (int i = 1; i <= phones; i++) {
            windows.put("bench-c" + i, new Semaphore(COMMANDS_IN_FLIGHT));
            sent.put("bench-c" + i, new ConcurrentLinkedQueue<>());
        }
        try (Mqtt.TimingSubscriber sub = new Mqtt.TimingSubscriber(d.mqttPort, "actionbridge", password,
                base + "/+/command/result", qos, (topic, text) -> {
                    Matcher m = RESULT.matcher(text);
                    if (!m.find() || !windows.containsKey(m.group(1))) {
                        return;
                    }
                    Long at = sent.get(m.group(1)).poll();
                    if (recording[0]) {
                        if (m.group(2).equals("true")) {
                            ok.increment();
                            if (at != null) {
                                latency.record(System.nanoTime() - at);
                            }
                        } else {
                            failed.increment();
                        }
                    }
                    windows.get(m.group(1)).release();
                })) {
            MqttAsyncClient publisher = Mqtt.connect(d.mqttPort, "bench-cmd-pub", "actionbridge", password);
            long start = System.nanoTime();
            long measureFrom = start + warm * 1_000_000L;
            long end = measureFrom + measure * 1_000_000L;
            List<Thread> threads = new ArrayList<>();
            for (int i = 1; i <= phones; i++) {
                String thing = "bench-c" + i;
                Thread t = new Thread(() -> {
                    while (System.nanoTime() < end) {
                        try {
                            if (!windows.get(thing).tryAcquire(2, TimeUnit.SECONDS)) {
                                continue;
                            }
                            sent.get(thing).add(System.nanoTime());
                            MqttMessage message = new MqttMessage("DND".getBytes(StandardCharsets.UTF_8));
                            message.setQos(qos);
                            publisher.publish(base + "/" + thing + "/key/set", message);
                        } catch (Exception e) {
                            windows.get(thing).release();
                        }
                    }
                }, "bench-cmd-" + i);
                t.setDaemon(true);
                threads.add(t);
                t.start();
            }
            while (System.nanoTime() < measureFrom) {
                Distribution.sleep(50);
            }
            recording[0] = true;
            while (System.nanoTime() < end) {
                Distribution.sleep(50);
            }
            recording[0] = false;
            for (Thread t : threads) {
                t.join(10_000);
            }
            Distribution.sleep(2_000);
            publisher.disconnect().waitForCompletion(5_000);
            publisher.close();
        }
        double seconds = measure / 1000.0;
        return new double[] { ok.sum() / seconds, failed.sum() / seconds, latency.percentileMillis(0.5),
                latency.percentileMillis(0.99) };
    }

    // ---------------------------------------------------------------- SIP NOTIFY

    private void sip() throws Exception {
        Path sipp = Path.of("/usr/bin/sipp");
        if (!Files.isExecutable(sipp)) {
            report.line("[4 sip] skipped: /usr/bin/sipp is missing (Debian package sip-tester)");
            return;
        }
        Path scenarios = work.resolve("sipp");
        Files.createDirectories(scenarios);
        for (String name : List.of("uas-200", "uas-digest", "uac-notify", "uac-notify-digest")) {
            try (var in = Main.class.getResourceAsStream("/sipp/" + name + ".xml")) {
                Files.write(scenarios.resolve(name + ".xml"), in.readAllBytes());
            }
        }
        long measure = full ? 15_000 : 6_000;
        int lanes = 32;
        for (boolean digest : new boolean[] { false, true }) {
            int uasPort = Distribution.freePort();
            Process uas = new ProcessBuilder(sipp.toString(), "-sf", scenarios.resolve(digest ? "uas-digest.xml"
                    : "uas-200.xml").toString(), "-i", "127.0.4.1", "-p", String.valueOf(uasPort), "-t", "u1",
                    "-nostdin", "-timeout", "600s", "-max_recv_loops", "10000").redirectErrorStream(true)
                    .redirectOutput(work.resolve("sipp-uas.log").toFile()).start();
            try {
                Distribution.sleep(1_000);
                double ours = ourNotifies(lanes, uasPort, digest, full ? 5_000 : 2_000);
                ours = ourNotifies(lanes, uasPort, digest, measure);
                double theirs = sippNotifies(sipp, scenarios, uasPort, digest, lanes, (long) (ours * measure / 1000));
                report.line("[4 sip%s] %d concurrent transactions, UDP, sipp UAS: ActionBridge sender %,.0f NOTIFY/s; "
                        + "sipp UAC %,.0f NOTIFY/s; ratio %.2f", digest ? " digest" : "", lanes, ours, theirs,
                        ours / theirs);
            } finally {
                uas.destroy();
                if (!uas.waitFor(5, TimeUnit.SECONDS)) {
                    uas.destroyForcibly();
                }
            }
        }
    }

    private double ourNotifies(int lanes, int uasPort, boolean digest, long millis) throws Exception {
        ActiveUriInstruction instruction = ActiveUriInstruction.parseQuery("key=SPEAKER;0000;ENTER");
        LongAdder ok = new LongAdder();
        LongAdder failed = new LongAdder();
        try (BenchSipSender sender = new BenchSipSender("127.0.4.2", digest ? "notify" : "", digest ? "s3cret" : "")) {
            long end = System.nanoTime() + millis * 1_000_000L;
            List<Thread> threads = new ArrayList<>();
            for (int lane = 0; lane < lanes; lane++) {
                PhoneConfiguration phone = BenchSipSender.phone("sip-" + lane, "127.0.4.1", uasPort);
                Thread t = new Thread(() -> {
                    while (System.nanoTime() < end) {
                        try {
                            if (sender.send(phone, instruction)) {
                                ok.increment();
                            } else {
                                failed.increment();
                            }
                        } catch (Exception e) {
                            failed.increment();
                        }
                    }
                });
                t.setDaemon(true);
                threads.add(t);
                t.start();
            }
            for (Thread t : threads) {
                t.join(millis + 60_000);
            }
        }
        if (failed.sum() > 0) {
            report.line("[4 sip] ActionBridge sender: %d NOTIFYs failed", failed.sum());
        }
        return ok.sum() / (millis / 1000.0);
    }

    private double sippNotifies(Path sipp, Path scenarios, int uasPort, boolean digest, int lanes, long calls)
            throws Exception {
        calls = Math.max(1_000, calls);
        long start = System.nanoTime();
        Process uac = new ProcessBuilder(sipp.toString(), "127.0.4.1:" + uasPort, "-sf",
                scenarios.resolve(digest ? "uac-notify-digest.xml" : "uac-notify.xml").toString(), "-i", "127.0.4.3",
                "-p", String.valueOf(Distribution.freePort()), "-t", "u1", "-m", String.valueOf(calls), "-l",
                String.valueOf(lanes), "-r", "100000", "-nostdin", "-timeout", "300s", "-timeout_error")
                .redirectErrorStream(true).redirectOutput(work.resolve("sipp-uac.log").toFile()).start();
        if (!uac.waitFor(320, TimeUnit.SECONDS)) {
            uac.destroyForcibly();
            throw new IOException("sipp UAC did not finish; see " + work.resolve("sipp-uac.log"));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (uac.exitValue() != 0) {
            report.line("[4 sip] sipp UAC exit status %d (some calls failed); see %s", uac.exitValue(),
                    work.resolve("sipp-uac.log"));
        }
        return calls / seconds;
    }

    // ---------------------------------------------------------------- memory, scale, busy hour

    /** Starts {@code d} with the probe and 512 MB, lets it settle idle, stops it: {ms until HTTP, RSS KiB}. */
    private long[] idle(Distribution d, long settleMillis) throws IOException, InterruptedException {
        deployProbe(d);
        d.start("512m");
        try {
            long up = d.awaitHttp("/bench/bare", Duration.ofMinutes(3));
            Distribution.sleep(settleMillis);
            return new long[] { up, d.rssKib() };
        } finally {
            d.stop();
        }
    }

    private void memory() throws Exception {
        long settle = full ? 30_000 : 12_000;
        Distribution ours = Distribution.copy(assembly(), work.resolve("dist-default"));
        long[] oursIdle = idle(ours, settle);
        long oursUp = oursIdle[0];
        long oursRss = oursIdle[1];
        Path stockTar = Path.of(System.getProperty("user.home"),
                ".m2/repository/org/apache/karaf/apache-karaf/4.4.10/apache-karaf-4.4.10.tar.gz");
        if (!Files.exists(stockTar)) {
            report.line("[5 memory] stock Karaf missing (%s): run mvn install once (itests fetch it)", stockTar);
            return;
        }
        Path unpacked = work.resolve("stock-unpacked");
        if (!Files.exists(unpacked.resolve("apache-karaf-4.4.10"))) {
            Files.createDirectories(unpacked);
            Distribution.exec("tar", "-xzf", stockTar.toString(), "-C", unpacked.toString());
        }
        Distribution stock = Distribution.copy(unpacked.resolve("apache-karaf-4.4.10"), work.resolve("stock"));
        long[] stockIdle = idle(stock, settle);
        long stockUp = stockIdle[0];
        long stockRss = stockIdle[1];
        report.line("[5 memory] idle RSS after %d s, -Xmx512m both: ActionBridge distribution (embedded broker, "
                + "no phones) %,d KiB, up in %d ms; stock Karaf 4.4.10 + http %,d KiB, up in %d ms", settle / 1000,
                oursRss, oursUp, stockRss, stockUp);
        report.line("[5 memory] RSS ratio %.2f (target < 1.5: %s)", (double) oursRss / stockRss,
                Report.verdict((double) oursRss / stockRss < 1.5));
    }

    private void scale(boolean busyHour) throws Exception {
        int phones = full ? 5_000 : 1_000;
        Distribution d = Distribution.copy(assembly(), work.resolve("dist-scale"));
        Path etc = d.home.resolve("etc");
        benchReceiverSettings(etc);
        for (int i = 0; i < phones; i++) {
            phoneConfig(etc, "bench-s" + i, scaleHost(i), 9, scaleMac(i));
        }
        deployProbe(d);
        // the embedded broker (Artemis) keeps a queue per retained topic, about 26 a thing with Home Assistant
        // discovery (docs/performance.md). Beyond a few hundred things the bridge uses mosquitto, as the README
        // advises; -Dbench.embeddedUpTo moves the limit, to measure the embedded broker itself
        boolean large = phones > Integer.getInteger("bench.embeddedUpTo", 300);
        Process mosquitto = null;
        if (large) {
            mosquitto = startMosquitto(d, "scale");
            if (mosquitto == null) {
                report.line("[5 scale] skipped: %,d things need another broker than the embedded one, and "
                        + "/usr/sbin/mosquitto (Debian package mosquitto) is missing", phones);
                return;
            }
        }
        try {
            scaleOn(d, phones, large, busyHour);
        } finally {
            stop(mosquitto);
        }
    }

    private void scaleOn(Distribution d, int phones, boolean large, boolean busyHour) throws Exception {
        d.start("512m");
        try {
            long up = d.awaitHttp("/bench/bare", Duration.ofMinutes(5));
            long ready = awaitThings(d, phones, Duration.ofMinutes(10));
            report.line("[5 scale] (-Xmx%s) %,d phone things: HTTP up after %,d ms, all %,d things ready (UNKNOWN, configured) "
                    + "after %,d ms", large ? "512m, bridge on mosquitto" : "512m, embedded broker", phones, up, phones, ready);
            String password = d.etcValue("org.actionbridge.mqtt.cfg", "password");
            String token = d.etcValue("org.actionbridge.actionurl.cfg", "token");
            awaitMqtt(d, password);
            // every phone reports once, from its own address: all ONLINE
            long t0 = System.nanoTime();
            Map<Integer, RawHttp> perPhone = new ConcurrentHashMap<>();
            int workers = 64;
            HttpLoad.Plan once = scalePlan(d, token, phones, workers, perPhone, "registration_succeeded");
            HttpLoad.run(workers, once, phones / 2.0, 0, 2_000);
            long online = awaitOnline(d, phones, Duration.ofMinutes(5));
            report.line("[5 scale] one registration_succeeded from each of %,d addresses (500 ms per batch): all "
                    + "ONLINE %,d ms after the first", phones, (System.nanoTime() - t0) / 1_000_000L);
            long heap = Long.parseLong(d.probe("heap"));
            report.line("[5 scale] heap used after GC: %,d KiB with %,d things%s", heap / 1024, phones,
                    smallHeapBytes > 0 ? String.format(", %,d KiB with %d things: about %,d bytes per thing",
                            smallHeapBytes / 1024, smallThings, (heap - smallHeapBytes) / (phones - smallThings))
                            : "");
            report.line("[5 scale] RSS with %,d things: %,d KiB", phones, d.rssKib());
            // the bridge first publishes every thing's availability, states and discovery (about 26 retained
            // topics a thing): the sustained step starts once that is through
            long flushed = awaitQuiet(d, password, "#");
            report.line("[5 scale] startup publications (availability, states, discovery of %,d things) through "
                    + "after %,d ms more", phones, flushed);
            // sustained: 5,000 events/s spread over every phone, measured at the MQTT subscriber
            try (Mqtt.TimingSubscriber sub = new Mqtt.TimingSubscriber(d.mqttPort, "actionbridge", password,
                    "actionbridge/+/event", 1, null)) {
                HttpLoad.Plan events = scalePlan(d, token, phones, workers, perPhone, null);
                // the same load until the JIT settles: on a distribution just started, the compilers took a
                // seventh of the machine during the measurement and its p99 measured that
                warmUp(d, "[5 scale]", () -> HttpLoad.run(workers, events, 5_000, WARM_SLICE_MS, 0));
                awaitQuiet(d, password, "actionbridge/+/event");
                long measure = full ? 30_000 : 10_000;
                sub.recording = true;
                HttpLoad.Result sent = HttpLoad.run(workers, events, 5_000, 0, measure);
                Distribution.sleep(1_000);
                sub.recording = false;
                double delivered = sub.received.sum() / (measure / 1000.0);
                double p99 = sub.latency.percentileMillis(0.99);
                report.line("[5 scale] sustained 5,000 events/s over %,d phone addresses for %d s: accepted %,.0f/s "
                        + "(non-200 %s, HTTP p99 %.2f ms); delivered to MQTT %,.0f/s, p50 %.2f ms, p99 %.2f ms "
                        + "(target >= 5,000/s with p99 < 50 ms: %s)", phones, measure / 1000, sent.rate(),
                        sent.statuses(), sent.p99(), delivered, sub.latency.percentileMillis(0.5), p99,
                        Report.verdict(delivered >= 4_950 && p99 < 50));
                if (busyHour) {
                    busyHour(d, sub, events, workers);
                }
            }
            perPhone.values().forEach(RawHttp::close);
        } finally {
            d.stop();
        }
    }

    /** 5,000 phones x 16 calls/h x 6 events: 133/s on average, as 57 s at 70/s and 3 s bursts at 1,333/s. */
    private void busyHour(Distribution d, Mqtt.TimingSubscriber sub, HttpLoad.Plan events, int workers)
            throws Exception {
        String password = d.etcValue("org.actionbridge.mqtt.cfg", "password");
        awaitQuiet(d, password); // the sustained step's backlog is not the busy hour's
        long heapBefore = Long.parseLong(d.probe("heap"));
        int threadsBefore = Integer.parseInt(d.probe("threads"));
        sub.received.reset();
        sub.latency.reset();
        sub.recording = true;
        Histogram all = sub.latency;
        long sent = 0;
        long errors = 0;
        double worstBurstP99 = 0;
        for (int minute = 0; minute < 10; minute++) {
            HttpLoad.Result calm = HttpLoad.run(workers, events, 70, 0, 57_000);
            HttpLoad.Result burst = HttpLoad.run(workers, events, 1_333, 0, 3_000);
            sent += calm.ok() + burst.ok();
            errors += calm.failed() + burst.failed();
            worstBurstP99 = Math.max(worstBurstP99, burst.p99());
        }
        Distribution.sleep(2_000);
        long heapAfter = Long.parseLong(d.probe("heap"));
        int threadsAfter = Integer.parseInt(d.probe("threads"));
        report.line("[6 busy hour] 10 min, 5,000 phones: %,d events accepted, %,d refused or failed; delivered %,d; "
                + "e2e p99 %.2f ms, worst burst HTTP p99 %.2f ms; heap after GC %,d -> "
                + "%,d KiB; threads %d -> %d (target: no errors, no heap growth: %s)", sent, errors,
                sub.received.sum(), all.percentileMillis(0.99), worstBurstP99, heapBefore / 1024, heapAfter / 1024,
                threadsBefore, threadsAfter, Report.verdict(errors == 0 && heapAfter < heapBefore * 1.2 + 8_000_000));
    }

    private HttpLoad.Plan scalePlan(Distribution d, String token, int phones, int workers,
            Map<Integer, RawHttp> perPhone, String fixedEvent) {
        return new HttpLoad.Plan() {
            private int phone(int worker, long seq) {
                return (int) ((seq * workers + worker) % phones);
            }

            @Override
            public RawHttp connection(int worker, long seq) {
                return perPhone.computeIfAbsent(phone(worker, seq),
                        p -> new RawHttp(scaleHost(p), "127.0.0.1", d.httpPort));
            }

            @Override
            public String target(int worker, long seq, long sendNanos) {
                int p = phone(worker, seq);
                String event = fixedEvent != null ? fixedEvent : (seq / 7) % 2 == 0 ? "dnd_enabled" : "dnd_disabled";
                return "/actionurl/" + token + "/" + event + "?mac=" + scaleMac(p) + "&ip=" + scaleHost(p)
                        + "&model=X6U&firmware=2.12.0&memory_free=" + sendNanos;
            }
        };
    }

    // ---------------------------------------------------------------- helpers

    private Path assembly() throws IOException {
        Path assembly = root.resolve("karaf-assembly/target/assembly");
        if (!Files.isDirectory(assembly.resolve("bin"))) {
            throw new IOException(assembly + " is missing: run mvn -DskipTests install first (run.sh does)");
        }
        return assembly;
    }

    /**
     * Adds the probe bundle (and Karaf's http features) as a boot feature of {@code d}: installed in the same
     * resolution as the rest, not hot-deployed into a booting container.
     */
    private void deployProbe(Distribution d) throws IOException {
        Path probe = root.resolve("benchmarks/target/benchmarks-probe.jar").toAbsolutePath();
        Path repository = d.home.resolve("etc/bench-probe-features.xml");
        Files.writeString(repository, "<features xmlns=\"http://karaf.apache.org/xmlns/features/v1.6.0\" "
                + "name=\"bench-probe\">\n  <feature name=\"bench-probe\" version=\"1.0.0\"><feature>http</feature>"
                + "<feature>http-whiteboard</feature><bundle>file:" + probe + "</bundle></feature>\n</features>\n");
        Path cfg = d.home.resolve("etc/org.apache.karaf.features.cfg");
        String text = Files.readString(cfg, StandardCharsets.UTF_8);
        text = text.replaceFirst("(?m)^featuresRepositories\\s*=\\s*\\\\\n",
                "featuresRepositories = \\\\\n    " + repository.toUri().toString().replace("\\", "/") + ", \\\\\n");
        text = text.replaceFirst("(?m)^featuresBoot\\s*=\\s*\\\\\n", "featuresBoot = \\\\\n    bench-probe, \\\\\n");
        if (!text.contains("bench-probe, ")) {
            throw new IOException("could not add the probe feature to " + cfg);
        }
        Files.writeString(cfg, text, StandardCharsets.UTF_8);
    }

    private static void benchReceiverSettings(Path etc) throws IOException {
        Path receiver = etc.resolve("org.actionbridge.actionurl.cfg");
        Distribution.setProperty(receiver, "token", TOKEN);
        // no liveness probes of the (non-existent) web servers of spoofed phones during a run
        Distribution.setProperty(receiver, "silenceTimeoutSeconds", "86400");
    }

    private static void phoneConfig(Path etc, String id, String host, int httpPort, String mac) throws IOException {
        Files.writeString(etc.resolve("org.actionbridge.phone-" + id + ".cfg"), "type = phone\nhost = " + host
                + "\nhttpPort = " + httpPort + "\nmac = " + mac + "\nusername = admin\npassword = admin\n"
                + "transport = http\n");
    }

    private static String scaleHost(int i) {
        return "127.10." + (i / 250) + "." + (i % 250 + 1);
    }

    private static String scaleMac(int i) {
        return String.format("0c:38:3e:10:%02x:%02x", i / 256, i % 256);
    }

    private static String hex(int i) {
        return String.format("%02x", i);
    }

    private static RawHttp[] connections(int phones, int port) {
        RawHttp[] connections = new RawHttp[phones];
        for (int w = 0; w < phones; w++) {
            connections[w] = new RawHttp("127.0.1." + (w + 1), "127.0.0.1", port);
        }
        return connections;
    }

    private static void closeAll(RawHttp[] connections) {
        for (RawHttp c : connections) {
            c.close();
        }
    }

    private static long awaitThings(Distribution d, int count, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            try {
                last = d.probe("things");
                if (last.startsWith(count + " ")) {
                    return (System.nanoTime() - d.startedNanos()) / 1_000_000L;
                }
            } catch (IOException e) {
                last = e.toString();
            }
            Distribution.sleep(100);
        }
        throw new IOException("not all " + count + " things after " + timeout + ": " + last);
    }

    private static long awaitOnline(Distribution d, int count, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            last = d.probe("things");
            String[] f = last.split(" ");
            if (f.length == 4 && Integer.parseInt(f[2]) >= count) {
                return (System.nanoTime() - d.startedNanos()) / 1_000_000L;
            }
            Distribution.sleep(100);
        }
        throw new IOException("not all " + count + " things ONLINE after " + timeout + ": " + last);
    }

    private static void awaitMqtt(Distribution d, String password) throws IOException {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                MqttAsyncClient c = Mqtt.connect(d.mqttPort, "bench-probe", "actionbridge", password);
                c.disconnect().waitForCompletion(5_000);
                c.close();
                return;
            } catch (Exception e) {
                last = e;
                Distribution.sleep(250);
            }
        }
        throw new IOException("the embedded broker did not accept the bridge user", last);
    }

    private static double meanRate(List<HttpLoad.Result> results) {
        return results.stream().mapToDouble(HttpLoad.Result::rate).average().orElse(Double.NaN);
    }

    private static double meanP99(List<HttpLoad.Result> results) {
        return results.stream().mapToDouble(HttpLoad.Result::p99).average().orElse(Double.NaN);
    }

    private static double meanP50(List<HttpLoad.Result> results) {
        return results.stream().mapToDouble(HttpLoad.Result::p50).average().orElse(Double.NaN);
    }

    private static String statuses(List<HttpLoad.Result> results) {
        Map<Integer, Long> all = new java.util.TreeMap<>();
        for (HttpLoad.Result r : results) {
            r.statuses().forEach((k, v) -> {
                if (k != 200) {
                    all.merge(k, v, Long::sum);
                }
            });
        }
        return all.isEmpty() ? "none" : all.toString();
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("unknown CPU");
        } catch (IOException e) {
            return "unknown CPU";
        }
    }

    private static String osName() {
        return System.getProperty("os.name") + " " + System.getProperty("os.version");
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
