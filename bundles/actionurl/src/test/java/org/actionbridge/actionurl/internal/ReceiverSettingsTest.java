package org.actionbridge.actionurl.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Collections;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.Map;

import org.actionbridge.core.testing.ConfigProxies;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

class ReceiverSettingsTest {

    /** The receiver's configuration as Config Admin holds it (what etc/org.actionbridge.actionurl.cfg says). */
    private final Hashtable<String, Object> stored = new Hashtable<>();
    private ReceiverSettings settings;

    private ConfigurationAdmin configurationAdmin() {
        Configuration configuration = (Configuration) Proxy.newProxyInstance(Configuration.class.getClassLoader(),
                new Class<?>[] { Configuration.class }, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "getProperties" -> {
                            synchronized (stored) {
                                return stored.isEmpty() ? null : new Hashtable<>(stored);
                            }
                        }
                        case "update" -> {
                            if (args != null) {
                                @SuppressWarnings("unchecked")
                                Dictionary<String, Object> properties = (Dictionary<String, Object>) args[0];
                                synchronized (stored) {
                                    stored.clear();
                                    for (String key : Collections.list(properties.keys())) {
                                        stored.put(key, properties.get(key));
                                    }
                                }
                            }
                            return null;
                        }
                        default -> {
                            return null;
                        }
                    }
                });
        return (ConfigurationAdmin) Proxy.newProxyInstance(ConfigurationAdmin.class.getClassLoader(),
                new Class<?>[] { ConfigurationAdmin.class }, (proxy, method, args) -> configuration);
    }

    private static ReceiverConfig config(String token) {
        Map<String, Object> values = new HashMap<>();
        if (token != null) {
            values.put("token", token);
        }
        return ConfigProxies.of(ReceiverConfig.class, values);
    }

    private String storedToken() {
        synchronized (stored) {
            Object token = stored.get("token");
            return token == null ? "" : token.toString();
        }
    }

    @AfterEach
    void stop() {
        if (settings != null) {
            settings.deactivate();
        }
    }

    @Test
    void aMissingTokenIsGeneratedAndStored() {
        settings = new ReceiverSettings(configurationAdmin(), config(null));
        String token = settings.current().token();

        assertThat(token).matches("[A-Za-z0-9_-]{32}");
        await().atMost(Duration.ofSeconds(5)).until(() -> storedToken().equals(token));
    }

    @Test
    void deletingAWeakTokenAsTheWarningAdvisesGeneratesANewOne() {
        stored.put("token", "abc");
        settings = new ReceiverSettings(configurationAdmin(), config("abc"));
        assertThat(settings.current().token()).isEqualTo("abc");

        stored.remove("token");
        settings.modified(config(null));

        String token = settings.current().token();
        assertThat(token).isNotEqualTo("abc").matches("[A-Za-z0-9_-]{32}");
        await().atMost(Duration.ofSeconds(5)).until(() -> storedToken().equals(token));
    }

    @Test
    void aChangeArrivingBeforeTheGeneratedTokenIsBackKeepsThatToken() {
        settings = new ReceiverSettings(configurationAdmin(), config(null));
        String generated = settings.current().token();

        // e.g. allowedSources edited while Config Admin was still delivering the stored token
        settings.modified(config(null));
        assertThat(settings.current().token()).isEqualTo(generated);

        settings.modified(config(generated));
        assertThat(settings.current().token()).isEqualTo(generated);
    }
}
