package org.actionbridge.actionurl;

import java.time.Duration;
import java.util.concurrent.CompletionStage;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Checks a phone's callback path end to end: toggles DND twice through the command path and waits for
 * the phone's matching {@code dnd_enabled} / {@code dnd_disabled} Action URLs.
 */
@ProviderType
public interface SelfTest {

    /** Runs the self-test; never completes exceptionally. */
    CompletionStage<SelfTestReport> run(String thingId, Duration timeout);
}
