package org.actionbridge.core.internal;

import java.util.List;

import org.actionbridge.core.PhoneConfiguration;
import org.actionbridge.core.ThingType;

/** The registry's write side for configurations, used only inside the core bundle. */
interface ThingStore {

    /**
     * Adds or updates the thing of a valid configuration, owned by configuration {@code pid}.
     *
     * @return false when another configuration already owns that thing id
     */
    boolean put(String pid, PhoneConfiguration configuration);

    /** Adds or updates a thing whose configuration is invalid: OFFLINE with CONFIGURATION_ERROR. */
    boolean putInvalid(String pid, String id, ThingType type, List<String> problems);

    /** Removes the thing owned by configuration {@code pid}, if any, and anything it waits for. */
    void remove(String pid);

    /**
     * Runs {@code retry} once thing id {@code id}, refused to configuration {@code pid} because another owned it,
     * is free again (unless {@code pid} is removed first).
     */
    void whenFree(String id, String pid, Runnable retry);
}
