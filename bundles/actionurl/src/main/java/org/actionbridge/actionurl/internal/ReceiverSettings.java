package org.actionbridge.actionurl.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The receiver's settings, shared by its components. When no token is configured it generates one and
 * stores it through Config Admin, so it survives restarts and shows in {@code etc/}. The token is never
 * logged.
 */
@Component(service = ReceiverSettings.class, configurationPid = ReceiverSettings.PID, immediate = true)
@Designate(ocd = ReceiverConfig.class)
public final class ReceiverSettings {

    static final String PID = "org.actionbridge.actionurl";

    private final Logger logger = LoggerFactory.getLogger(ReceiverSettings.class);
    private final ConfigurationAdmin configurationAdmin;
    private final ExecutorService writer = new ThreadPoolExecutor(0, 1, 10, TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(4), NamedThreads.factory("actionurl-config"),
            new ThreadPoolExecutor.DiscardPolicy());

    private volatile Snapshot snapshot;
    /** A token this component generated and asked Config Admin to store, until the configuration carries it. */
    private volatile String generatedToken;

    /** The settings at one moment; replaced whole on every change. */
    record Snapshot(String token, byte[] tokenDigest, SourcePolicy allowedSources, SourcePolicy trustedProxies,
            String publicBaseUrl, int queueCapacity, int duplicateWindowMillis, int silenceTimeoutSeconds,
            int livenessCheckSeconds, int inboxCapacity) {
    }

    @Activate
    public ReceiverSettings(@Reference ConfigurationAdmin configurationAdmin, ReceiverConfig config) {
        this.configurationAdmin = configurationAdmin;
        apply(config);
    }

    @Modified
    void modified(ReceiverConfig config) {
        apply(config);
    }

    @Deactivate
    void deactivate() {
        writer.shutdownNow();
    }

    /** The current settings. */
    Snapshot current() {
        return snapshot;
    }

    private void apply(ReceiverConfig config) {
        String token = config.token().trim();
        if (token.isEmpty()) {
            // a token generated a moment ago may not be back from Config Admin yet: an unrelated change in between
            // must not replace it; otherwise an empty token (the key deleted) asks for a new one
            String pending = generatedToken;
            token = pending != null ? pending : generateToken();
            generatedToken = token;
            storeToken(token);
        } else {
            generatedToken = null;
            if (token.length() < 16 || !token.matches("[A-Za-z0-9_-]+")) {
                logger.warn("The configured Action URL token is weak or has characters other than letters, digits, "
                        + "'-' and '_'; it is used anyway, but a generated one is safer (delete the token key)");
            }
        }
        SourcePolicy allowed = parsePolicy("allowedSources", config.allowedSources());
        SourcePolicy proxies = parsePolicy("trustedProxies", config.trustedProxies());
        snapshot = new Snapshot(token, digest(token), allowed, proxies, baseUrl(config.publicBaseUrl()),
                Math.max(1, config.queueCapacity()), Math.max(0, config.duplicateWindowMillis()),
                Math.max(5, config.silenceTimeoutSeconds()), Math.max(1, config.livenessCheckSeconds()),
                Math.max(1, config.inboxCapacity()));
        logger.info("Action URL receiver configured: allowed sources [{}], trusted proxies [{}], base URL {}",
                allowed, proxies, snapshot.publicBaseUrl().isEmpty()
                        ? "from this machine's address and the HTTP port (publicBaseUrl is empty)"
                        : snapshot.publicBaseUrl());
    }

    private SourcePolicy parsePolicy(String key, String text) {
        SourcePolicy.Parsed parsed = SourcePolicy.parse(text);
        for (String problem : parsed.problems()) {
            logger.warn("{}: {} (entry ignored)", key, problem);
        }
        return parsed.policy();
    }

    private static String generateToken() {
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    /** SHA-256 of the token: comparing digests takes the same time whatever the length of the guess. */
    static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }

    private void storeToken(String token) {
        writer.execute(() -> {
            try {
                Configuration configuration = configurationAdmin.getConfiguration(PID, "?");
                Dictionary<String, Object> properties = configuration.getProperties();
                if (properties == null) {
                    properties = new Hashtable<>();
                }
                Object existing = properties.get("token");
                if (existing != null && !String.valueOf(existing).isBlank()) {
                    return;
                }
                properties.put("token", token);
                configuration.update(properties);
                logger.info("Generated and stored a new Action URL token (see phone:action-urls for the URLs)");
            } catch (IOException | RuntimeException e) {
                logger.warn("Could not store the generated Action URL token: {}; phones must be set up again "
                        + "after a restart", e.toString());
            }
        });
    }

    /** The configured base URL without a trailing slash; empty when ActionBridge should work it out. */
    private static String baseUrl(String configured) {
        String base = configured.trim();
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }
}
