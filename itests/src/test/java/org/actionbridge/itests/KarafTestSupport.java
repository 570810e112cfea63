package org.actionbridge.itests;

import static org.ops4j.pax.exam.CoreOptions.maven;
import static org.ops4j.pax.exam.CoreOptions.mavenBundle;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.keepRuntimeFolder;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.Rule;
import org.junit.rules.TestRule;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.karaf.options.LogLevelOption.LogLevel;
import org.ops4j.pax.exam.options.MavenArtifactUrlReference;

/**
 * The Pax Exam options every integration test shares: a Karaf distribution unpacked under
 * {@code target/exam}, every listening port picked free on loopback (never 8181, 1883 or 8101, which a
 * running distribution may hold), and Awaitility in the container for bounded waits.
 */
public abstract class KarafTestSupport {

    /** A failing test's message carries the end of the container's karaf.log. */
    @Rule
    public final TestRule karafLogOnFailure = new KarafLogOnFailure();

    /** The version under test, passed in by Surefire. */
    protected static final String VERSION = System.getProperty("project.version", "0.1.0-SNAPSHOT");

    /** The ActionBridge distribution as built by karaf-assembly. */
    protected static MavenArtifactUrlReference actionBridgeDistribution() {
        return maven().groupId("org.actionbridge").artifactId("karaf-assembly").version(VERSION).type("tar.gz");
    }

    /** Stock Apache Karaf of the version ActionBridge is built on. */
    protected static MavenArtifactUrlReference stockKaraf() {
        return maven().groupId("org.apache.karaf").artifactId("apache-karaf").version("4.4.10").type("tar.gz");
    }

    /**
     * Options for the ActionBridge distribution, plus {@code extra}. Its demo emulated phone moves to
     * free ports, so that a distribution running on this machine keeps its own.
     */
    protected static Option[] actionBridge(Option... extra) {
        List<Option> options = new ArrayList<>(List.of(
                editConfigurationFilePut("etc/org.actionbridge.emulator-demo.cfg", "httpPort", String.valueOf(freePort())),
                editConfigurationFilePut("etc/org.actionbridge.emulator-demo.cfg", "sipPort", String.valueOf(freePort())),
                editConfigurationFilePut("etc/org.actionbridge.phone-demo.cfg", "httpPort", "1"),
                editConfigurationFilePut("etc/org.actionbridge.phone-demo.cfg", "sipPort", "1")));
        options.addAll(Arrays.asList(extra));
        return karaf(actionBridgeDistribution(), options.toArray(new Option[0]));
    }

    /** Options for the distribution {@code karaf}, plus {@code extra}. */
    protected static Option[] karaf(MavenArtifactUrlReference karaf, Option... extra) {
        int httpPort = freePort();
        List<Option> options = new ArrayList<>(List.of(
                karafDistributionConfiguration().frameworkUrl(karaf).name("Apache Karaf")
                        .unpackDirectory(new File("target/exam")).useDeployFolder(false),
                configureConsole().ignoreLocalConsole().ignoreRemoteShell(),
                logLevel(LogLevel.INFO),
                editConfigurationFilePut("etc/org.ops4j.pax.web.cfg", "org.osgi.service.http.port",
                        String.valueOf(httpPort)),
                editConfigurationFilePut("etc/org.apache.karaf.shell.cfg", "sshPort", String.valueOf(freePort())),
                editConfigurationFilePut("etc/org.apache.karaf.shell.cfg", "sshHost", "127.0.0.1"),
                editConfigurationFilePut("etc/org.apache.karaf.management.cfg", "rmiRegistryPort",
                        String.valueOf(freePort())),
                editConfigurationFilePut("etc/org.apache.karaf.management.cfg", "rmiServerPort",
                        String.valueOf(freePort())),
                // the container reads artifacts from the same local repository as the build
                editConfigurationFilePut("etc/org.ops4j.pax.url.mvn.cfg", "org.ops4j.pax.url.mvn.localRepository",
                        System.getProperty("maven.repo.local", System.getProperty("user.home") + "/.m2/repository")),
                // the embedded MQTT broker, when the distribution has one, never on the default 1883
                editConfigurationFilePut("etc/system.properties", "actionbridge.mqtt.port",
                        String.valueOf(freePort())),
                systemProperty("actionbridge.test.httpPort").value(String.valueOf(httpPort)),
                systemProperty(REQUIRE_TOOLS).value(String.valueOf(Boolean.getBoolean(REQUIRE_TOOLS))),
                mavenBundle("org.hamcrest", "hamcrest", "2.2"),
                mavenBundle("org.awaitility", "awaitility", "4.3.0")));
        if (Boolean.getBoolean(KEEP_KARAF)) {
            // for chasing a rare failure: the container's folder and a debug log of ActionBridge stay behind
            options.add(keepRuntimeFolder());
            options.add(editConfigurationFilePut("etc/org.ops4j.pax.logging.cfg", "log4j2.logger.actionbridge.name",
                    "org.actionbridge"));
            options.add(editConfigurationFilePut("etc/org.ops4j.pax.logging.cfg", "log4j2.logger.actionbridge.level",
                    "DEBUG"));
        }
        options.addAll(Arrays.asList(extra));
        return options.toArray(new Option[0]);
    }

    /**
     * Set (-Dactionbridge.keepKaraf=true) to keep every container's folder under {@code target/exam}, with
     * ActionBridge logging at DEBUG in its {@code data/log/karaf.log}.
     */
    public static final String KEEP_KARAF = "actionbridge.keepKaraf";

    /**
     * Set by .ci/run once it has installed sipp, mosquitto and Chromium: a test needing one of them then fails
     * when it is missing, where it would otherwise be skipped without anyone noticing.
     */
    public static final String REQUIRE_TOOLS = "actionbridge.requireTools";

    /** Ports this JVM has handed out (or found taken). */
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    /** Skips the calling test when a tool it needs is not {@code present}; fails it when tools are required. */
    public static void assumeTool(String message, boolean present) {
        if (Boolean.getBoolean(REQUIRE_TOOLS)) {
            org.junit.Assert.assertTrue(message + " (" + REQUIRE_TOOLS + " is set)", present);
        }
        org.junit.Assume.assumeTrue(message, present);
    }

    /** A TCP port free on 127.0.0.1 now and never handed out before in this JVM. */
    public static int freePort() {
        return freePort("127.0.0.1");
    }

    /**
     * A TCP port free on {@code address} now and never handed out before in this JVM. Chosen at random below
     * the ephemeral range rather than by binding port 0: this kernel's bind(0) hands out the same one or two
     * ports again and again, so two ports asked for in a row were often the same.
     */
    public static int freePort(String address) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int attempt = 0; attempt < 500; attempt++) {
            int candidate = 20_000 + random.nextInt(12_000);
            if (!HANDED_OUT.add(candidate)) {
                continue;
            }
            try (ServerSocket socket = new ServerSocket()) {
                socket.bind(new InetSocketAddress(InetAddress.getByName(address), candidate), 1);
                return candidate;
            } catch (IOException e) {
                // taken: try another
            }
        }
        throw new IllegalStateException("no free TCP port found on " + address);
    }
}
