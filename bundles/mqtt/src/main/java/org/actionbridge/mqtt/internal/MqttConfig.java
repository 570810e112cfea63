package org.actionbridge.mqtt.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the MQTT bridge, PID {@code org.actionbridge.mqtt} (etc/org.actionbridge.mqtt.cfg). */
@ObjectClassDefinition(name = "ActionBridge MQTT bridge", description = "Publishes things to an MQTT broker and takes commands from it")
@interface MqttConfig {

    @AttributeDefinition(description = "Whether the bridge connects at all")
    boolean enabled() default true;

    @AttributeDefinition(description = "tcp://host:port or ssl://host:port")
    String brokerUrl() default "tcp://127.0.0.1:1883";

    @AttributeDefinition(description = "MQTT client id; also names the session on the broker")
    String clientId() default "actionbridge";

    @AttributeDefinition(required = false)
    String username() default "";

    @AttributeDefinition(type = AttributeType.PASSWORD, required = false)
    String password() default "";

    @AttributeDefinition(description = "Prefix of every topic: not empty, no + or #, not starting with $")
    String baseTopic() default "actionbridge";

    @AttributeDefinition(description = "QoS of events, states and results (0, 1 or 2)")
    int qos() default 1;

    boolean homeAssistantDiscovery() default true;

    String discoveryPrefix() default "homeassistant";

    @AttributeDefinition(required = false, description = "Trust store (PKCS12 or JKS) for ssl:// brokers; empty: the JVM's")
    String trustStore() default "";

    @AttributeDefinition(type = AttributeType.PASSWORD, required = false)
    String trustStorePassword() default "";

    String trustStoreType() default "PKCS12";

    @AttributeDefinition(description = "Check that the broker's certificate names its host (ssl:// only)")
    boolean hostnameVerification() default true;

    @AttributeDefinition(required = false, description = "Shared subscription group for the set topics, so that several ActionBridge nodes share the commands (MQTT 5); empty: none")
    String sharedSubscriptionGroup() default "";

    @AttributeDefinition(description = "Publications awaiting the broker's acknowledgement at most (bounded also by the broker's receive maximum)")
    int maxInflight() default 1000;

    @AttributeDefinition(description = "Events and results kept while the broker is away; the oldest are dropped beyond")
    int bufferSize() default 10000;

    int keepAliveSeconds() default 30;

    @AttributeDefinition(description = "Seconds to wait for the broker's answer to a connection; then the attempt is abandoned and retried")
    int connectTimeoutSeconds() default 10;

    int reconnectMinDelayMillis() default 500;

    int reconnectMaxDelayMillis() default 30000;
}
