package org.actionbridge.actionurl.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the Action URL receiver, PID {@code org.actionbridge.actionurl}. */
@ObjectClassDefinition(id = ReceiverSettings.PID, name = "ActionBridge Action URL receiver",
        description = "Receives phones' Action URL requests at /actionurl/{token}/{event}")
@interface ReceiverConfig {

    @AttributeDefinition(type = AttributeType.PASSWORD,
            description = "Secret path element phones must call; generated and stored when empty")
    String token() default "";

    @AttributeDefinition(description = "IPs and CIDR ranges (comma separated) allowed to send for any phone, "
            + "e.g. a NAT gateway or the phones' LAN; a configured phone's own IP may always send for itself")
    String allowedSources() default "";

    @AttributeDefinition(description = "Reverse proxies (IPs and CIDRs) whose X-Forwarded-For is believed")
    String trustedProxies() default "";

    @AttributeDefinition(description = "Base URL phones reach ActionBridge at, e.g. http://192.0.2.5:8181; "
            + "empty: this host's first non-loopback address and the HTTP port")
    String publicBaseUrl() default "";

    @AttributeDefinition(description = "Events waiting per phone before the receiver answers 503")
    int queueCapacity() default 64;

    @AttributeDefinition(description = "Window in which the same event with the same call id is a duplicate (ms)")
    int duplicateWindowMillis() default 2000;

    @AttributeDefinition(description = "Silence after which a phone is probed (s)")
    int silenceTimeoutSeconds() default 600;

    @AttributeDefinition(description = "How often phones are checked for silence (s)")
    int livenessCheckSeconds() default 60;

    @AttributeDefinition(description = "Most unknown phones kept in the discovery inbox")
    int inboxCapacity() default 256;
}
