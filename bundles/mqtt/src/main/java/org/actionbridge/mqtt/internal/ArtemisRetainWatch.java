package org.actionbridge.mqtt.internal;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Optional;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.util.tracker.ServiceTracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sees retained publications to set topics arriving at the embedded broker (ActiveMQ Artemis, when it runs
 * in this Karaf), so that the bridge can refuse them: Artemis 2.40 clears the retain flag when it delivers a
 * live message to a wildcard subscription, "retain as published" notwithstanding, and the bridge would
 * otherwise execute a command published retained (or the empty retained message that clears one).
 *
 * <p>An MQTT interceptor is added to the broker through reflection, so that this bundle needs no Artemis
 * package: the bridge runs unchanged against any other broker (the watch then sees nothing). The broker's
 * service is tracked by name, and the interceptor added to each broker that comes and removed when it goes.
 * The interceptor never refuses a packet; for a retained PUBLISH whose topic ends in {@code /set} it copies
 * topic and payload into {@link RetainedSetMarks}.
 */
@Component(service = RetainedPublicationWatch.class, immediate = true)
public final class ArtemisRetainWatch implements RetainedPublicationWatch {

    static final String SERVER_SERVICE = "org.apache.activemq.artemis.core.server.ActiveMQServer";
    private static final String MQTT_PROTOCOL_BUNDLE = "org.apache.activemq.artemis-mqtt-protocol";
    private static final String INTERCEPTOR = "org.apache.activemq.artemis.core.protocol.mqtt.MQTTInterceptor";

    private final Logger logger = LoggerFactory.getLogger(ArtemisRetainWatch.class);
    private final RetainedSetMarks marks = new RetainedSetMarks();
    private final BundleContext context;
    private final ServiceTracker<Object, Installed> brokers;

    /** The interceptor as added to one broker. */
    private record Installed(Object remoting, Method remove, Object interceptor) {
    }

    @Activate
    public ArtemisRetainWatch(BundleContext context) throws InvalidSyntaxException {
        this.context = context;
        // tracked by name: this bundle does not import Artemis, so no Class of it can be named here
        this.brokers = new ServiceTracker<>(context, context.createFilter("(objectClass=" + SERVER_SERVICE + ")"),
                null) {
            @Override
            public Installed addingService(ServiceReference<Object> reference) {
                Object server = context.getService(reference);
                return server == null ? null : install(server);
            }

            @Override
            public void removedService(ServiceReference<Object> reference, Installed installed) {
                uninstall(installed);
                context.ungetService(reference);
            }
        };
        brokers.open();
    }

    @Deactivate
    void deactivate() {
        brokers.close();
    }

    private Installed install(Object server) {
        try {
            Class<?> interceptorType = mqttProtocolBundle(context).loadClass(INTERCEPTOR);
            PublishReader reader = new PublishReader(interceptorType.getClassLoader());
            Object proxy = Proxy.newProxyInstance(interceptorType.getClassLoader(), new Class<?>[] { interceptorType },
                    new Handler(reader, marks));
            Object remoting = server.getClass().getMethod("getRemotingService").invoke(server);
            oneArgument(remoting.getClass(), "addIncomingInterceptor").invoke(remoting, proxy);
            logger.info("Watching the embedded broker for retained commands");
            return new Installed(remoting, oneArgument(remoting.getClass(), "removeIncomingInterceptor"), proxy);
        } catch (ReflectiveOperationException | RuntimeException e) {
            // another Artemis than the one this was written against: say what is lost, run without it
            logger.warn("Cannot watch the embedded broker for retained commands ({}): a command published "
                    + "retained to it may be executed", e.toString());
            return new Installed(null, null, null);
        }
    }

    private void uninstall(Installed installed) {
        if (installed.remoting() == null) {
            return;
        }
        try {
            installed.remove().invoke(installed.remoting(), installed.interceptor());
        } catch (ReflectiveOperationException | RuntimeException e) {
            logger.debug("Removing the retained-command interceptor failed: {}", e.toString());
        }
    }

    @Override
    public boolean publishedRetained(String topic, byte[] payload) {
        return marks.consume(topic, payload, System.nanoTime());
    }

