package org.actionbridge.activeuri.internal;

import static org.actionbridge.activeuri.internal.TestSupport.fastConfig;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.FileInputStream;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import org.actionbridge.core.CommandError;
import org.actionbridge.core.Delivery;
import org.actionbridge.core.TransportMode;
import org.actionbridge.core.testing.RecordingThingRegistry;
import org.actionbridge.protocol.PhoneCommands;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A phone with a self-signed certificate for "phone.invalid" (so neither chain nor host name would pass). */
class HttpsPinningTest {

    @TempDir
    static Path dir;

    private static PhoneServer server;
    private static String fingerprint;

    @BeforeAll
    static void startPhone() throws Exception {
        Path keystore = dir.resolve("phone.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "phone", "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
                "CN=phone.invalid", "-validity", "2", "-storetype", "PKCS12", "-keystore", keystore.toString(),
                "-storepass", "changeit", "-keypass", "changeit").redirectErrorStream(true).start();
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).as(new String(keytool.getInputStream().readAllBytes())).isZero();
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(keystore.toFile())) {
            store.load(in, "changeit".toCharArray());
        }
        fingerprint = PinnedTrustManager.fingerprint((X509Certificate) store.getCertificate("phone"));
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, "changeit".toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keys.getKeyManagers(), null, null);
        server = new PhoneServer((request, i) -> PhoneServer.Answer.of(200), tls);
    }

    @AfterAll
    static void stopPhone() {
        server.close();
    }

    /** The deadline covers the first TLS handshake of the JVM, which a loaded machine may take long over. */
    private static final String READ_TIMEOUT = "readTimeoutMs";
    private static final int SLOW_HANDSHAKE = 10_000;

    private static Delivery send(ActiveUriConfig config) throws Exception {
        ActiveUriTransport transport = new ActiveUriTransport(new RecordingThingRegistry(), config);
        try {
            return transport.send(TestSupport.phone("tls", server.port(), true, TransportMode.HTTP),
                    PhoneCommands.answer()).toCompletableFuture().get(10, TimeUnit.SECONDS);
        } finally {
            transport.deactivate();
        }
    }

    @Test
    void trustsPinnedSelfSignedCertificate() throws Exception {
        String withColons = fingerprint.toUpperCase().replaceAll("(..)(?!$)", "$1:");
        Delivery delivery = send(fastConfig("trustedCertificateSha256", new String[] { withColons }, READ_TIMEOUT,
                SLOW_HANDSHAKE));

        assertThat(delivery.ok()).as(delivery.message()).isTrue();
        assertThat(server.requests).isNotEmpty();
    }

    @Test
    void refusesUnpinnedSelfSignedCertificateAndNamesItsFingerprint() throws Exception {
        int before = server.requests.size();
        Delivery delivery = send(fastConfig(READ_TIMEOUT, SLOW_HANDSHAKE));

        assertThat(delivery.error()).contains(CommandError.REFUSED);
        assertThat(delivery.message()).contains(fingerprint, "trustedCertificateSha256");
        assertThat(server.requests).hasSize(before);
    }

    @Test
    void malformedPinMakesHttpsUnavailableWithTheReason() throws Exception {
        Delivery delivery = send(fastConfig("trustedCertificateSha256", new String[] { "not-a-fingerprint" }));

        assertThat(delivery.error()).contains(CommandError.CONFIGURATION_ERROR);
        assertThat(delivery.message()).contains("not-a-fingerprint");
    }
}
