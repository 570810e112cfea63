package org.actionbridge.itests.mqtt;

import static org.awaitility.Awaitility.await;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;

import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;

/**
 * The MQTT bridge against the distribution's embedded Artemis broker, on a free port, with broker users
 * in Karaf's JAAS realm as in the default run.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class MqttBridgeIT extends MqttBridgeContract {

    private static final String ARTEMIS = "org.apache.activemq.artemis-server-osgi";

    @Configuration
    public Option[] config() {
        return karaf(actionBridgeDistribution(),
                editConfigurationFilePut("etc/system.properties", "actionbridge.mqtt.port", String.valueOf(freePort())),
                editConfigurationFilePut("etc/users.properties", "actionbridge", "it-bridge-secret,_g_:mqttgroup"),
                editConfigurationFilePut("etc/users.properties", "it-client", "it-client-secret,_g_:mqttgroup"),
                editConfigurationFilePut("etc/org.actionbridge.mqtt.cfg", "password", "it-bridge-secret"),
                pahoForTests());
    }

    @Override
    protected void startBroker() {
        await().atMost(WAIT).until(this::accepting);
    }

    @Override
    protected void restartBroker() throws Exception {
        Bundle artemis = artemis();
        artemis.stop();
        artemis.start();
        await().atMost(WAIT).until(this::accepting);
    }

    @Override
    protected void stopBroker() {
        // the embedded broker lives as long as the container
    }

    private Bundle artemis() {
        for (Bundle bundle : context.getBundles()) {
            if (ARTEMIS.equals(bundle.getSymbolicName())) {
                return bundle;
            }
        }
        throw new AssertionError(ARTEMIS + " is not installed");
    }

    private boolean accepting() {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), brokerPort())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    protected boolean brokerKeepsOrder() {
        // after a restart Artemis may hand the subscriber's stored messages over after newer ones that
        // the bridge sends again: first appearances across the restart are out of order by a few
        return false;
    }

    @Override
    protected int brokerPort() {
        return Integer.parseInt(System.getProperty("actionbridge.mqtt.port"));
    }

    @Override
    protected String bridgeUser() {
        return "actionbridge";
    }

    @Override
    protected String bridgePassword() {
        return "it-bridge-secret";
    }

    @Override
    protected String clientUser() {
        return "it-client";
    }

    @Override
    protected String clientPassword() {
        return "it-client-secret";
    }
}
