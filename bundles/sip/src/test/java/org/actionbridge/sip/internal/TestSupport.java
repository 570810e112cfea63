package org.actionbridge.sip.internal;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

import org.actionbridge.core.CommandRequest;
import org.actionbridge.core.CommandResult;
import org.actionbridge.core.PhoneConfiguration;
import org.actionbridge.core.Thing;
import org.actionbridge.core.ThingRegistry;
import org.actionbridge.core.ThingStatusInfo;
import org.actionbridge.core.ThingType;
import org.actionbridge.core.TransportMode;

/** Configuration proxies, phone configurations and a registry that records status changes. */
final class TestSupport {

    private TestSupport() {
    }

    /** The transport's configuration: defaults, overridden by {@code values} (names as in the OCD). */
    static SipConfig config(Map<String, Object> values) {
        return (SipConfig) Proxy.newProxyInstance(SipConfig.class.getClassLoader(),
                new Class<?>[] { SipConfig.class }, (proxy, method, args) -> {
                    if (values.containsKey(method.getName())) {
                        return values.get(method.getName());
                    }
                    Object fallback = method.getDefaultValue();
                    if (fallback == null) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    return fallback;
                });
    }

    /** Loopback, fast timers, overridable. */
    static SipConfig fastConfig(Object... pairs) {
        Map<String, Object> values = new HashMap<>(Map.of("bindAddress", "127.0.0.1", "t1Ms", 40, "t2Ms", 160,
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

    /** Records {@link #updateStatus}; nothing else is used by the transports. */
    static final class RecordingRegistry implements ThingRegistry {
        final List<Map.Entry<String, ThingStatusInfo>> statuses = new CopyOnWriteArrayList<>();

        @Override
        public void updateStatus(String thingId, ThingStatusInfo status) {
            statuses.add(Map.entry(thingId, status));
        }

        Optional<ThingStatusInfo> last(String thingId) {
            ThingStatusInfo found = null;
            for (Map.Entry<String, ThingStatusInfo> entry : statuses) {
                if (entry.getKey().equals(thingId)) {
                    found = entry.getValue();
                }
            }
            return Optional.ofNullable(found);
        }

        @Override
        public List<Thing> getAll() {
            return List.of();
        }

        @Override
        public Optional<Thing> get(String thingId) {
            return Optional.empty();
        }

        @Override
        public Optional<Thing> findByMac(String mac) {
            return Optional.empty();
        }

        @Override
        public Optional<Thing> findByIp(String ip) {
            return Optional.empty();
        }

        @Override
        public boolean updateStates(String thingId, Map<String, String> states) {
            return false;
        }

        @Override
        public boolean fireEvent(String thingId, String event, Map<String, String> variables) {
            return false;
        }

        @Override
        public void markSeen(String thingId) {
        }

        @Override
        public CompletionStage<CommandResult> submit(CommandRequest request) {
            return new CompletableFuture<>();
        }
    }
}
