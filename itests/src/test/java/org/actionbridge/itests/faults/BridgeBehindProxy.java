package org.actionbridge.itests.faults;

import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;

import org.actionbridge.core.ThingRegistry;
import org.actionbridge.itests.mqtt.CuttableProxy;
import org.actionbridge.itests.mqtt.MiniJson;
import org.actionbridge.itests.mqtt.MqttBridgeContract;
import org.actionbridge.itests.mqtt.TestClient;
import org.ops4j.pax.exam.Option;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * What the network fault tests share: the MQTT bridge pointed at the embedded broker through a
 * {@link CuttableProxy}, numbered {@code mwi} events fired into a thing, and the numbers that arrived.
 */
final class BridgeBehindProxy {

    static final String BASE = "actionbridge";
    static final String CLIENT_USER = "it-client";
    static final String CLIENT_PASSWORD = "it-client-secret";

    private BridgeBehindProxy() {
    }

    /** The broker users (the bridge's, the test subscriber's) and the test's Paho client. */
    static Option[] options() {
        return new Option[] {
                editConfigurationFilePut("etc/users.properties", "actionbridge", "it-bridge-secret,_g_:mqttgroup"),
                editConfigurationFilePut("etc/users.properties", CLIENT_USER, CLIENT_PASSWORD + ",_g_:mqttgroup"),
                MqttBridgeContract.pahoForTests() };
    }

    /** The embedded broker's real port (the proxy's far end). */
    static int brokerPort() {
        return Integer.parseInt(System.getProperty("actionbridge.mqtt.port"));
    }

    /** Points the bridge at {@code port} (the proxy) with a buffer of {@code bufferSize}, plus {@code extra}. */
    static void bridgeTo(ConfigurationAdmin configurationAdmin, int port, int bufferSize, Map<String, String> extra)
            throws Exception {
        Configuration configuration = configurationAdmin.getConfiguration("org.actionbridge.mqtt", null);
        Dictionary<String, Object> properties = configuration.getProperties() != null ? configuration.getProperties()
                : new Hashtable<>();
        properties.put("enabled", "true");
        properties.put("brokerUrl", "tcp://127.0.0.1:" + port);
        properties.put("username", "actionbridge");
        properties.put("password", "it-bridge-secret");
        properties.put("reconnectMaxDelayMillis", "1000");
        properties.put("bufferSize", String.valueOf(bufferSize));
        extra.forEach(properties::put);
        configuration.update(properties);
    }

    /** Fires {@code mwi} events numbered {@code from} to {@code to} (variable {@code n}) into {@code thing}. */
    static void fire(ThingRegistry registry, String thing, int from, int to) {
        for (int n = from; n <= to; n++) {
            registry.fireEvent(thing, "mwi", Map.of("n", String.valueOf(n)));
        }
    }

    /** The numbered events of {@code thing} received, in arrival order (duplicates included). */
    static List<Integer> arrivals(TestClient client, String thing) {
        List<Integer> out = new ArrayList<>();
        for (TestClient.Received r : client.on(BASE + "/" + thing + "/event")) {
            Object vars = MiniJson.object(r.payload).get("vars");
            Object n = vars instanceof Map ? ((Map<?, ?>) vars).get("n") : null;
            if (n != null) {
                out.add(Integer.valueOf(n.toString()));
            }
        }
        return out;
    }

    static List<Integer> range(int from, int to) {
        List<Integer> out = new ArrayList<>();
        for (int n = from; n <= to; n++) {
            out.add(n);
        }
        return out;
    }
}
