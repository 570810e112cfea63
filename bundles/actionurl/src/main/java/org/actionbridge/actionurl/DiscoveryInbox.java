package org.actionbridge.actionurl;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/** Phones that call the receiver with a valid token but have no configuration yet. */
@ProviderType
public interface DiscoveryInbox {

    /** The entries, most recently seen first. */
    List<InboxEntry> entries();

    /**
     * Approves an entry: writes a phone configuration (factory PID {@code org.actionbridge.phone})
     * with its address and MAC, and removes it from the inbox.
     *
     * @param key the entry's MAC (any notation) or {@code ip:} key
     * @param thingId the id of the new thing; empty to derive one from the MAC or address
     * @return the id of the thing that will be created
     * @throws IllegalArgumentException with a readable reason when there is no such entry, the id is
     *             not usable or already taken
     */
    String approve(String key, String thingId);
}
