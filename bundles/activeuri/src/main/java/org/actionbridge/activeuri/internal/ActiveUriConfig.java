package org.actionbridge.activeuri.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Limits of the Active URI transport (PID {@code org.actionbridge.activeuri}); they apply to every phone. */
@ObjectClassDefinition(id = ActiveUriTransport.PID, name = "ActionBridge Active URI transport",
        description = "Sends Active URI instructions to phones over HTTP(S), one at a time per phone.")
@interface ActiveUriConfig {

    @AttributeDefinition(name = "Connect timeout (ms)", min = "1")
    int connectTimeoutMs() default 3000;

    @AttributeDefinition(name = "Read timeout (ms)", description = "Longest wait for the phone's answer once connected.",
            min = "1")
    int readTimeoutMs() default 5000;

    @AttributeDefinition(name = "Queue capacity", description = "Commands waiting per phone; more fail with BUSY.",
            min = "1")
    int queueCapacity() default 32;

    @AttributeDefinition(name = "Pacing (ms)",
            description = "Least time between the end of one request and the start of the next to the same phone.",
            min = "0")
    int pacingMs() default 0;

    @AttributeDefinition(name = "Retries", description = "Extra attempts after a connection failure (never after "
            + "an answer or a read timeout: the phone may already have pressed the keys).", min = "0")
    int retries() default 2;

    @AttributeDefinition(name = "Retry backoff (ms)", description = "Wait before the first retry; doubles per retry.",
            min = "0")
    int retryBackoffMs() default 500;

    @AttributeDefinition(name = "Offline after failures", description = "Consecutive unreachable or timed-out "
            + "commands after which the phone is OFFLINE and its queued commands fail with the reason.", min = "1")
    int offlineAfterFailures() default 3;

    @AttributeDefinition(name = "Threads", description = "Worker threads shared by all phones: how many phones "
            + "can be sent a command at the same time (each phone gets one at a time, in order).", min = "1")
    int threads() default 16;

    @AttributeDefinition(name = "Trusted certificate SHA-256 fingerprints", description = "HTTPS: certificates "
            + "(usually the phones' self-signed ones) trusted by their SHA-256 fingerprint, hex with or without "
            + "colons. Others must chain to the JVM's trusted roots and match the host name.")
    String[] trustedCertificateSha256() default {};
}
