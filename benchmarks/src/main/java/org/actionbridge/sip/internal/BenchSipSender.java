package org.actionbridge.sip.internal;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.actionbridge.core.Delivery;
import org.actionbridge.core.PhoneConfiguration;
import org.actionbridge.core.ThingStatusInfo;
import org.actionbridge.core.ThingType;
import org.actionbridge.core.TransportMode;
import org.actionbridge.core.testing.RecordingThingRegistry;
import org.actionbridge.protocol.ActiveUriInstruction;

/**
 * The product's SIP NOTIFY transport ({@link SipTransport}) outside OSGi, for the SIP benchmark: lives in
 * the transport's package because its configuration type is package-private. Benchmarks only.
 */
public final class BenchSipSender implements AutoCloseable {

    private final SipTransport transport;

    /** A UDP sender bound to an ephemeral port of {@code bindAddress}; digest credentials optional. */
    public BenchSipSender(String bindAddress, String digestUser, String digestPassword) {
        Map<String, Object> values = new HashMap<>(Map.of("bindAddress", bindAddress, "digestUser", digestUser,
                "digestPassword", digestPassword, "maxTransactions", 4096));
        SipConfig config = (SipConfig) Proxy.newProxyInstance(SipConfig.class.getClassLoader(),
                new Class<?>[] { SipConfig.class }, (proxy, method, args) -> values.containsKey(method.getName())
                        ? values.get(method.getName()) : method.getDefaultValue());
        transport = new SipTransport(new NullRegistry(), config);
    }

    /** A phone (its own NOTIFY lane) at {@code host:port}. */
    public static PhoneConfiguration phone(String id, String host, int port) {
        return new PhoneConfiguration(id, ThingType.PHONE, id, host, 80, false, "", "", "", TransportMode.SIP, port);
    }

    /** Sends one NOTIFY transaction (two with a digest challenge); true on a 2xx. */
    public boolean send(PhoneConfiguration phone, ActiveUriInstruction instruction) throws Exception {
        Delivery delivery = transport.send(phone, instruction).toCompletableFuture().get(40, TimeUnit.SECONDS);
        return delivery.ok();
    }

    @Override
    public void close() {
        transport.deactivate();
    }

    /** The transport reports status changes; the benchmark counts deliveries and keeps none of them. */
    private static final class NullRegistry extends RecordingThingRegistry {
        @Override
        public void updateStatus(String thingId, ThingStatusInfo status) {
        }
    }
}
