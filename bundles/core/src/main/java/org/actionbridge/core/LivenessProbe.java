package org.actionbridge.core;

import java.util.Optional;
import java.util.concurrent.CompletionStage;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A way to ask whether a silent phone is still there, registered as an OSGi service with the service
 * property {@value CommandTransport#NAME_PROPERTY} naming its transport (the SIP transport sends an
 * OPTIONS request). Implementations never throw and always complete.
 */
@ConsumerType
public interface LivenessProbe {

    /** Completes empty when the phone answered, else with the reason it is considered gone. */
    CompletionStage<Optional<String>> probe(PhoneConfiguration phone);
}
