package org.actionbridge.actionurl.internal;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.actionbridge.actionurl.DiscoveryInbox;
import org.actionbridge.actionurl.InboxEntry;
import org.actionbridge.core.Thing;
import org.actionbridge.core.ThingRegistry;
import org.actionbridge.core.ThingUID;
import org.actionbridge.protocol.MacAddress;
import org.actionbridge.protocol.ProtocolException;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the phones that called with a valid token but have no configuration, newest first. The entries
 * survive restarts: they are written to {@value #STORE_FILE} in the bundle's data area shortly after each
 * change, off the request thread, and read back on activation.
 */
@Component(service = { DiscoveryInbox.class, DiscoveryInboxImpl.class })
public final class DiscoveryInboxImpl implements DiscoveryInbox {

    static final String STORE_FILE = "discovery-inbox.properties";
    private static final String PHONE_FACTORY_PID = "org.actionbridge.phone";

    private final Logger logger = LoggerFactory.getLogger(DiscoveryInboxImpl.class);
    private final ConfigurationAdmin configurationAdmin;
    private final ThingRegistry registry;
    private final ReceiverSettings settings;
    private final Map<String, InboxEntry> entries = new LinkedHashMap<>(16, 0.75f, true);
    private final Object approving = new Object();
    private final Optional<InboxStore> store;

    @Activate
    public DiscoveryInboxImpl(BundleContext context, @Reference ConfigurationAdmin configurationAdmin,
            @Reference ThingRegistry registry, @Reference ReceiverSettings settings) {
        this(configurationAdmin, registry, settings,
                Optional.ofNullable(context.getDataFile(STORE_FILE)).map(File::toPath).orElse(null));
    }

    /** An inbox kept in memory only (tests). */
    DiscoveryInboxImpl(ConfigurationAdmin configurationAdmin, ThingRegistry registry, ReceiverSettings settings) {
        this(configurationAdmin, registry, settings, null);
    }

    /** An inbox persisted to {@code file}, or in memory only when it is null. */
    DiscoveryInboxImpl(ConfigurationAdmin configurationAdmin, ThingRegistry registry, ReceiverSettings settings,
            Path file) {
        this.configurationAdmin = configurationAdmin;
        this.registry = registry;
        this.settings = settings;
        this.store = Optional.ofNullable(file).map(InboxStore::new);
        store.ifPresent(s -> {
            List<InboxEntry> loaded = s.load(settings.current().inboxCapacity());
            synchronized (entries) {
                loaded.stream().sorted(Comparator.comparing(InboxEntry::lastSeen))
                        .forEach(entry -> entries.put(entry.key(), entry));
            }
            if (!loaded.isEmpty()) {
                logger.info("Discovery inbox: {} unknown phones from before the restart", loaded.size());
            }
        });
    }

    @Deactivate
    void deactivate() {
        store.ifPresent(InboxStore::close);
    }

    private void changed() {
        store.ifPresent(s -> s.save(this::snapshot));
    }

    private List<InboxEntry> snapshot() {
        synchronized (entries) {
            return new ArrayList<>(entries.values());
        }
    }

    /** Records a request from an unknown phone. */
    void record(String mac, String ip, String model, String firmware, String event) {
        String key = mac.isEmpty() ? "ip:" + ip : mac;
        Instant now = Instant.now();
        boolean added;
        synchronized (entries) {
            InboxEntry old = entries.get(key);
            added = old == null;
            InboxEntry entry = old == null
                    ? new InboxEntry(key, mac, ip, model, firmware, now, now, event, 1)
                    : new InboxEntry(key, mac, ip, model.isEmpty() ? old.model() : model,
                            firmware.isEmpty() ? old.firmware() : firmware, old.firstSeen(), now, event,
                            old.requests() + 1);
            entries.put(key, entry);
            int capacity = settings.current().inboxCapacity();
            var eldest = entries.keySet().iterator();
            while (entries.size() > capacity && eldest.hasNext()) {
                eldest.next();
                eldest.remove();
            }
        }
        changed();
        if (added) {
            logger.info("Unknown phone {} at {} ({}) is in the discovery inbox; approve it with phone:approve",
                    mac.isEmpty() ? "without MAC" : mac, ip, model.isEmpty() ? "model unknown" : model);
        }
    }

    @Override
    public List<InboxEntry> entries() {
        List<InboxEntry> list = new ArrayList<>();
        boolean removed = false;
        synchronized (entries) {
            // a phone configured by hand since it called is no longer unknown
            for (var i = entries.values().iterator(); i.hasNext();) {
                InboxEntry entry = i.next();
                if (configuredAs(entry).isPresent()) {
                    i.remove();
                    removed = true;
                } else {
                    list.add(entry);
                }
            }
        }
        if (removed) {
            changed();
        }
        list.sort(Comparator.comparing(InboxEntry::lastSeen).reversed());
        return list;
    }

    /** The thing a phone of the inbox has been configured as since it called, if any. */
    private Optional<String> configuredAs(InboxEntry entry) {
        Optional<Thing> thing = entry.mac().isEmpty() ? registry.findByIp(entry.ip()) : registry.findByMac(entry.mac());
        return thing.filter(t -> t.configuration().isPresent()).map(Thing::id);
    }

    @Override
    public String approve(String key, String thingId) {
        // one approval at a time: two at once for the same phone must not both write a configuration
        synchronized (approving) {
            return approveAlone(key, thingId);
        }
    }

    private String approveAlone(String key, String thingId) {
        String normalised = normaliseKey(key);
        InboxEntry entry;
        synchronized (entries) {
            entry = entries.get(normalised);
        }
        if (entry == null) {
            throw new IllegalArgumentException("no phone '" + key + "' in the discovery inbox");
        }
        Optional<String> configured = configuredAs(entry);
        if (configured.isPresent()) {
            synchronized (entries) {
                entries.remove(normalised);
            }
            changed();
            throw new IllegalArgumentException("phone " + entry.key() + " is already configured as thing '"
                    + configured.get() + "'; its inbox entry is removed");
        }
        String id = thingId == null || thingId.isBlank() ? derivedId(entry) : thingId.trim();
        if (!ThingUID.isValidId(id)) {
            throw new IllegalArgumentException("thing id '" + id + "' must be 1-64 letters, digits, '-' or '_'");
        }
        if (registry.get(id).isPresent()) {
            throw new IllegalArgumentException("thing id '" + id + "' is already used");
        }
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put("id", id);
        properties.put("type", isIntercomModel(entry.model()) ? "intercom" : "phone");
        properties.put("host", entry.ip());
        if (!entry.mac().isEmpty()) {
            properties.put("mac", entry.mac());
        }
        if (!entry.model().isEmpty()) {
            properties.put("label", entry.model() + " " + id);
        }
        try {
            Configuration configuration = configurationAdmin.getFactoryConfiguration(PHONE_FACTORY_PID, id, "?");
            configuration.update(properties);
        } catch (IOException e) {
            throw new IllegalArgumentException("could not write the configuration of '" + id + "': " + e.getMessage(), e);
        }
        synchronized (entries) {
            entries.remove(normalised);
        }
        changed();
        logger.info("Approved phone {} as thing {}", entry.key(), id);
        return id;
    }

    private static String normaliseKey(String key) {
        if (key == null) {
            return "";
        }
        String trimmed = key.trim();
        if (trimmed.regionMatches(true, 0, "ip:", 0, 3)) {
            return "ip:" + trimmed.substring(3);
        }
        try {
            return MacAddress.parse(trimmed).value();
        } catch (ProtocolException e) {
            return trimmed;
        }
    }

    private static String derivedId(InboxEntry entry) {
        if (!entry.mac().isEmpty()) {
            return "fanvil-" + entry.mac();
        }
        return "fanvil-" + entry.ip().replaceAll("[^A-Za-z0-9]", "-");
    }

    /** Fanvil's door intercoms are the i-series (i10, i20S, i33V, ...). */
    static boolean isIntercomModel(String model) {
        String m = model.trim().toUpperCase(Locale.ROOT);
        if (m.startsWith("FANVIL")) {
            m = m.substring(6).trim();
        }
        return m.length() >= 2 && m.charAt(0) == 'I' && Character.isDigit(m.charAt(1));
    }
}
