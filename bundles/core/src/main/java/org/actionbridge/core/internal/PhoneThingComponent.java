package org.actionbridge.core.internal;

import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One instance per {@code org.actionbridge.phone} factory configuration: creating, editing or deleting
 * the configuration (or its {@code etc/org.actionbridge.phone-<id>.cfg} file) adds, updates or removes
 * the thing.
 */
@Component(configurationPid = PhoneConfigParser.FACTORY_PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = {})
@Designate(ocd = PhoneConfig.class, factory = true)
public final class PhoneThingComponent {

    private final Logger logger = LoggerFactory.getLogger(PhoneThingComponent.class);
    private final ThingStore store;
    private final String pid;

    @Activate
    public PhoneThingComponent(@Reference ThingStore store, Map<String, Object> properties) {
        this.store = store;
        this.pid = String.valueOf(properties.get("service.pid"));
        apply(properties);
    }

    @Modified
    void modified(Map<String, Object> properties) {
        apply(properties);
    }

    @Deactivate
    void deactivate() {
        store.remove(pid);
    }

    private void apply(Map<String, Object> properties) {
        PhoneConfigParser.Result result = PhoneConfigParser.parse(properties);
        boolean owned;
        if (result.configuration().isPresent()) {
            owned = store.put(pid, result.configuration().get());
        } else {
            logger.warn("Phone configuration {} (thing {}) is invalid: {}", pid, result.id(),
                    String.join("; ", result.problems()));
            owned = store.putInvalid(pid, result.id(), result.type(), result.problems());
        }
        if (!owned) {
            logger.warn("Configuration {} names thing id '{}', which another configuration already uses; it is "
                    + "ignored until that one is removed or renamed", pid, result.id());
            store.whenFree(result.id(), pid, () -> retry(result.id(), properties));
        }
    }

    private void retry(String id, Map<String, Object> properties) {
        logger.info("Thing id '{}' is free again; configuration {} takes it", id, pid);
        apply(properties);
    }
}
