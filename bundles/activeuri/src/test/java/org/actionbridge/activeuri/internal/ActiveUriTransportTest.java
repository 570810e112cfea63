package org.actionbridge.activeuri.internal;

import org.actionbridge.protocol.auth.DigestChallenge;
import static org.actionbridge.activeuri.internal.TestSupport.fastConfig;
import static org.actionbridge.activeuri.internal.TestSupport.phone;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.actionbridge.core.CommandError;
import org.actionbridge.core.Delivery;
import org.actionbridge.core.PhoneConfiguration;
import org.actionbridge.core.ThingStatus;
import org.actionbridge.core.ThingStatusDetail;
import org.actionbridge.core.TransportMode;
import org.actionbridge.core.testing.RecordingThingRegistry;
import org.actionbridge.protocol.ActiveUriInstruction;
import org.actionbridge.protocol.PhoneCommands;
import org.actionbridge.protocol.ProtocolException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ActiveUriTransportTest {

    private final RecordingThingRegistry registry = new RecordingThingRegistry();
    private final List<AutoCloseable> resources = new ArrayList<>();
    private ActiveUriTransport transport;

    @AfterEach
    void tearDown() throws Exception {
        if (transport != null) {
            transport.deactivate();
        }
        for (AutoCloseable resource : resources) {
            resource.close();
        }
    }

    private PhoneServer server(PhoneServer.Behaviour behaviour) throws Exception {
        PhoneServer server = new PhoneServer(behaviour);
        resources.add(server);
        return server;
    }

    private ActiveUriTransport transport(ActiveUriConfig config) {
        transport = new ActiveUriTransport(registry, config);
        return transport;
    }

    private static Delivery result(CompletableFuture<Delivery> future) throws Exception {
        return future.get(10, TimeUnit.SECONDS);
    }

    private Delivery send(PhoneConfiguration phone, ActiveUriInstruction instruction) throws Exception {
        return result(transport.send(phone, instruction).toCompletableFuture());
    }

    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }

    @Test
    void sendsInstructionAsQueryOfConfigManApp() throws Exception {
        PhoneServer server = server((request, i) -> PhoneServer.Answer.of(200));
        transport(fastConfig());

        Delivery delivery = send(phone("desk", server.port(), "", ""), PhoneCommands.dial("0000"));

        assertThat(delivery.ok()).as(delivery.message()).isTrue();
        assertThat(server.requests).singleElement().satisfies(request -> {
            assertThat(request.path()).isEqualTo("/cgi-bin/ConfigManApp.com");
            assertThat(request.rawQuery()).isEqualTo("key=SPEAKER;0000;ENTER");
            assertThat(request.authorization()).isNull();
        });
    }

    @Test
    void sendsDoorCodeAndDisplayNameEncodedByTheProtocolModel() throws Exception {
        PhoneServer server = server((request, i) -> PhoneServer.Answer.of(200));
        transport(fastConfig());
        PhoneConfiguration phone = phone("door", server.port(), "", "");

        assertThat(send(phone, PhoneCommands.openDoor("12#4")).ok()).isTrue();
        assertThat(send(phone, PhoneCommands.displayName(2, "Réception A")).ok()).isTrue();

        assertThat(server.requests).extracting(PhoneServer.Request::rawQuery).containsExactly(
                PhoneCommands.openDoor("12#4").toQueryString(),
                PhoneCommands.displayName(2, "Réception A").toQueryString());
        assertThat(server.requests.get(0).rawQuery()).startsWith("key=F_LOCK&code=12").doesNotContain("#");
    }

    @Test
    void answersBasicChallengeAndThenAuthenticatesUpFront() throws Exception {
        String expected = "Basic " + Base64.getEncoder().encodeToString("ops:s3cret".getBytes(StandardCharsets.UTF_8));
        PhoneServer server = server((request, i) -> expected.equals(request.authorization())
                ? PhoneServer.Answer.of(200)
                : PhoneServer.Answer.of(401, "WWW-Authenticate: Basic realm=\"phone\""));
        transport(fastConfig());
        PhoneConfiguration phone = phone("desk", server.port(), "ops", "s3cret");

        assertThat(send(phone, PhoneCommands.answer()).ok()).isTrue();
        assertThat(send(phone, PhoneCommands.hangUp()).ok()).isTrue();

        assertThat(server.requests).extracting(PhoneServer.Request::authorization)
                .containsExactly(null, expected, expected);
    }

    @ParameterizedTest
    @ValueSource(strings = { "MD5", "SHA-256" })
    void answersDigestChallengeAndReusesNonceWithCount(String algorithm) throws Exception {
        DigestPhone digest = new DigestPhone(algorithm, "ops", "s3cret");
        PhoneServer server = server(digest);
        transport(fastConfig());
        PhoneConfiguration phone = phone("desk", server.port(), "ops", "s3cret");

        assertThat(send(phone, PhoneCommands.answer()).ok()).isTrue();
        assertThat(send(phone, PhoneCommands.hangUp()).ok()).isTrue();

        assertThat(server.requests).hasSize(3);
        assertThat(server.requests.get(0).authorization()).isNull();
        assertThat(server.requests.get(1).authorization()).contains("nc=00000001", "algorithm=" + algorithm);
        assertThat(server.requests.get(2).authorization()).contains("nc=00000002");
        assertThat(digest.valid).isEqualTo(2);
    }

    @Test
    void staleNonceIsAnsweredOnceWithTheNewOne() throws Exception {
        DigestPhone digest = new DigestPhone("MD5", "ops", "s3cret");
        PhoneServer server = server(digest);
        transport(fastConfig());
        PhoneConfiguration phone = phone("desk", server.port(), "ops", "s3cret");
        assertThat(send(phone, PhoneCommands.answer()).ok()).isTrue();

        digest.nonce = "fresh-nonce";
        assertThat(send(phone, PhoneCommands.hangUp()).ok()).isTrue();

        assertThat(server.requests).hasSize(4);
        assertThat(server.requests.get(3).authorization()).contains("nonce=\"fresh-nonce\"", "nc=00000001");
    }

    @Test
    void wrongPasswordIsUnauthorizedAfterOneAnswerToTheChallenge() throws Exception {
        PhoneServer server = server(new DigestPhone("MD5", "ops", "right"));
        ActiveUriTransport transport = transport(fastConfig("retries", 3));

        Delivery delivery = send(phone("desk", server.port(), "ops", "wrong"), PhoneCommands.answer());

        assertThat(delivery.error()).contains(CommandError.UNAUTHORIZED);
        assertThat(delivery.message()).doesNotContain("wrong", "ops");
        assertThat(server.requests).hasSize(2);
        assertThat(transport.connectAttempts()).isEqualTo(2);
        assertThat(registry.last("desk")).get().satisfies(status -> {
            assertThat(status.status()).isEqualTo(ThingStatus.OFFLINE);
            assertThat(status.detail()).isEqualTo(ThingStatusDetail.AUTHENTICATION_ERROR);
        });
    }

    @Test
    void missingCredentialsAreReportedAsUnauthorized() throws Exception {
        PhoneServer server = server((request, i) -> PhoneServer.Answer.of(401, "WWW-Authenticate: Basic realm=\"p\""));
        transport(fastConfig());

        Delivery delivery = send(phone("desk", server.port(), "", ""), PhoneCommands.answer());

        assertThat(delivery.error()).contains(CommandError.UNAUTHORIZED);
        assertThat(delivery.message()).contains("requires credentials");
        assertThat(server.requests).hasSize(1);
    }

    @Test
    void forbiddenSourceIsReportedAndNeverRetried() throws Exception {
        PhoneServer server = server((request, i) -> PhoneServer.Answer.of(403));
        ActiveUriTransport transport = transport(fastConfig("retries", 3));

        Delivery delivery = send(phone("desk", server.port(), "", ""), PhoneCommands.answer());

        assertThat(delivery.error()).contains(CommandError.FORBIDDEN);
        assertThat(transport.connectAttempts()).isEqualTo(1);
        assertThat(registry.last("desk").map(s -> s.detail())).contains(ThingStatusDetail.AUTHENTICATION_ERROR);
    }

    @Test
    void aDoorRefusingItsCodeIsAWrongCodeNotALostIntercom() throws Exception {
        PhoneServer server = server((request, i) -> PhoneServer.Answer.of(403));
        transport(fastConfig("retries", 3));

        Delivery delivery = send(phone("desk", server.port(), "", ""), PhoneCommands.openDoor("1234"));

        assertThat(delivery.error()).contains(CommandError.FORBIDDEN);
        assertThat(delivery.message()).contains("did not open the door").contains("wrong door code");
        assertThat(registry.statuses()).as("the intercom answered: its status stays").isEmpty();
    }

    @Test
    void badRequestIsAnUnknownInstruction() throws Exception {
        PhoneServer server = server((request, i) -> PhoneServer.Answer.of(400));
        transport(fastConfig());

        assertThat(send(phone("desk", server.port(), "", ""), PhoneCommands.answer()).error())
                .contains(CommandError.UNKNOWN_INSTRUCTION);
    }

    @Test
    void otherStatusesAreRefusalsWithTheCode() throws Exception {
        PhoneServer server = server((request, i) -> PhoneServer.Answer.of(503));
        transport(fastConfig());

        Delivery delivery = send(phone("desk", server.port(), "", ""), PhoneCommands.answer());

        assertThat(delivery.error()).contains(CommandError.REFUSED);
        assertThat(delivery.message()).contains("503");
    }

    @Test
    void silentPhoneTimesOutWithoutRetry() throws Exception {
        ServerSocket silent = new ServerSocket(0, 8, InetAddress.getByName("127.0.0.1"));
        resources.add(silent);
        List<Socket> accepted = new ArrayList<>();
        Thread acceptor = new Thread(() -> {
            try {
                while (true) {
                    accepted.add(silent.accept());
                }
            } catch (Exception e) {
                // closed
            }
        });
        acceptor.start();
        ActiveUriTransport transport = transport(fastConfig("readTimeoutMs", 300, "retries", 2));

        Delivery delivery = send(phone("desk", silent.getLocalPort(), "", ""), PhoneCommands.answer());

        assertThat(delivery.error()).contains(CommandError.TIMEOUT);
        assertThat(delivery.message()).contains("within 300 ms");
        assertThat(transport.connectAttempts()).isEqualTo(1);
    }

    @Test
    void closedPortIsUnreachableAfterRetries() throws Exception {
        ActiveUriTransport transport = transport(fastConfig("retries", 2, "retryBackoffMs", 20));

        Delivery delivery = send(phone("desk", closedPort(), "", ""), PhoneCommands.answer());

        assertThat(delivery.error()).contains(CommandError.UNREACHABLE);
        assertThat(transport.connectAttempts()).isEqualTo(3);
    }

    @Test
    void retryReachesPhoneThatComesBack() throws Exception {
        int port = closedPort();
        transport(fastConfig("retries", 5, "retryBackoffMs", 100));
        CompletableFuture<Delivery> pending = transport.send(phone("desk", port, "", ""), PhoneCommands.answer())
                .toCompletableFuture();
        await().atMost(Duration.ofSeconds(5)).until(() -> transport.connectAttempts() >= 1);
        PhoneServer late = new PhoneServer((request, i) -> PhoneServer.Answer.of(200), null, port);
        resources.add(late);

        assertThat(result(pending).ok()).isTrue();
        assertThat(late.requests).hasSize(1);
    }

    @Test
    void commandsRunOneAtATimeInOrder() throws Exception {
        PhoneServer server = server((request, i) -> {
            Thread.sleep(10);
            return PhoneServer.Answer.of(200);
        });
        transport(fastConfig());
        PhoneConfiguration phone = phone("desk", server.port(), "", "");
        List<CompletableFuture<Delivery>> results = new ArrayList<>();
        for (int n = 1; n <= 12; n++) {
            results.add(transport.send(phone, PhoneCommands.sendDtmf(String.valueOf(n))).toCompletableFuture());
        }
        for (CompletableFuture<Delivery> result : results) {
            assertThat(result(result).ok()).isTrue();
        }
        List<String> expected = new ArrayList<>();
        for (int n = 1; n <= 12; n++) {
            expected.add(PhoneCommands.sendDtmf(String.valueOf(n)).toQueryString());
        }
        assertThat(server.requests).extracting(PhoneServer.Request::rawQuery).containsExactlyElementsOf(expected);
        assertThat(server.maxConcurrent.get()).isEqualTo(1);
    }

    @Test
    void differentPhonesAreServedInParallel() throws Exception {
        CountDownLatch both = new CountDownLatch(2);
        PhoneServer server = server((request, i) -> {
            both.countDown();
            both.await(5, TimeUnit.SECONDS);
            return PhoneServer.Answer.of(both.getCount() == 0 ? 200 : 500);
        });
        transport(fastConfig("readTimeoutMs", 6000));
        CompletableFuture<Delivery> a = transport.send(phone("a", server.port(), "", ""), PhoneCommands.answer())
                .toCompletableFuture();
        CompletableFuture<Delivery> b = transport.send(phone("b", server.port(), "", ""), PhoneCommands.answer())
                .toCompletableFuture();
        assertThat(result(a).ok()).isTrue();
        assertThat(result(b).ok()).isTrue();
    }

    @Test
    void aBusyPhoneDoesNotKeepThePoolThreadFromOtherPhones() throws Exception {
        PhoneServer server = server((request, i) -> {
            Thread.sleep(5);
            return PhoneServer.Answer.of(200);
        });
        transport(fastConfig("threads", 1));
        List<CompletableFuture<Delivery>> results = new ArrayList<>();
        for (int n = 0; n < 20; n++) {
            results.add(transport.send(phone("busy", server.port(), "", ""), PhoneCommands.sendDtmf("1"))
                    .toCompletableFuture());
        }
        results.add(transport.send(phone("other", server.port(), "", ""), PhoneCommands.sendDtmf("2"))
                .toCompletableFuture());
        for (CompletableFuture<Delivery> result : results) {
            assertThat(result(result).ok()).isTrue();
        }
        List<String> queries = server.requests.stream().map(PhoneServer.Request::rawQuery).toList();
        // the one thread works off a few of the busy phone's commands in a row, then takes its turn with the
        // other phone's, not all twenty first
        assertThat(queries.indexOf(PhoneCommands.sendDtmf("2").toQueryString())).isBetween(1, 10);
    }

    @Test
    void pacingSpacesRequestsToOnePhone() throws Exception {
        PhoneServer server = server((request, i) -> PhoneServer.Answer.of(200));
        transport(fastConfig("pacingMs", 150));
        PhoneConfiguration phone = phone("desk", server.port(), "", "");
        List<CompletableFuture<Delivery>> results = new ArrayList<>();
        for (int n = 0; n < 3; n++) {
            results.add(transport.send(phone, PhoneCommands.answer()).toCompletableFuture());
        }
        for (CompletableFuture<Delivery> result : results) {
            result(result);
        }
        for (int n = 1; n < 3; n++) {
            long gapMs = (server.requests.get(n).nanoTime() - server.requests.get(n - 1).nanoTime()) / 1_000_000L;
            assertThat(gapMs).isGreaterThanOrEqualTo(140);
        }
    }

    @Test
    void fullQueueAnswersBusy() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch arrived = new CountDownLatch(1);
        PhoneServer server = server((request, i) -> {
            arrived.countDown();
            release.await(5, TimeUnit.SECONDS);
            return PhoneServer.Answer.of(200);
        });
        transport(fastConfig("queueCapacity", 2, "readTimeoutMs", 6000));
        PhoneConfiguration phone = phone("desk", server.port(), "", "");
        CompletableFuture<Delivery> first = transport.send(phone, PhoneCommands.answer()).toCompletableFuture();
        assertThat(arrived.await(5, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Delivery> second = transport.send(phone, PhoneCommands.answer()).toCompletableFuture();
        CompletableFuture<Delivery> third = transport.send(phone, PhoneCommands.answer()).toCompletableFuture();
        Delivery fourth = result(transport.send(phone, PhoneCommands.answer()).toCompletableFuture());

        assertThat(fourth.error()).contains(CommandError.BUSY);
        release.countDown();
        assertThat(List.of(result(first), result(second), result(third))).allMatch(Delivery::ok);
    }

    @Test
    void phoneGoesOfflineAfterConsecutiveFailuresAndQueuedCommandsFailWithTheReason() throws Exception {
        // the only pool thread is held by another phone's command until all five are queued, so that the
        // five are waiting when the second failure takes the phone offline
        CountDownLatch release = new CountDownLatch(1);
        PhoneServer other = server((request, i) -> {
            release.await(10, TimeUnit.SECONDS);
            return PhoneServer.Answer.of(200);
        });
        transport(fastConfig("offlineAfterFailures", 2, "threads", 1));
        CompletableFuture<Delivery> holding = transport.send(phone("other", other.port(), "", ""),
                PhoneCommands.answer()).toCompletableFuture();
        await().atMost(Duration.ofSeconds(10)).until(() -> other.requests.size() == 1);
        PhoneConfiguration phone = phone("desk", closedPort(), "", "");
        List<CompletableFuture<Delivery>> results = new ArrayList<>();
        for (int n = 0; n < 5; n++) {
            results.add(transport.send(phone, PhoneCommands.answer()).toCompletableFuture());
        }
        release.countDown();
        assertThat(result(holding).ok()).isTrue();
        List<Delivery> deliveries = new ArrayList<>();
        for (CompletableFuture<Delivery> result : results) {
            deliveries.add(result(result));
        }

        assertThat(deliveries).allSatisfy(d -> assertThat(d.error()).contains(CommandError.UNREACHABLE));
        assertThat(deliveries.get(4).message()).contains("offline", "cannot connect");
        assertThat(transport.connectAttempts()).as("the other phone's one, then two to the desk").isEqualTo(3);
        assertThat(registry.last("desk")).get().satisfies(status -> {
            assertThat(status.status()).isEqualTo(ThingStatus.OFFLINE);
            assertThat(status.detail()).isEqualTo(ThingStatusDetail.COMMUNICATION_ERROR);
            assertThat(status.message()).contains("2 times");
        });
    }

    @Test
    void autoTransportLeavesStatusToTheSipFallback() throws Exception {
        transport(fastConfig("offlineAfterFailures", 1));
        Delivery delivery = send(phone("desk", closedPort(), false, TransportMode.AUTO), PhoneCommands.answer());

        assertThat(delivery.error()).contains(CommandError.UNREACHABLE);
        assertThat(registry.statuses()).isEmpty();
    }

    @Test
    void deactivateFailsWaitingCommands() throws Exception {
        CountDownLatch arrived = new CountDownLatch(1);
        PhoneServer server = server((request, i) -> {
            arrived.countDown();
            Thread.sleep(5000);
            return PhoneServer.Answer.of(200);
        });
        transport(fastConfig("readTimeoutMs", 8000));
        PhoneConfiguration phone = phone("desk", server.port(), "", "");
        CompletableFuture<Delivery> inFlight = transport.send(phone, PhoneCommands.answer()).toCompletableFuture();
        CompletableFuture<Delivery> queued = transport.send(phone, PhoneCommands.hangUp()).toCompletableFuture();
        assertThat(arrived.await(5, TimeUnit.SECONDS)).isTrue();

        transport.deactivate();
        transport = null;

        assertThat(inFlight.get(2, TimeUnit.SECONDS).error()).contains(CommandError.NO_TRANSPORT);
        assertThat(queued.get(2, TimeUnit.SECONDS).error()).contains(CommandError.NO_TRANSPORT);
    }

    @Test
    void injectionAttemptsAreRefusedBeforeAnythingIsSent() throws Exception {
        PhoneServer server = server((request, i) -> PhoneServer.Answer.of(200));
        transport(fastConfig());
        for (String hostile : List.of("OK&key=Reset", "OK%26key%3DReset", "OK\r\nX-Evil: 1", "OK key=Reset",
                "0000#&key=Reset", "OK;Reset&code=1")) {
            assertThatThrownBy(() -> PhoneCommands.keys(hostile)).as(hostile).isInstanceOf(ProtocolException.class);
            assertThatThrownBy(() -> PhoneCommands.dial(hostile)).as(hostile).isInstanceOf(ProtocolException.class);
        }
        assertThatThrownBy(() -> PhoneCommands.openDoor("12&key=Reset")).isInstanceOf(ProtocolException.class);
        assertThatThrownBy(() -> PhoneCommands.displayName(1, "a;key=Reset")).isInstanceOf(ProtocolException.class);
        assertThat(server.requests).isEmpty();
    }

    /** A phone that requires digest authentication and checks every response independently. */
    static final class DigestPhone implements PhoneServer.Behaviour {
        private final String algorithm;
        private final String username;
        private final String password;
        volatile String nonce = "first-nonce";
        volatile int valid;

        DigestPhone(String algorithm, String username, String password) {
            this.algorithm = algorithm;
            this.username = username;
            this.password = password;
        }

        @Override
        public PhoneServer.Answer answer(PhoneServer.Request request, int index) throws Exception {
            String authorization = request.authorization();
            if (authorization != null && authorization.startsWith("Digest ")) {
                Map<String, String> p = DigestChallenge.parse(authorization).get(0).params();
                String uri = "/cgi-bin/ConfigManApp.com?" + request.rawQuery();
                String ha1 = h(username + ":phone@fanvil:" + password);
                String ha2 = h("GET:" + uri);
                String expected = h(ha1 + ":" + p.get("nonce") + ":" + p.get("nc") + ":" + p.get("cnonce") + ":auth:"
                        + ha2);
                boolean fresh = nonce.equals(p.get("nonce"));
                if (fresh && expected.equals(p.get("response")) && uri.equals(p.get("uri"))
                        && username.equals(p.get("username"))) {
                    valid++;
                    return PhoneServer.Answer.of(200);
                }
                if (!fresh) {
                    return challenge(true);
                }
            }
            return challenge(false);
        }

        private PhoneServer.Answer challenge(boolean stale) {
            return PhoneServer.Answer.of(401, "WWW-Authenticate: Digest realm=\"phone@fanvil\", qop=\"auth\", "
                    + "algorithm=" + algorithm + ", nonce=\"" + nonce + "\", opaque=\"op\"" + (stale ? ", stale=true" : ""));
        }

        private String h(String text) throws Exception {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(text.getBytes(StandardCharsets.UTF_8)));
        }
    }
}
