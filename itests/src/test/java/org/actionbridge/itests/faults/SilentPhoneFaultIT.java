package org.actionbridge.itests.faults;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import javax.inject.Inject;

import org.actionbridge.core.CommandError;
import org.actionbridge.core.CommandRequest;
import org.actionbridge.core.CommandResult;
import org.actionbridge.core.Thing;
import org.actionbridge.core.ThingRegistry;
import org.actionbridge.core.ThingStatus;
import org.actionbridge.core.ThingStatusDetail;
import org.actionbridge.itests.FactoryConfigurations;
import org.actionbridge.itests.KarafTestSupport;
import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Fault: a phone that stops answering in the middle of a command stream. Its web port still accepts
 * connections but never answers. Each command waits at most the read timeout, the thing goes OFFLINE
 * with COMMUNICATION_ERROR and a readable reason, the commands queued behind fail with that reason
 * without being sent, no connection to the phone is left open, no worker thread is left blocked and
 * no thread is added; when the phone answers again, so do commands.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class SilentPhoneFaultIT extends KarafTestSupport {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String ADDRESS = "127.0.88.1";
    private static final int READ_TIMEOUT_MS = 1500;
    private static final int THREADS = 2;

    @Inject
    private ConfigurationAdmin configurationAdmin;

    @Inject
    private ThingRegistry registry;

    private final FactoryConfigurations configurations = new FactoryConfigurations(() -> configurationAdmin);

    @Configuration
    public Option[] config() {
        return actionBridge(
                editConfigurationFilePut("etc/org.actionbridge.activeuri.cfg", "readTimeoutMs",
                        String.valueOf(READ_TIMEOUT_MS)),
                editConfigurationFilePut("etc/org.actionbridge.activeuri.cfg", "offlineAfterFailures", "2"),
                editConfigurationFilePut("etc/org.actionbridge.activeuri.cfg", "threads", String.valueOf(THREADS)));
    }

    @After
    public void tearDown() throws Exception {
        configurations.deleteAll();
    }

    private void phone(String id, int port) throws Exception {
        configurations.create("org.actionbridge.phone", id, Map.of("id", id, "host", ADDRESS, "httpPort",
                String.valueOf(port), "username", "ops", "password", "s3cret", "transport", "http"));
        await().atMost(WAIT).until(() -> registry.get(id), Optional::isPresent);
    }

    private CompletableFuture<CommandResult> submit(String id, String command, String value) {
        return registry.submit(CommandRequest.of(id, command, value, "fault-it")).toCompletableFuture();
    }

    /** Threads of ActionBridge's own pools (named actionbridge-*, actionurl-*, or for the Active URI transport). */
    private static List<Thread> ownThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("actionbridge") || t.getName().startsWith("actionurl")
                        || t.getName().contains("activeuri"))
                .collect(Collectors.toList());
    }

    /** Active URI workers blocked on a socket: a connection to the silent phone that was never given up. */
    private static List<String> workersReadingSockets() {
        List<String> blocked = new ArrayList<>();
        Thread.getAllStackTraces().forEach((thread, stack) -> {
            if (thread.getName().contains("activeuri")) {
                for (StackTraceElement frame : stack) {
                    if (frame.getClassName().contains("HttpExchange") || frame.getMethodName().contains("socketRead")) {
                        blocked.add(thread.getName() + " at " + frame);
                        break;
                    }
                }
            }
        });
        return blocked;
    }

    @Test
    public void phoneThatStopsAnsweringMidCommandGoesOfflineAndQueuedCommandsFailWithTheReason() throws Exception {
        try (GoingSilentPhone device = new GoingSilentPhone(ADDRESS)) {
            phone("silent-it", device.port());
            // warm: the phone answers, the thing is ONLINE, the transport's pool has started
            for (int i = 0; i < THREADS * 2; i++) {
                assertTrue(submit("silent-it", "dnd", i % 2 == 0 ? "ON" : "OFF").get(30, TimeUnit.SECONDS).ok());
            }
            await().atMost(WAIT).until(() -> registry.get("silent-it").orElseThrow().status().status(),
                    ThingStatus.ONLINE::equals);
            List<String> threadsBefore = ownThreads().stream().map(Thread::getName).sorted().collect(Collectors.toList());

            device.goSilent();
            long start = System.nanoTime();
            CompletableFuture<CommandResult> first = submit("silent-it", "dial", "100");
            CompletableFuture<CommandResult> second = submit("silent-it", "dnd", "ON");
            List<CompletableFuture<CommandResult>> queued = List.of(submit("silent-it", "dnd", "OFF"),
                    submit("silent-it", "hangup", ""), submit("silent-it", "key", "OK"));

            CommandResult firstResult = first.get(30, TimeUnit.SECONDS);
            CommandResult secondResult = second.get(30, TimeUnit.SECONDS);
            List<CommandResult> queuedResults = new ArrayList<>();
            for (CompletableFuture<CommandResult> future : queued) {
                queuedResults.add(future.get(30, TimeUnit.SECONDS));
            }
            long elapsedMs = (System.nanoTime() - start) / 1_000_000L;

            for (CommandResult sent : List.of(firstResult, secondResult)) {
                assertEquals(sent.toString(), Optional.of(CommandError.TIMEOUT), sent.error());
                assertTrue(sent.message(), sent.message().contains("no answer from " + ADDRESS + ":" + device.port()
                        + " within " + READ_TIMEOUT_MS + " ms"));
            }
            Thing thing = await().atMost(WAIT).until(() -> registry.get("silent-it").orElseThrow(),
                    t -> t.status().status() == ThingStatus.OFFLINE);
            assertEquals(ThingStatusDetail.COMMUNICATION_ERROR, thing.status().detail());
            assertTrue(thing.status().message(), thing.status().message().startsWith("no answer over HTTP 2 times in a row: no answer from "));
            for (CommandResult result : queuedResults) {
                assertEquals(result.toString(), Optional.of(CommandError.TIMEOUT), result.error());
                assertTrue(result.message(), result.message().startsWith("phone silent-it is offline: no answer from "));
            }
            // the queued commands were failed, not sent; each sent one waited one read timeout, no more
            assertEquals(2, device.unanswered());
            assertTrue("took " + elapsedMs + " ms", elapsedMs >= 2L * READ_TIMEOUT_MS && elapsedMs < 4L * READ_TIMEOUT_MS + 2000);
            System.out.println("SilentPhoneFaultIT: 2 commands timed out after " + elapsedMs + " ms in all; "
                    + queuedResults.size() + " queued commands failed with: " + queuedResults.get(0).message());

            // nothing leaks: the client closed both silent connections, no worker still waits on one, and
            // the transport added no thread
            await().atMost(WAIT).until(device::closedByClient, n -> n == 2);
            await().atMost(WAIT).until(SilentPhoneFaultIT::workersReadingSockets, List::isEmpty);
            await().atMost(WAIT).until(() -> ownThreads().size() <= threadsBefore.size());
            System.out.println("SilentPhoneFaultIT: ActionBridge threads before " + threadsBefore.size() + ", after "
                    + ownThreads().size() + ": " + threadsBefore);

            // the phone comes back: commands go through and the thing is ONLINE again
            device.answerAgain();
            int answeredBefore = device.answered();
            CommandResult back = submit("silent-it", "dnd", "OFF").get(30, TimeUnit.SECONDS);
            assertTrue(back.toString(), back.ok());
            assertEquals(answeredBefore + 1, device.answered());
            await().atMost(WAIT).until(() -> registry.get("silent-it").orElseThrow().status().status(),
                    ThingStatus.ONLINE::equals);
        }
    }
}
