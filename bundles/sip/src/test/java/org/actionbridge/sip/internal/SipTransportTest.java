package org.actionbridge.sip.internal;

import org.actionbridge.protocol.auth.DigestChallenge;
import static org.actionbridge.sip.internal.TestSupport.fastConfig;
import static org.actionbridge.sip.internal.TestSupport.phone;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.actionbridge.core.CommandError;
import org.actionbridge.core.Delivery;
import org.actionbridge.core.PhoneConfiguration;
import org.actionbridge.core.ThingStatusDetail;
import org.actionbridge.core.ThingStatusInfo;
import org.actionbridge.core.testing.RecordingThingRegistry;
import org.actionbridge.protocol.ActiveUriInstruction;
import org.actionbridge.protocol.PhoneCommands;
import org.actionbridge.protocol.SipNotify;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SipTransportTest {

    private final RecordingThingRegistry registry = new RecordingThingRegistry();
    private final List<AutoCloseable> resources = new ArrayList<>();
    private final List<long[]> sent = new CopyOnWriteArrayList<>();
    private SipTransport transport;

    @AfterEach
    void tearDown() throws Exception {
        if (transport != null) {
            transport.deactivate();
        }
        for (AutoCloseable resource : resources) {
            resource.close();
        }
    }

    private TestUas uas(TestUas.Behaviour behaviour) throws Exception {
        TestUas uas = new TestUas(behaviour);
        resources.add(uas);
        return uas;
    }

    private SipTransport transport(SipConfig config) {
        transport = new SipTransport(registry, config);
        transport.listener((branch, attempt, nanoTime) -> sent.add(new long[] { attempt, nanoTime }));
        return transport;
    }

    private Delivery send(PhoneConfiguration phone, ActiveUriInstruction instruction) throws Exception {
        return transport.send(phone, instruction).toCompletableFuture().get(15, TimeUnit.SECONDS);
    }

    private static TestUas.Behaviour answering(int status, String reason) {
        return (request, i) -> List.of(TestUas.response(request, status, reason));
    }

    @Test
    void sendsActiveUriNotifyAndReportsTheFinalResponse() throws Exception {
        TestUas uas = uas(answering(200, "OK"));
        transport(fastConfig("fromUser", "console"));

        Delivery delivery = send(phone("desk", uas.port()), PhoneCommands.dial("0000"));

        assertThat(delivery.ok()).as(delivery.message()).isTrue();
        assertThat(delivery.message()).isEqualTo("SIP 200 OK");
        TestUas.Received notify = uas.received.get(0);
        assertThat(notify.text()).startsWith("NOTIFY sip:127.0.0.1:" + uas.port() + " SIP/2.0\r\n");
        assertThat(notify.header("Event")).contains("ACTIVE-URI");
        assertThat(notify.header("Content-Type")).contains("message/sipfrag");
        assertThat(notify.header("CSeq")).contains("1 NOTIFY");
        assertThat(notify.header("Max-Forwards")).contains("70");
        assertThat(notify.header("From")).get().asString().startsWith("<sip:console@127.0.0.1>;tag=");
        assertThat(notify.header("Via")).get().asString()
                .startsWith("SIP/2.0/UDP 127.0.0.1:" + transport.localAddress().orElseThrow().getPort() + ";branch=z9hG4bK");
        assertThat(notify.body()).isEqualTo("key=SPEAKER;0000;ENTER");
        assertThat(SipNotify.parseMessage(notify.text()).instruction()).isEqualTo(PhoneCommands.dial("0000"));
    }

    @Test
    void optionsProbeSeesAPhoneThatAnswersEvenWithARefusal() throws Exception {
        TestUas uas = uas(answering(405, "Method Not Allowed"));
        transport(fastConfig());

        Optional<String> failure = transport.probe(phone("desk", uas.port())).toCompletableFuture()
                .get(15, TimeUnit.SECONDS);

        assertThat(failure).isEmpty();
        TestUas.Received options = uas.received.get(0);
        assertThat(options.text()).startsWith("OPTIONS sip:127.0.0.1:" + uas.port() + " SIP/2.0\r\n");
        assertThat(options.header("CSeq")).contains("1 OPTIONS");
        assertThat(options.header("Event")).isEmpty();
        assertThat(options.body()).isEmpty();
    }

    @Test
    void optionsProbeWithoutAnswerSaysWhy() throws Exception {
        TestUas uas = uas((request, i) -> TestUas.none());
        transport(fastConfig("t1Ms", 10, "t2Ms", 40));

        Optional<String> failure = transport.probe(phone("desk", uas.port())).toCompletableFuture()
                .get(15, TimeUnit.SECONDS);

        assertThat(failure).get().asString().contains("no answer to SIP OPTIONS", "Timer F");
        assertThat(registry.last("desk")).as("a probe reports; it does not set the status itself").isEmpty();
    }

    @Test
    void everyCommandIsANewCallWithUniqueBranch() throws Exception {
        TestUas uas = uas(answering(200, "OK"));
        transport(fastConfig());
        for (int i = 0; i < 3; i++) {
            assertThat(send(phone("desk", uas.port()), PhoneCommands.answer()).ok()).isTrue();
        }
        assertThat(uas.received).extracting(r -> r.header("Via").orElseThrow()).doesNotHaveDuplicates();
        assertThat(uas.received).extracting(r -> r.header("Call-ID").orElseThrow()).doesNotHaveDuplicates();
    }

    @Test
    void retransmitsAtT1DoublingUpToT2() throws Exception {
        TestUas uas = uas((request, i) -> i < 5 ? TestUas.none() : List.of(TestUas.response(request, 200, "OK")));
        transport(fastConfig("t1Ms", 100, "t2Ms", 400));

        assertThat(send(phone("desk", uas.port()), PhoneCommands.answer()).ok()).isTrue();

        assertThat(uas.received).hasSize(6);
        assertThat(uas.received).extracting(TestUas.Received::text).containsOnly(uas.received.get(0).text());
        // never early; late by up to 150 ms on a loaded machine, still telling T1, 2*T1 and T2 apart
        long[] expected = { 100, 200, 400, 400, 400 };
        for (int i = 1; i < 6; i++) {
            long gap = (sent.get(i)[1] - sent.get(i - 1)[1]) / 1_000_000L;
            assertThat(gap).as("interval before retransmission " + i).isBetween(expected[i - 1] - 5,
                    expected[i - 1] + 150);
        }
    }

    @Test
    void provisionalResponseSlowsRetransmissionsToT2() throws Exception {
        TestUas uas = uas((request, i) -> switch (i) {
            case 0 -> List.of(TestUas.response(request, 100, "Trying"));
            case 1 -> TestUas.none();
            default -> List.of(TestUas.response(request, 200, "OK"));
        });
        transport(fastConfig("t1Ms", 100, "t2Ms", 600));

        assertThat(send(phone("desk", uas.port()), PhoneCommands.answer()).ok()).isTrue();

        long gap = (sent.get(1)[1] - sent.get(0)[1]) / 1_000_000L;
        long next = (sent.get(2)[1] - sent.get(1)[1]) / 1_000_000L;
        assertThat(gap).as("Timer E armed before the 100 keeps its T1").isBetween(95L, 250L);
        assertThat(next).as("Proceeding: every T2").isBetween(595L, 800L);
    }

    @Test
    void timerFEndsAnUnansweredNotifyAsTimeoutAndThePhoneGoesOffline() throws Exception {
        TestUas uas = uas((request, i) -> TestUas.none());
        transport(fastConfig("t1Ms", 20, "t2Ms", 80));
        long start = System.nanoTime();

        Delivery delivery = send(phone("desk", uas.port()), PhoneCommands.answer());

        long took = (System.nanoTime() - start) / 1_000_000L;
        assertThat(delivery.error()).contains(CommandError.TIMEOUT);
        assertThat(delivery.message()).contains("Timer F", "1280 ms");
        assertThat(took).isBetween(1270L, 2500L);
        // 0, 20, 60, 140, 220, ... every 80 ms until 1280: 1 + 3 + 14 = 18, give or take the last tick; each
        // interval is timed from the last send, so a loaded machine's delays add up and cost a few
        assertThat(uas.received.size()).isBetween(12, 19);
        assertThat(registry.last("desk")).get().satisfies(s -> assertThat(s.detail())
                .isEqualTo(ThingStatusDetail.COMMUNICATION_ERROR));
    }

    @Test
    void notifiesQueuedForAPhoneThatGoesOfflineFailAtOnceAndAreNeverSent() throws Exception {
        AtomicBoolean back = new AtomicBoolean();
        TestUas uas = uas((request, i) -> back.get() ? List.of(TestUas.response(request, 200, "OK")) : TestUas.none());
        transport(fastConfig("t1Ms", 20, "t2Ms", 80));
        PhoneConfiguration door = phone("door", uas.port());
        CompletableFuture<Delivery> dnd = transport.send(door, PhoneCommands.dnd(true)).toCompletableFuture();
        CompletableFuture<Delivery> mute = transport.send(door, PhoneCommands.mute()).toCompletableFuture();
        CompletableFuture<Delivery> open = transport.send(door, PhoneCommands.openDoor("1234")).toCompletableFuture();

        Delivery first = dnd.get(15, TimeUnit.SECONDS);

        assertThat(first.error()).contains(CommandError.TIMEOUT);
        assertThat(registry.last("door")).get().satisfies(s -> assertThat(s.detail())
                .isEqualTo(ThingStatusDetail.COMMUNICATION_ERROR));
        // ended together with the first, not one Timer F each later
        assertThat(mute).as("queued mute").isDone();
        assertThat(open).as("queued open-door").isDone();
        for (CompletableFuture<Delivery> queued : List.of(mute, open)) {
            Delivery delivery = queued.getNow(null);
            assertThat(delivery.error()).contains(CommandError.TIMEOUT);
            assertThat(delivery.message()).startsWith("phone door is offline: no final response from ")
                    .contains("Timer F");
        }
        // the phone is back: a new NOTIFY goes out, and nothing queued before it goes out first
        back.set(true);
        assertThat(send(door, PhoneCommands.answer()).ok()).isTrue();
        assertThat(bodiesByBranch(uas).values())
                .containsExactly(PhoneCommands.dnd(true).toNotifyBody(), PhoneCommands.answer().toNotifyBody());
    }

    @Test
    void aNotifySentToAnOfflinePhoneIsStillTried() throws Exception {
        TestUas uas = uas((request, i) -> TestUas.none());
        transport(fastConfig("t1Ms", 10, "t2Ms", 40));
        PhoneConfiguration desk = phone("desk", uas.port());
        assertThat(send(desk, PhoneCommands.dnd(true)).error()).contains(CommandError.TIMEOUT);
        assertThat(registry.last("desk")).get().satisfies(s -> assertThat(s.detail())
                .isEqualTo(ThingStatusDetail.COMMUNICATION_ERROR));

        Delivery later = send(desk, PhoneCommands.mute());

        assertThat(later.error()).contains(CommandError.TIMEOUT);
        assertThat(later.message()).as("sent and timed out itself").contains("Timer F").doesNotContain("offline");
        org.awaitility.Awaitility.await().until(() -> bodiesByBranch(uas).size() == 2);
        assertThat(bodiesByBranch(uas).values())
                .containsExactly(PhoneCommands.dnd(true).toNotifyBody(), PhoneCommands.mute().toNotifyBody());
    }

    @Test
    void queuedNotifiesAreSentUntilTheFailureThatTakesThePhoneOffline() throws Exception {
        TestUas uas = uas((request, i) -> TestUas.none());
        transport(fastConfig("t1Ms", 10, "t2Ms", 40, "offlineAfterFailures", 2));
        PhoneConfiguration desk = phone("desk", uas.port());
        CompletableFuture<Delivery> first = transport.send(desk, PhoneCommands.dnd(true)).toCompletableFuture();
        CompletableFuture<Delivery> second = transport.send(desk, PhoneCommands.mute()).toCompletableFuture();
        CompletableFuture<Delivery> third = transport.send(desk, PhoneCommands.hangUp()).toCompletableFuture();

        assertThat(first.get(15, TimeUnit.SECONDS).error()).contains(CommandError.TIMEOUT);
        assertThat(registry.last("desk")).as("one failure of two: still there").isEmpty();
        Delivery secondDelivery = second.get(15, TimeUnit.SECONDS);

        assertThat(secondDelivery.message()).as("sent and timed out itself").contains("Timer F")
                .doesNotContain("offline");
        assertThat(registry.last("desk")).get().satisfies(s -> assertThat(s.detail())
                .isEqualTo(ThingStatusDetail.COMMUNICATION_ERROR));
        assertThat(third).isDone();
        assertThat(third.getNow(null).message()).startsWith("phone desk is offline: ");
        org.awaitility.Awaitility.await().until(() -> bodiesByBranch(uas).size() == 2);
        assertThat(bodiesByBranch(uas).values())
                .containsExactly(PhoneCommands.dnd(true).toNotifyBody(), PhoneCommands.mute().toNotifyBody());
    }

    @Test
    void notifiesQueuedForAnUnreachablePhoneFailAtOnceAsUnreachable() throws Exception {
        int port;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = closed.getLocalPort();
        }
        // holds the first failure's status until all three are queued: a refused connect is faster than a send
        CountDownLatch queued = new CountDownLatch(1);
        RecordingThingRegistry holding = new RecordingThingRegistry() {
            @Override
            public void updateStatus(String thingId, ThingStatusInfo status) {
                try {
                    queued.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                super.updateStatus(thingId, status);
            }
        };
        transport = new SipTransport(holding, fastConfig("transport", "tcp"));
        PhoneConfiguration desk = phone("desk", port);
        CompletableFuture<Delivery> first = transport.send(desk, PhoneCommands.dnd(true)).toCompletableFuture();
        CompletableFuture<Delivery> second = transport.send(desk, PhoneCommands.mute()).toCompletableFuture();
        CompletableFuture<Delivery> third = transport.send(desk, PhoneCommands.openDoor("1234")).toCompletableFuture();
        queued.countDown();

        Delivery failure = first.get(15, TimeUnit.SECONDS);

        assertThat(failure.error()).contains(CommandError.UNREACHABLE);
        assertThat(holding.last("desk")).get().satisfies(s -> assertThat(s.detail())
                .isEqualTo(ThingStatusDetail.COMMUNICATION_ERROR));
        assertThat(List.of(second, third)).allSatisfy(queuedNotify -> {
            assertThat(queuedNotify).isDone();
            assertThat(queuedNotify.getNow(null).error()).contains(CommandError.UNREACHABLE);
            assertThat(queuedNotify.getNow(null).message()).isEqualTo("phone desk is offline: " + failure.message());
        });
    }

    @Test
    void aPlainRefusalLeavesAnAuthenticationErrorAsTheHttpTransportDoes() throws Exception {
        // a refusal proves the phone answers, not that it takes our NOTIFYs: only a success (the core marks
        // the thing seen) brings it back ONLINE, over HTTP as over SIP
        TestUas uas = uas((request, i) -> List.of(i == 0 ? TestUas.response(request, 403, "Forbidden")
                : TestUas.response(request, 404, "Not Found")));
        transport(fastConfig());
        PhoneConfiguration desk = phone("desk", uas.port());
        assertThat(send(desk, PhoneCommands.dnd(true)).error()).contains(CommandError.FORBIDDEN);

        assertThat(send(desk, PhoneCommands.mute()).error()).contains(CommandError.REFUSED);

        assertThat(registry.statuses()).singleElement().satisfies(s -> assertThat(s.getValue().detail())
                .isEqualTo(ThingStatusDetail.AUTHENTICATION_ERROR));
    }

    /** The body of each NOTIFY the phone received, retransmissions (same branch) counted once, in order. */
    private static Map<String, String> bodiesByBranch(TestUas uas) {
        Map<String, String> bodies = new java.util.LinkedHashMap<>();
        for (TestUas.Received received : uas.received) {
            bodies.putIfAbsent(received.header("Via").orElseThrow(), received.body());
        }
        return bodies;
    }

    @Test
    void phoneThatGoesAwayMidTransactionStillEndsWithTimerF() throws Exception {
        TestUas uas = uas((request, i) -> TestUas.none());
        transport(fastConfig("t1Ms", 20, "t2Ms", 80));
        CompletableFuture<Delivery> pending = transport.send(phone("desk", uas.port()), PhoneCommands.answer())
                .toCompletableFuture();
        org.awaitility.Awaitility.await().until(() -> !uas.received.isEmpty());
        uas.close();

        Delivery delivery = pending.get(10, TimeUnit.SECONDS);
        assertThat(delivery.error()).as(delivery.message()).contains(CommandError.TIMEOUT);
    }

    @Test
    void forgedAndMismatchedResponsesDoNotCompleteTheTransaction() throws Exception {
        TestUas uas = uas((request, i) -> {
            if (i > 0) {
                return TestUas.none();
            }
            String good = TestUas.response(request, 200, "OK");
            String via = request.header("Via").orElseThrow();
            String branch = SipResponse.parameter(via, "branch").orElseThrow();
            String cseq = request.header("CSeq").orElseThrow();
            String callId = request.header("Call-ID").orElseThrow();
            return List.of(
                    good.replace(branch, "z9hG4bKforged"),
                    good.replace(cseq, "1 INVITE"),
                    good.replace(cseq, "7 NOTIFY"),
                    good.replace(callId, "other@host"),
                    "SIP/2.0 200 OK\r\n\r\n",
                    "garbage \u0000\u0001",
                    request.text(),
                    good.replace("SIP/2.0 200 OK", "SIP/2.0 999 Nine"),
                    TestUas.response(request, 486, "Busy Here"),
                    good);
        });
        transport(fastConfig());

        Delivery delivery = send(phone("desk", uas.port()), PhoneCommands.answer());

        assertThat(delivery.error()).contains(CommandError.REFUSED);
        assertThat(delivery.message()).contains("486");
    }

    /** A NOTIFY that the phone received and will not answer: the test answers it, or forges answers. */
    private record Unanswered(TestUas uas, TestUas.Received request, CompletableFuture<Delivery> pending) {

        String answer(int status, String reason) {
            return TestUas.response(request, status, reason);
        }

        String branch() {
            return SipResponse.parameter(request.header("Via").orElseThrow(), "branch").orElseThrow();
        }

        void reply(String message) throws Exception {
            uas.sendTo(request.from(), message);
        }

        void reply(byte[] datagram) throws Exception {
            uas.sendTo(request.from(), datagram);
        }
    }

    /** Sends a NOTIFY (T1 100 ms: Timer F after 6.4 s) to a silent phone and waits until it has arrived. */
    private Unanswered unanswered() throws Exception {
        TestUas uas = uas((request, i) -> TestUas.none());
        transport(fastConfig("t1Ms", 100, "t2Ms", 400));
        CompletableFuture<Delivery> pending = transport.send(phone("desk", uas.port()), PhoneCommands.answer())
                .toCompletableFuture();
        org.awaitility.Awaitility.await().until(() -> !uas.received.isEmpty());
        return new Unanswered(uas, uas.received.get(0), pending);
    }

    @Test
    void floodOfForgedResponsesIsDroppedAndTheRealAnswerStillCounts() throws Exception {
        Unanswered notify = unanswered();
        CompletableFuture<Delivery> pending = notify.pending();
        String good = notify.answer(200, "OK");
        String branch = notify.branch();
        for (int i = 0; i < 3000; i++) {
            notify.reply(good.replace(branch, "z9hG4bK" + NotifyRequest.random(16)));
        }
        assertThat(pending).isNotDone();
        // sent until it is read, as a phone answers each retransmission: the flood may have filled the socket's
        // receive buffer, and the kernel drops what does not fit
        String refusal = notify.answer(403, "Forbidden");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
                .pollInterval(java.time.Duration.ofMillis(50)).until(() -> {
                    notify.reply(refusal);
                    return pending.isDone();
                });

        Delivery delivery = pending.get(10, TimeUnit.SECONDS);
        assertThat(delivery.error()).contains(CommandError.FORBIDDEN);
        assertThat(delivery.message()).contains("403");
        assertThat(registry.last("desk")).get().satisfies(s -> assertThat(s.detail())
                .isEqualTo(ThingStatusDetail.AUTHENTICATION_ERROR));
    }

    @Test
    void oversizedDatagramsDoNotDisturbThePendingTransactionOrTheSender() throws Exception {
        Unanswered notify = unanswered();
        CompletableFuture<Delivery> pending = notify.pending();
        String good = notify.answer(200, "OK");
        String branch = notify.branch();
        byte[] noise = new byte[SipResponseTest.MAX_DATAGRAM];
        new java.util.Random(20261127).nextBytes(noise);
        List<byte[]> hostile = List.of(
                noise,
                "A".repeat(SipResponseTest.MAX_DATAGRAM).getBytes(StandardCharsets.UTF_8),
                // the right transaction, made as large as a datagram gets: a header folded 16,000 times, then
                // 10,000 headers; both with a forged branch, so neither may end the transaction
                SipResponseTest.filled(good.replace(branch, "z9hG4bKforged1"), "X-Fold: a\r\n", " b\r\n")
                        .getBytes(StandardCharsets.UTF_8),
                SipResponseTest.filled(good.replace(branch, "z9hG4bKforged2"), "", "X: 1\r\n")
                        .getBytes(StandardCharsets.UTF_8),
                // the right branch, but cut off in the middle of its headers and padded with NULs
                java.util.Arrays.copyOf(good.substring(0, good.indexOf("CSeq")).getBytes(StandardCharsets.UTF_8),
                        SipResponseTest.MAX_DATAGRAM));
        for (int round = 0; round < 3; round++) {
            for (byte[] datagram : hostile) {
                assertThat(datagram.length).isLessThanOrEqualTo(SipResponseTest.MAX_DATAGRAM);
                // one at a time: a socket's receive buffer holds only a few of these, and every one must be read
                long before = transport.udpDatagramsHandled();
                notify.reply(datagram);
                org.awaitility.Awaitility.await().until(() -> transport.udpDatagramsHandled() > before);
                assertThat(pending).isNotDone();
            }
        }
        // a refusal, so that a forged 200 taken for the answer could not pass for it
        notify.reply(notify.answer(403, "Forbidden"));

        assertThat(pending.get(10, TimeUnit.SECONDS).error()).contains(CommandError.FORBIDDEN);
        // the receiving thread is still there for the next command
        TestUas next = uas(answering(200, "OK"));
        assertThat(send(phone("desk2", next.port()), PhoneCommands.answer()).ok()).isTrue();
    }

    @Test
    void aDoorRefusingItsCodeIsAWrongCodeNotALostIntercom() throws Exception {
        TestUas uas = uas(answering(403, "Forbidden"));
        transport(fastConfig());

        Delivery delivery = send(phone("door", uas.port()), PhoneCommands.openDoor("1234"));

        assertThat(delivery.error()).contains(CommandError.FORBIDDEN);
        assertThat(delivery.message()).contains("did not open the door").contains("wrong door code");
        assertThat(registry.last("door")).as("the intercom answered: its status stays").isEmpty();
    }

    @Test
    void otherFinalCodesAreRefusalsWithTheCode() throws Exception {
        TestUas uas = uas(answering(489, "Bad Event"));
        transport(fastConfig());

        Delivery delivery = send(phone("desk", uas.port()), PhoneCommands.answer());

        assertThat(delivery.error()).contains(CommandError.REFUSED);
        assertThat(delivery.message()).contains("SIP 489 Bad Event");
    }

    @Test
    void answersDigestChallengeOnceAndReusesTheNonceWithNextCount() throws Exception {
        DigestUas digest = new DigestUas(401, "notify", "s3cret");
        TestUas uas = uas(digest);
        transport(fastConfig("digestUser", "notify", "digestPassword", "s3cret"));

        assertThat(send(phone("desk", uas.port()), PhoneCommands.answer()).ok()).isTrue();
        assertThat(send(phone("desk", uas.port()), PhoneCommands.hangUp()).ok()).isTrue();

        assertThat(uas.received).hasSize(3);
        TestUas.Received first = uas.received.get(0);
        TestUas.Received retry = uas.received.get(1);
        assertThat(first.header("Authorization")).isEmpty();
        assertThat(retry.header("CSeq")).contains("2 NOTIFY");
        assertThat(retry.header("Call-ID")).isEqualTo(first.header("Call-ID"));
        assertThat(retry.header("Via")).isNotEqualTo(first.header("Via"));
        assertThat(retry.header("Authorization")).get().asString().contains("nc=00000001",
                "uri=\"sip:127.0.0.1:" + uas.port() + "\"");
        assertThat(uas.received.get(2).header("Authorization")).get().asString().contains("nc=00000002");
        assertThat(digest.valid).isEqualTo(2);
    }

    @Test
    void proxyChallengeIsAnsweredWithProxyAuthorization() throws Exception {
        DigestUas digest = new DigestUas(407, "notify", "s3cret");
        TestUas uas = uas(digest);
        transport(fastConfig("digestUser", "notify", "digestPassword", "s3cret"));

        assertThat(send(phone("desk", uas.port()), PhoneCommands.answer()).ok()).isTrue();
        assertThat(uas.received.get(1).header("Proxy-Authorization")).isPresent();
    }

    @Test
    void phoneCredentialsAreUsedWhenNoDigestUserIsConfigured() throws Exception {
        TestUas uas = uas(new DigestUas(401, "admin2", "pw"));
        transport(fastConfig());

        assertThat(send(phone("desk", uas.port(), "admin2", "pw"), PhoneCommands.answer()).ok()).isTrue();
    }

    @Test
    void wrongDigestPasswordIsUnauthorizedAfterOneRetry() throws Exception {
        TestUas uas = uas(new DigestUas(401, "notify", "right"));
        transport(fastConfig("digestUser", "notify", "digestPassword", "wrong"));

        Delivery delivery = send(phone("desk", uas.port()), PhoneCommands.answer());

        assertThat(delivery.error()).contains(CommandError.UNAUTHORIZED);
        assertThat(delivery.message()).doesNotContain("wrong");
        assertThat(uas.received).hasSize(2);
        assertThat(registry.last("desk")).get().satisfies(s -> assertThat(s.detail())
                .isEqualTo(ThingStatusDetail.AUTHENTICATION_ERROR));
    }

    @Test
    void challengeWithoutCredentialsIsUnauthorized() throws Exception {
        TestUas uas = uas(new DigestUas(401, "notify", "right"));
        transport(fastConfig());

        Delivery delivery = send(phone("desk", uas.port()), PhoneCommands.answer());

        assertThat(delivery.error()).contains(CommandError.UNAUTHORIZED);
        assertThat(delivery.message()).contains("digestUser");
        assertThat(uas.received).hasSize(1);
    }

    @Test
    void notifiesToOnePhoneLeaveInOrderOneAtATime() throws Exception {
        TestUas uas = uas((request, i) -> {
            Thread.sleep(5);
            return List.of(TestUas.response(request, 200, "OK"));
        });
        transport(fastConfig());
        List<CompletableFuture<Delivery>> results = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        for (int n = 1; n <= 8; n++) {
            results.add(transport.send(phone("desk", uas.port()), PhoneCommands.sendDtmf(String.valueOf(n)))
                    .toCompletableFuture());
            expected.add(PhoneCommands.sendDtmf(String.valueOf(n)).toNotifyBody());
        }
        for (CompletableFuture<Delivery> result : results) {
            assertThat(result.get(10, TimeUnit.SECONDS).ok()).isTrue();
        }
        // a slow machine may make T1 fire before the answer: retransmissions (same branch) count once
        Map<String, String> bodyByBranch = new java.util.LinkedHashMap<>();
        for (TestUas.Received received : uas.received) {
            bodyByBranch.putIfAbsent(received.header("Via").orElseThrow(), received.body());
        }
        assertThat(bodyByBranch.values()).containsExactlyElementsOf(expected);
    }

    @Test
    void fullQueueAnswersBusy() throws Exception {
        TestUas uas = uas((request, i) -> TestUas.none());
        transport(fastConfig("queueCapacity", 2, "t1Ms", 200));
        transport.send(phone("desk", uas.port()), PhoneCommands.answer());
        transport.send(phone("desk", uas.port()), PhoneCommands.answer());

        assertThat(send(phone("desk", uas.port()), PhoneCommands.answer()).error()).contains(CommandError.BUSY);
    }

    @Test
    void deactivateEndsOpenTransactions() throws Exception {
        TestUas uas = uas((request, i) -> TestUas.none());
        transport(fastConfig("t1Ms", 500));
        CompletableFuture<Delivery> open = transport.send(phone("desk", uas.port()), PhoneCommands.answer())
                .toCompletableFuture();
        CompletableFuture<Delivery> queued = transport.send(phone("desk", uas.port()), PhoneCommands.answer())
                .toCompletableFuture();
        org.awaitility.Awaitility.await().until(() -> !uas.received.isEmpty());

        transport.deactivate();
        transport = null;

        assertThat(open.get(2, TimeUnit.SECONDS).error()).contains(CommandError.NO_TRANSPORT);
        assertThat(queued.get(2, TimeUnit.SECONDS).error()).contains(CommandError.NO_TRANSPORT);
    }

    @Test
    void tcpSendsOnceAndReadsTheFinalResponse() throws Exception {
        ServerSocket server = new ServerSocket(0, 4, InetAddress.getByName("127.0.0.1"));
        resources.add(server);
        List<String> requests = new CopyOnWriteArrayList<>();
        Thread phone = new Thread(() -> {
            try (Socket socket = server.accept()) {
                BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                        StandardCharsets.UTF_8));
                StringBuilder head = new StringBuilder();
                String line;
                while ((line = in.readLine()) != null && !line.isEmpty()) {
                    head.append(line).append("\r\n");
                }
                int length = Integer.parseInt(TestUas.header(head.toString(), "Content-Length").orElse("0"));
                char[] body = new char[length];
                in.read(body);
                requests.add(head + "\r\n" + new String(body));
                OutputStream out = socket.getOutputStream();
                out.write((TestUas.response(head.toString(), 100, "Trying")
                        + TestUas.response(head.toString(), 200, "OK")).getBytes(StandardCharsets.UTF_8));
                out.flush();
                Thread.sleep(300);
            } catch (Exception e) {
                // test ends
            }
        });
        phone.start();
        transport(fastConfig("transport", "tcp", "t1Ms", 20));

        Delivery delivery = send(phone("desk", server.getLocalPort()), PhoneCommands.answer());

        assertThat(delivery.ok()).as(delivery.message()).isTrue();
        assertThat(requests).singleElement().satisfies(r -> {
            assertThat(r).startsWith("NOTIFY ").contains("Via: SIP/2.0/TCP ").endsWith("key=OK");
        });
        assertThat(sent).hasSize(1);
        phone.join(2000);
    }

    @Test
    void tcpConnectionRefusedIsUnreachable() throws Exception {
        int port;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = closed.getLocalPort();
        }
        transport(fastConfig("transport", "tcp"));

        assertThat(send(phone("desk", port), PhoneCommands.answer()).error()).contains(CommandError.UNREACHABLE);
    }

    @Test
    void portInUseIsReportedOnEveryCommand() throws Exception {
        try (DatagramSocket taken = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"))) {
            transport(fastConfig("port", taken.getLocalPort()));
            Delivery delivery = send(phone("desk", 9), PhoneCommands.answer());
            assertThat(delivery.error()).contains(CommandError.CONFIGURATION_ERROR);
            assertThat(delivery.message()).contains(String.valueOf(taken.getLocalPort()));
        }
    }

    /** A phone that challenges with digest (MD5, qop=auth) and checks every answer independently. */
    static final class DigestUas implements TestUas.Behaviour {
        private final int challengeStatus;
        private final String user;
        private final String password;
        volatile int valid;

        DigestUas(int challengeStatus, String user, String password) {
            this.challengeStatus = challengeStatus;
            this.user = user;
            this.password = password;
        }

        @Override
        public List<String> answer(TestUas.Received request, int index) throws Exception {
            String header = challengeStatus == 401 ? "Authorization" : "Proxy-Authorization";
            var credentials = request.header(header);
            if (credentials.isPresent()) {
                Map<String, String> p = DigestChallenge.parse(credentials.get()).get(0).params();
                String ha1 = md5(user + ":phone:" + password);
                String ha2 = md5("NOTIFY:" + p.get("uri"));
                String expected = md5(ha1 + ":n0nce:" + p.get("nc") + ":" + p.get("cnonce") + ":auth:" + ha2);
                String requestUri = request.text().substring(7, request.text().indexOf(" SIP/2.0"));
                if (expected.equals(p.get("response")) && requestUri.equals(p.get("uri"))
                        && user.equals(p.get("username"))) {
                    valid++;
                    return List.of(TestUas.response(request, 200, "OK"));
                }
            }
            String challenge = (challengeStatus == 401 ? "WWW-Authenticate" : "Proxy-Authenticate")
                    + ": Digest realm=\"phone\", nonce=\"n0nce\", qop=\"auth\", algorithm=MD5";
            return List.of(TestUas.response(request, challengeStatus,
                    challengeStatus == 401 ? "Unauthorized" : "Proxy Authentication Required", challenge));
        }

        private static String md5(String text) throws Exception {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
        }
    }
}
