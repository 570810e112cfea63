package org.actionbridge.sip.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/** The SIP NOTIFY sender's local address, identity and timers (PID {@code org.actionbridge.sip}). */
@ObjectClassDefinition(id = SipTransport.PID, name = "ActionBridge SIP NOTIFY transport",
        description = "Sends Active URI instructions as out-of-dialog SIP NOTIFY (Event: ACTIVE-URI).")
@interface SipConfig {

    @AttributeDefinition(name = "Bind address", description = "Local address of the SIP socket; 0.0.0.0 for all.")
    String bindAddress() default "0.0.0.0";

    @AttributeDefinition(name = "Port", description = "Local UDP port; 0 picks a free one. Set a fixed port when "
            + "a firewall or the phone's source restrictions need one.", min = "0", max = "65535")
    int port() default 0;

    @AttributeDefinition(name = "Transport", options = { @Option(value = "udp", label = "UDP"),
            @Option(value = "tcp", label = "TCP") })
    String transport() default "udp";

    @AttributeDefinition(name = "From user", description = "User part of the From and Contact URIs.")
    String fromUser() default "actionbridge";

    @AttributeDefinition(name = "Digest user", description = "User for 401/407 challenges; when empty, the "
            + "phone's own username and password are used.")
    String digestUser() default "";

    @AttributeDefinition(name = "Digest password", type = AttributeType.PASSWORD)
    String digestPassword() default "";

    @AttributeDefinition(name = "Advertised address", description = "Address put in Via, From and Contact; when "
            + "empty, the local address towards each phone.")
    String advertisedAddress() default "";

    @AttributeDefinition(name = "T1 (ms)", description = "RFC 3261 round-trip estimate: first retransmission "
            + "after T1, doubling to T2; no final answer after 64*T1 is a timeout (Timer F).", min = "1")
    int t1Ms() default 500;

    @AttributeDefinition(name = "T2 (ms)", description = "Longest retransmission interval.", min = "1")
    int t2Ms() default 4000;

    @AttributeDefinition(name = "TCP connect timeout (ms)", min = "1")
    int connectTimeoutMs() default 3000;

    @AttributeDefinition(name = "Queue capacity", description = "NOTIFYs waiting per phone; more fail with BUSY.",
            min = "1")
    int queueCapacity() default 32;

    @AttributeDefinition(name = "Offline after failures", description = "Consecutive unanswered NOTIFYs after "
            + "which the phone is OFFLINE and its queued NOTIFYs fail with the reason, unsent.", min = "1")
    int offlineAfterFailures() default 1;

    @AttributeDefinition(name = "Most open transactions", min = "1")
    int maxTransactions() default 256;

    @AttributeDefinition(name = "TCP threads", min = "1")
    int threads() default 4;
}
