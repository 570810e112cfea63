package org.actionbridge.itests;

import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The factory configurations a test creates (phones, emulated devices), remembered so that its tear-down
 * deletes them. Takes Config Admin lazily: Pax Exam injects it after the test's fields are initialised.
 */
public final class FactoryConfigurations {

    private final Supplier<ConfigurationAdmin> configurationAdmin;
    private final List<Configuration> created = new CopyOnWriteArrayList<>();

    public FactoryConfigurations(Supplier<ConfigurationAdmin> configurationAdmin) {
        this.configurationAdmin = configurationAdmin;
    }

    /** Creates (or updates) the factory configuration {@code factoryPid~name} with {@code values}. */
    public Configuration create(String factoryPid, String name, Map<String, ?> values) throws Exception {
        Configuration configuration = configurationAdmin.get().getFactoryConfiguration(factoryPid, name, "?");
        configuration.update(new Hashtable<>(values));
        created.add(configuration);
        return configuration;
    }

    /** The first configuration created of {@code factoryPid}. */
    public Optional<Configuration> first(String factoryPid) {
        return created.stream().filter(c -> factoryPid.equals(c.getFactoryPid())).findFirst();
    }

    /** Deletes every configuration created, but those of {@code keptFactoryPid} (null: none kept). */
    public void deleteAllExcept(String keptFactoryPid) throws Exception {
        for (Configuration configuration : created) {
            try {
                if (keptFactoryPid == null || !keptFactoryPid.equals(configuration.getFactoryPid())) {
                    configuration.delete();
                }
            } catch (IllegalStateException alreadyDeleted) {
                // the test deleted it itself
            }
        }
    }

    public void deleteAll() throws Exception {
        deleteAllExcept(null);
    }
}
