package org.actionbridge.itests.mqtt;

import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * The MQTT bridge against Debian's mosquitto, which the test starts on a free loopback port (with
 * persistence, so that a restart keeps sessions and retained messages) and stops by its process
 * ({@link Mosquitto}). Skipped when /usr/sbin/mosquitto is absent ({@code apt-get install mosquitto}).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class MqttMosquittoIT extends MqttBridgeContract {

    private Mosquitto broker;

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
        broker = new Mosquitto(brokerPort(), "autosave_interval 1");
        broker.start();
    }

    @Override
    protected void restartBroker() throws Exception {
        broker.stop(); // SIGTERM: mosquitto saves its persistence file and exits
        broker.start();
    }

    @Override
    protected void stopBroker() throws Exception {
        if (broker != null) {
            broker.close();
            broker = null;
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
