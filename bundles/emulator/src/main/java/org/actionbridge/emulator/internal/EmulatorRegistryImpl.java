package org.actionbridge.emulator.internal;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.actionbridge.emulator.EmulatedDevice;
import org.actionbridge.emulator.EmulatorRegistry;
import org.osgi.service.component.annotations.Component;

/** The running emulated devices, registered by their components; ids are unique. */
@Component(service = { EmulatorRegistry.class, EmulatorRegistryImpl.class })
public final class EmulatorRegistryImpl implements EmulatorRegistry {

    private final Map<String, EmulatedDevice> devices = new ConcurrentHashMap<>();

    @Override
    public List<EmulatedDevice> devices() {
        return devices.values().stream().sorted(Comparator.comparing(EmulatedDevice::id)).toList();
    }

    @Override
    public Optional<EmulatedDevice> device(String id) {
        return Optional.ofNullable(id == null ? null : devices.get(id));
    }

    /** Adds the device; false when another device already has its id. */
    boolean add(EmulatedDevice device) {
        return devices.putIfAbsent(device.id(), device) == null;
    }

    void remove(EmulatedDevice device) {
        devices.remove(device.id(), device);
    }
}
