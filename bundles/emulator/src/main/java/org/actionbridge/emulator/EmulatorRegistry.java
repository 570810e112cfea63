package org.actionbridge.emulator;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/** The emulated devices running in this framework, one per {@code org.actionbridge.emulator} configuration. */
@ProviderType
public interface EmulatorRegistry {

    /** Every running device, sorted by id. */
    List<EmulatedDevice> devices();

    /** The running device with this id. */
    Optional<EmulatedDevice> device(String id);
}
