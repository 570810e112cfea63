package org.actionbridge.itests.mqtt;

import static org.awaitility.Awaitility.await;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.Assume;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * The MQTT bridge against Debian's mosquitto, which the test starts on a free loopback port (with
 * persistence, so that a restart keeps sessions and retained messages) and stops by its process.
 * Skipped when /usr/sbin/mosquitto is absent ({@code apt-get install mosquitto}).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class MqttMosquittoIT extends MqttBridgeContract {

    private static final Path MOSQUITTO = Path.of("/usr/sbin/mosquitto");

    private Path directory;
    private Process broker;

    @Configuration
    public Option[] config() {
        return karaf(actionBridgeDistribution(),
                // the embedded broker, unused here, must not take 1883
                editConfigurationFilePut("etc/system.properties", "actionbridge.mqtt.port", String.valueOf(freePort())),
                systemProperty("it.mosquitto.port").value(String.valueOf(freePort())),
                pahoForTests());
    }

    @Override
    protected void startBroker() throws Exception {
        Assume.assumeTrue("mosquitto is not installed (apt-get install mosquitto): skipping the mosquitto tests",
                Files.isExecutable(MOSQUITTO));
        directory = Files.createTempDirectory("it-mosquitto");
        String config = "listener " + brokerPort() + " 127.0.0.1\n"
                + "allow_anonymous true\n"
                + "persistence true\n"
                + "persistence_location " + directory + "/\n"
                + "autosave_interval 1\n"
                + "max_queued_messages 100000\n"
                + "user " + System.getProperty("user.name") + "\n";
        Files.writeString(directory.resolve("mosquitto.conf"), config);
        launch();
    }

    private void launch() throws IOException {
        broker = new ProcessBuilder(MOSQUITTO.toString(), "-c", directory.resolve("mosquitto.conf").toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(new File(directory.toFile(), "mosquitto.log")))
                .start();
        await().atMost(WAIT).until(this::accepting);
    }

    @Override
    protected void restartBroker() throws Exception {
        stopProcess();
        launch();
    }

    @Override
    protected void stopBroker() throws Exception {
        if (broker == null) {
            return;
        }
        stopProcess();
        broker = null;
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        }
    }

    private void stopProcess() throws InterruptedException {
        broker.destroy(); // SIGTERM: mosquitto saves its persistence file and exits
        if (!broker.waitFor(10, TimeUnit.SECONDS)) {
            broker.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    private boolean accepting() {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), brokerPort())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    protected int brokerPort() {
        return Integer.parseInt(System.getProperty("it.mosquitto.port"));
    }

    @Override
    protected String bridgeUser() {
        return null;
    }

    @Override
    protected String bridgePassword() {
        return null;
    }

    @Override
    protected String clientUser() {
        return null;
    }

    @Override
    protected String clientPassword() {
        return null;
    }
}
