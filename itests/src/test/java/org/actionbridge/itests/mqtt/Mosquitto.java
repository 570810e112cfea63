package org.actionbridge.itests.mqtt;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.actionbridge.itests.KarafTestSupport;

/**
 * Debian's mosquitto as a child process of the test, on a loopback port, anonymous, with persistence in
 * a directory of its own (its log is there too) and {@code max_queued_messages} raised from mosquitto's
 * 1000, which drops QoS 1 messages for a subscriber that falls behind. It can be stopped (SIGTERM: it
 * saves its persistence file and exits), killed (SIGKILL: nothing saved) and started again on its port.
 */
public final class Mosquitto implements AutoCloseable {

    public static final Path EXECUTABLE = Path.of("/usr/sbin/mosquitto");
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final int port;
    private final Path directory;
    private Process process;

    /**
     * Writes the configuration; {@code extra} are further lines of mosquitto.conf (e.g.
     * {@code autosave_interval 1}). Skips the calling test when mosquitto is not installed.
     */
    public Mosquitto(int port, String... extra) throws IOException {
        KarafTestSupport.assumeTool("mosquitto is not installed (apt-get install mosquitto): skipping this test",
                Files.isExecutable(EXECUTABLE));
        this.port = port;
        this.directory = Files.createTempDirectory("it-mosquitto");
        StringBuilder config = new StringBuilder()
                .append("listener ").append(port).append(" 127.0.0.1\n")
                .append("allow_anonymous true\n")
                .append("persistence true\n")
                .append("persistence_location ").append(directory).append("/\n")
                .append("max_queued_messages 100000\n")
                .append("user ").append(System.getProperty("user.name")).append('\n');
        for (String line : extra) {
            config.append(line).append('\n');
        }
        Files.writeString(directory.resolve("mosquitto.conf"), config);
    }

    public int port() {
        return port;
    }

    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    /** Starts the broker (again) and waits until it accepts connections. */
    public void start() throws IOException {
        process = new ProcessBuilder(EXECUTABLE.toString(), "-c", directory.resolve("mosquitto.conf").toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(new File(directory.toFile(), "mosquitto.log")))
                .start();
        await().atMost(WAIT).until(this::accepting);
    }

    /** SIGTERM: mosquitto saves its persistence file (sessions, queued messages, retained) and exits. */
    public void stop() throws InterruptedException {
        if (process == null) {
            return;
        }
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        process = null;
    }

    /** SIGKILL: the broker dies with what it held in memory since its last save. */
    public void kill() throws InterruptedException {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("mosquitto did not die from SIGKILL");
        }
        process = null;
    }

    private boolean accepting() {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Stops the broker and deletes its directory. */
    @Override
    public void close() throws IOException, InterruptedException {
        stop();
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        }
    }
}
