package org.actionbridge.core;

import java.util.concurrent.CompletionStage;

import org.actionbridge.protocol.ActiveUriInstruction;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A way to deliver Active URI instructions to a phone, registered as an OSGi service with the service
 * property {@value #NAME_PROPERTY} set to {@code http} or {@code sip} ({@link TransportMode#id()}). The
 * core routes each command to the transport its thing's configuration names. Implementations never
 * throw: every failure is a {@link Delivery} with its error.
 */
@ConsumerType
public interface CommandTransport {

    /** The service property naming the transport. */
    String NAME_PROPERTY = "actionbridge.transport";

    /** Sends one instruction to the phone configured by {@code phone}; completes when the phone answered. */
    CompletionStage<Delivery> send(PhoneConfiguration phone, ActiveUriInstruction instruction);
}
