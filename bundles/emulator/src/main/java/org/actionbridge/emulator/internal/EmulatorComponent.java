package org.actionbridge.emulator.internal;

import java.io.IOException;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One emulated device per {@code org.actionbridge.emulator} factory configuration: creating, editing or
 * deleting the configuration (or its {@code etc/org.actionbridge.emulator-<id>.cfg} file) starts, restarts or
 * stops the device. A bad configuration or a port in use is logged in one line and leaves no device running.
 */
@Component(configurationPid = EmulatorConfigParser.FACTORY_PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = {}, immediate = true)
@Designate(ocd = EmulatorDeviceConfig.class, factory = true)
public final class EmulatorComponent {

    private final Logger logger = LoggerFactory.getLogger(EmulatorComponent.class);
    private final EmulatorRegistryImpl registry;
    private final DeviceRuntime runtime;

    @Activate
    public EmulatorComponent(@Reference EmulatorRegistryImpl registry, Map<String, Object> properties) {
        this.registry = registry;
        this.runtime = start(properties);
    }

    private DeviceRuntime start(Map<String, Object> properties) {
        EmulatorConfigParser.Result result = EmulatorConfigParser.parse(properties);
        if (result.configuration().isEmpty()) {
            logger.warn("Emulator configuration {} (device {}) is invalid, device not started: {}",
                    properties.get("service.pid"), result.id(), String.join("; ", result.problems()));
            return null;
        }
        EmulatorConfig config = result.configuration().get();
        if (registry.device(config.id()).isPresent()) {
            logger.warn("Emulator configuration {} names device id '{}', which another configuration already uses;"
                    + " device not started", properties.get("service.pid"), config.id());
            return null;
        }
        DeviceRuntime started;
        try {
            started = DeviceRuntime.start(config);
        } catch (IOException e) {
            logger.warn("Emulator {} not started: cannot listen on {} (http {}, sip {}): {}", config.id(),
                    config.bindAddress().getHostAddress(), config.httpPort(), config.sipPort(), e.getMessage());
            return null;
        }
        if (!registry.add(started.device())) {
            logger.warn("Emulator id '{}' is already in use; device not started", config.id());
            started.close();
            return null;
        }
        return started;
    }

    @Deactivate
    void deactivate() {
        if (runtime != null) {
            registry.remove(runtime.device());
            runtime.close();
        }
    }
}
