package org.actionbridge.mqtt.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.actionbridge.core.testing.ConfigProxies;
import org.junit.jupiter.api.Test;

/** Each rule of {@link MqttConfigCheck} with the value that breaks it, and the one line an operator reads. */
class MqttConfigCheckTest {

    private static List<String> problems(Object... keysAndValues) {
        Map<String, Object> values = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            values.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return MqttConfigCheck.problems(ConfigProxies.of(MqttConfig.class, values));
    }

    @Test
    void theDefaultsAndUsualValuesPass() {
        assertThat(problems()).isEmpty();
        assertThat(problems("brokerUrl", " ssl://broker.example:8883 ", "baseTopic", "home/actionbridge/", "qos", 0,
                "discoveryPrefix", "ha", "sharedSubscriptionGroup", "nodes", "clientId", "bridge-1")).isEmpty();
        assertThat(problems("qos", 2, "sharedSubscriptionGroup", "  ")).isEmpty();
    }

    @Test
    void aBaseTopicMustBeginTopicsAndFilters() {
        Map<String, String> rules = new LinkedHashMap<>();
        rules.put("a+b", "baseTopic 'a+b' contains a wildcard (+ or #)");
        rules.put("ab/#", "baseTopic 'ab/#' contains a wildcard (+ or #)");
        rules.put("", "baseTopic is empty");
        rules.put("  ", "baseTopic is empty");
        rules.put("/", "baseTopic '/' is empty");
        rules.put("$SYS/ab", "baseTopic '$SYS/ab' starts with $ (topics of the broker itself)");
        rules.put("ab\tc", "baseTopic 'ab?c' contains the control character U+0009");
        rules.put("ab\uFFFF", "baseTopic 'ab\uFFFF' contains the non-character U+FFFF");
        rules.forEach((value, problem) -> assertThat(problems("baseTopic", value)).as(value).containsExactly(problem));
    }

    @Test
    void theDiscoveryPrefixFollowsTheSameRulesWhileDiscoveryIsOn() {
        assertThat(problems("discoveryPrefix", "home+x"))
                .containsExactly("discoveryPrefix 'home+x' contains a wildcard (+ or #)");
        assertThat(problems("discoveryPrefix", "")).containsExactly("discoveryPrefix is empty");
        assertThat(problems("discoveryPrefix", "$ha")).singleElement().asString().startsWith("discoveryPrefix '$ha'");
        assertThat(problems("discoveryPrefix", "home+x", "homeAssistantDiscovery", false)).isEmpty();
    }

    @Test
    void qosIsZeroOneOrTwo() {
        assertThat(problems("qos", 5)).containsExactly("qos 5 is not 0, 1 or 2");
        assertThat(problems("qos", -1)).containsExactly("qos -1 is not 0, 1 or 2");
    }

    @Test
    void aSharedSubscriptionGroupIsOneTopicLevelWithoutWildcards() {
        for (String group : List.of("a/b", "nodes+", "#")) {
            assertThat(problems("sharedSubscriptionGroup", group)).as(group)
                    .containsExactly("sharedSubscriptionGroup '" + group + "' contains '/', '+' or '#'");
        }
        assertThat(problems("sharedSubscriptionGroup", "no\u0000des")).containsExactly(
                "sharedSubscriptionGroup 'no?des' contains the control character U+0000");
    }

    @Test
    void theClientIdAndUserNameAreStringsPahoCanSend() {
        assertThat(problems("clientId", "bridge\n1", "username", "u\u0085"))
                .containsExactly("clientId 'bridge?1' contains the control character U+000A",
                        "username 'u?' contains the control character U+0085");
        assertThat(problems("clientId", "bridge-\uD83D\uDE00")).isEmpty(); // a pair of surrogates is one character
        assertThat(problems("clientId", "bridge-\uD83D")).containsExactly(
                "clientId 'bridge-\uD83D' contains an unpaired surrogate U+D83D");
    }

    @Test
    void theBrokerUrlIsOneThePahoClientOfThisBundleCanConnectTo() {
        for (String url : List.of("", "127.0.0.1:1883", "mqtt://127.0.0.1:1883", "tcp://127.0.0.1:1883/path")) {
            assertThat(problems("brokerUrl", url)).as(url)
                    .containsExactly("brokerUrl '" + url + "' is not tcp://host:port or ssl://host:port");
        }
        assertThat(problems("brokerUrl", "tcp://127.0.0.1")).isEmpty();
    }

    @Test
    void aNumberThatCannotBeReadIsABadValueNotAnException() {
        // Declarative Services throws from the accessor when the file's text is no number ("qos = one")
        MqttConfig config = failingOn("qos", new IllegalStateException("java.lang.NumberFormatException: For input "
                + "string: \"one\""));
        assertThat(MqttConfigCheck.problems(config)).containsExactly(
                "qos is not a whole number (java.lang.NumberFormatException: For input string: \"one\")");
    }

    @Test
    void theRefusalIsOneLineNamingEveryBadKeyWithItsValueAndRule() {
        String line = MqttConfigCheck.refusal(problems("baseTopic", "a+b", "qos", 5));
        assertThat(line).isEqualTo("MQTT bridge not started: etc/org.actionbridge.mqtt.cfg has bad values: "
                + "baseTopic 'a+b' contains a wildcard (+ or #); qos 5 is not 0, 1 or 2. Nothing is published until "
                + "the file is fixed.");
    }

    @Test
    void passwordsNeverAppearInTheRefusal() {
        String line = MqttConfigCheck.refusal(problems("brokerUrl", "tcp://bridge:s3cret-Pw@127.0.0.1:1883/x",
                "password", "s3cret-Pw", "trustStorePassword", "s3cret-Pw", "baseTopic", "a\nb", "qos", 3,
                "discoveryPrefix", "h#"));
        assertThat(line).doesNotContain("s3cret-Pw").doesNotContain("\n").contains("brokerUrl 'tcp://***@127.0.0.1",
                "baseTopic 'a?b'", "qos 3", "discoveryPrefix 'h#'");
        assertThat(MqttConfigCheck.withoutUserInfo("bridge:s3cret-Pw@127.0.0.1")).isEqualTo("***@127.0.0.1");
    }

    /** A configuration of defaults whose {@code key} throws {@code failure}, as Declarative Services does. */
    private static MqttConfig failingOn(String key, RuntimeException failure) {
        MqttConfig defaults = ConfigProxies.of(MqttConfig.class, Map.of());
        return (MqttConfig) Proxy.newProxyInstance(MqttConfig.class.getClassLoader(), new Class<?>[] {MqttConfig.class},
                (proxy, method, args) -> {
                    if (method.getName().equals(key)) {
                        throw failure;
                    }
                    try {
                        return method.invoke(defaults, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
