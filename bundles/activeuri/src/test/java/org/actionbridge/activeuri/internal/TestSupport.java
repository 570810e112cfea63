package org.actionbridge.activeuri.internal;

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
    static ActiveUriConfig config(Map<String, Object> values) {
        return ConfigProxies.of(ActiveUriConfig.class, values);
    }

    /** Fast limits for tests, overridable. */
    static ActiveUriConfig fastConfig(Object... pairs) {
        Map<String, Object> values = new HashMap<>(Map.of("connectTimeoutMs", 500, "readTimeoutMs", 1000,
                "retries", 0, "retryBackoffMs", 10));
        for (int i = 0; i < pairs.length; i += 2) {
            values.put((String) pairs[i], pairs[i + 1]);
        }
        return config(values);
    }

    static PhoneConfiguration phone(String id, int port, String username, String password) {
        return new PhoneConfiguration(id, ThingType.PHONE, id, "127.0.0.1", port, false, "", username, password,
                TransportMode.HTTP, 5060);
    }

    static PhoneConfiguration phone(String id, int port, boolean https, TransportMode mode) {
        return new PhoneConfiguration(id, ThingType.PHONE, id, "127.0.0.1", port, https, "", "", "", mode, 5060);
    }
}
