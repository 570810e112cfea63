package org.actionbridge.sip.internal;

import java.util.HashMap;
import java.util.Map;

import org.actionbridge.core.PhoneConfiguration;
import org.actionbridge.core.ThingType;
import org.actionbridge.core.TransportMode;
import org.actionbridge.core.testing.ConfigProxies;

/** Configurations of the transport and of phones. */
final class TestSupport {

    private TestSupport() {
    }

    /** The transport's configuration: defaults, overridden by {@code values} (names as in the OCD). */
    static SipConfig config(Map<String, Object> values) {
        return ConfigProxies.of(SipConfig.class, values);
    }

    /**
     * Loopback and a short connect timeout, overridable. T1 stays at the RFC's 500 ms unless a test sets it: a
     * test about answers must not see retransmissions because a loaded machine answered late.
     */
    static SipConfig fastConfig(Object... pairs) {
        Map<String, Object> values = new HashMap<>(Map.of("bindAddress", "127.0.0.1", "t1Ms", 500, "t2Ms", 4000,
                "connectTimeoutMs", 500));
        for (int i = 0; i < pairs.length; i += 2) {
            values.put((String) pairs[i], pairs[i + 1]);
        }
        return config(values);
    }

    static PhoneConfiguration phone(String id, int sipPort, String username, String password) {
        return new PhoneConfiguration(id, ThingType.PHONE, id, "127.0.0.1", 80, false, "", username, password,
                TransportMode.SIP, sipPort);
    }

    static PhoneConfiguration phone(String id, int sipPort) {
        return phone(id, sipPort, "", "");
    }
}
