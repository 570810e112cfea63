package org.actionbridge.activeuri.internal;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Trusts a server whose certificate has one of the pinned SHA-256 fingerprints (phones ship self-signed
 * certificates for their IP address, so neither the chain nor the host name can be checked for those);
 * every other server must pass the JVM's usual checks, host name included.
 */
final class PinnedTrustManager extends X509ExtendedTrustManager {

    private final Set<String> pins;
    private final X509ExtendedTrustManager system;

    PinnedTrustManager(Set<String> pins, X509ExtendedTrustManager system) {
        this.pins = Set.copyOf(pins);
        this.system = system;
    }

    /** A TLS socket factory trusting the JVM's roots plus the pinned fingerprints. */
    static javax.net.ssl.SSLSocketFactory socketFactory(String[] fingerprints) throws GeneralSecurityException {
        Set<String> pins = new HashSet<>();
        for (String fingerprint : fingerprints) {
            String normalized = normalize(fingerprint);
            if (normalized.length() != 64 || !normalized.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                throw new IllegalArgumentException("trustedCertificateSha256: '" + fingerprint
                        + "' is not a SHA-256 fingerprint (64 hex digits, colons allowed)");
            }
            pins.add(normalized);
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init((KeyStore) null);
        X509ExtendedTrustManager system = null;
        for (TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509ExtendedTrustManager extended) {
                system = extended;
            }
        }
        if (system == null) {
            throw new GeneralSecurityException("the JVM has no X509 trust manager");
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] { new PinnedTrustManager(pins, system) }, null);
        return context.getSocketFactory();
    }

    static String normalize(String fingerprint) {
        return fingerprint.replace(":", "").replace(" ", "").trim().toLowerCase(Locale.ROOT);
    }

    static String fingerprint(X509Certificate certificate) throws CertificateEncodingException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }

    /** The readable reason of a failed handshake: ours when the certificate was refused, else the innermost. */
    static String describe(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            if (cause instanceof CertificateException && cause.getMessage() != null) {
                return cause.getMessage();
            }
            cause = cause.getCause();
        }
        return cause.getMessage() == null ? failure.toString() : cause.getMessage();
    }

    private boolean pinned(X509Certificate[] chain) throws CertificateException {
        return chain != null && chain.length > 0 && pins.contains(fingerprint(chain[0]));
    }

    private CertificateException untrusted(X509Certificate[] chain, CertificateException e)
            throws CertificateException {
        if (chain == null || chain.length == 0) {
            return e;
        }
        return new CertificateException("certificate with SHA-256 " + fingerprint(chain[0])
                + " is not trusted (" + e.getMessage() + "); if it is the phone's own, add the fingerprint to "
                + "trustedCertificateSha256 in org.actionbridge.activeuri", e);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        if (!pinned(chain)) {
            try {
                system.checkServerTrusted(chain, authType, socket);
            } catch (CertificateException e) {
                throw untrusted(chain, e);
            }
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        if (!pinned(chain)) {
            try {
                system.checkServerTrusted(chain, authType, engine);
            } catch (CertificateException e) {
                throw untrusted(chain, e);
            }
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        if (!pinned(chain)) {
            try {
                system.checkServerTrusted(chain, authType);
            } catch (CertificateException e) {
                throw untrusted(chain, e);
            }
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        throw new CertificateException("this trust manager only checks servers");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        throw new CertificateException("this trust manager only checks servers");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("this trust manager only checks servers");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return system.getAcceptedIssuers();
    }
}