    private static Bundle mqttProtocolBundle(BundleContext context) throws ClassNotFoundException {
        for (Bundle bundle : context.getBundles()) {
            if (MQTT_PROTOCOL_BUNDLE.equals(bundle.getSymbolicName())) {
                return bundle;
            }
        }
        throw new ClassNotFoundException("no bundle " + MQTT_PROTOCOL_BUNDLE);
    }

    private static Method oneArgument(Class<?> type, String name) throws NoSuchMethodException {
        for (Method method : type.getMethods()) {
            if (method.getName().equals(name) && method.getParameterCount() == 1) {
                return method;
            }
        }
        throw new NoSuchMethodException(type.getName() + "." + name);
    }

    /** The interceptor: records retained set publications, lets every packet through. */
    private static final class Handler implements InvocationHandler {
        private final PublishReader reader;
        private final RetainedSetMarks marks;

        Handler(PublishReader reader, RetainedSetMarks marks) {
            this.reader = reader;
            this.marks = marks;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            switch (method.getName()) {
                case "intercept":
                    try {
                        reader.retainedSet(args[0]).ifPresent(p -> marks.record(p.topic(), p.payload(), System.nanoTime()));
                    } catch (ReflectiveOperationException | RuntimeException e) {
                        // never let the watch break the broker's handling of a packet
                    }
                    return Boolean.TRUE;
                case "hashCode":
                    return System.identityHashCode(proxy);
                case "equals":
                    return proxy == args[0];
                case "toString":
                    return "ActionBridge retained-command watch";
                default:
                    throw new UnsupportedOperationException(method.getName());
            }
        }
    }

    /** Reads Netty's MQTT packet classes through reflection (the methods looked up once). */
    static final class PublishReader {
        record RetainedPublish(String topic, byte[] payload) {
        }

        private final Method fixedHeader;
        private final Method isRetain;
        private final Method messageType;
        private final Class<?> publishType;
        private final Method variableHeader;
        private final Method topicName;
        private final Method payload;
        private final Method readerIndex;
        private final Method readableBytes;
        private final Method getBytes;

        PublishReader(ClassLoader loader) throws ReflectiveOperationException {
            Class<?> message = loader.loadClass("io.netty.handler.codec.mqtt.MqttMessage");
            Class<?> header = loader.loadClass("io.netty.handler.codec.mqtt.MqttFixedHeader");
            publishType = loader.loadClass("io.netty.handler.codec.mqtt.MqttPublishMessage");
            Class<?> publishHeader = loader.loadClass("io.netty.handler.codec.mqtt.MqttPublishVariableHeader");
            Class<?> buffer = loader.loadClass("io.netty.buffer.ByteBuf");
            fixedHeader = message.getMethod("fixedHeader");
            isRetain = header.getMethod("isRetain");
            messageType = header.getMethod("messageType");
            variableHeader = publishType.getMethod("variableHeader");
            topicName = publishHeader.getMethod("topicName");
            payload = publishType.getMethod("payload");
            readerIndex = buffer.getMethod("readerIndex");
            readableBytes = buffer.getMethod("readableBytes");
            getBytes = buffer.getMethod("getBytes", int.class, byte[].class);
        }

        /** The topic and payload of a retained PUBLISH to a set topic; empty for any other packet. */
        Optional<RetainedPublish> retainedSet(Object packet) throws ReflectiveOperationException {
            Object header = fixedHeader.invoke(packet);
            if (header == null || !(Boolean) isRetain.invoke(header) || !publishType.isInstance(packet)
                    || !"PUBLISH".equals(String.valueOf(messageType.invoke(header)))) {
                return Optional.empty();
            }
            Object topic = topicName.invoke(variableHeader.invoke(packet));
            String name = topic == null ? "" : topic.toString();
            if (!name.isEmpty() && !name.endsWith("/set")) {
                return Optional.empty();
            }
            Object buffer = payload.invoke(packet);
            byte[] bytes = new byte[(Integer) readableBytes.invoke(buffer)];
            getBytes.invoke(buffer, readerIndex.invoke(buffer), bytes);
            return Optional.of(new RetainedPublish(name, bytes));
        }
    }
}
