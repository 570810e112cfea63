package org.actionbridge.actionurl.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.actionbridge.actionurl.ActionUrlSetup;
import org.actionbridge.actionurl.SelfTest;
import org.actionbridge.actionurl.SelfTestReport;
import org.actionbridge.core.Channels;
import org.actionbridge.core.CommandRequest;
import org.actionbridge.core.CommandResult;
import org.actionbridge.core.Thing;
import org.actionbridge.core.ThingEvents;
import org.actionbridge.core.ThingRegistry;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

/**
 * Toggles DND twice through the command path (ending where it started) and waits for the phone's
 * {@code dnd_enabled} / {@code dnd_disabled} callbacks; when one is missing, says why as far as the
 * receiver can tell: no request at all, a wrong token, a refused source or a malformed request.
 */
@Component(service = SelfTest.class)
public final class SelfTestImpl implements SelfTest {

    private final BundleContext context;
    private final ThingRegistry registry;
    private final RejectionLog rejections;
    private final ActionUrlSetup setup;
    private final ExecutorService runner = new ThreadPoolExecutor(1, 2, 30, TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(8), NamedThreads.factory("actionurl-selftest"));

    @Activate
    public SelfTestImpl(BundleContext context, @Reference ThingRegistry registry, @Reference RejectionLog rejections,
            @Reference ActionUrlSetup setup) {
        this.context = context;
        this.registry = registry;
        this.rejections = rejections;
        this.setup = setup;
    }

    @Deactivate
    void deactivate() {
        runner.shutdownNow();
    }

    @Override
    public CompletionStage<SelfTestReport> run(String thingId, Duration timeout) {
        try {
            return CompletableFuture.supplyAsync(() -> runNow(thingId, timeout), runner);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.completedFuture(new SelfTestReport(thingId, false,
                    List.of("too many self-tests running; try again")));
        }
    }

    private SelfTestReport runNow(String thingId, Duration timeout) {
        List<String> steps = new ArrayList<>();
        Optional<Thing> thing = registry.get(thingId);
        if (thing.isEmpty()) {
            return new SelfTestReport(thingId, false, List.of("no thing '" + thingId + "'"));
        }
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(EventConstants.EVENT_TOPIC, ThingEvents.CHANNEL_TRIGGER);
        properties.put(EventConstants.EVENT_FILTER, "(" + ThingEvents.THING_ID + "=" + thingId + ")");
        ServiceRegistration<EventHandler> registration = context.registerService(EventHandler.class,
                event -> received.add(String.valueOf(event.getProperty(ThingEvents.EVENT))), properties);
        try {
            boolean dndOn = thing.get().state(Channels.DND).map("ON"::equals).orElse(false);
            String first = dndOn ? "OFF" : "ON";
            String second = dndOn ? "ON" : "OFF";
            return step(thing.get(), first, received, timeout, steps)
                    && step(thing.get(), second, received, timeout, steps)
                            ? new SelfTestReport(thingId, true, append(steps, "callback OK"))
                            : new SelfTestReport(thingId, false, steps);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new SelfTestReport(thingId, false, append(steps, "interrupted"));
        } finally {
            registration.unregister();
        }
    }

    private boolean step(Thing thing, String dnd, BlockingQueue<String> received, Duration timeout,
            List<String> steps) throws InterruptedException {
        String expected = "ON".equals(dnd) ? "dnd_enabled" : "dnd_disabled";
        Instant started = Instant.now();
        CommandResult result;
        try {
            result = registry.submit(CommandRequest.of(thing.id(), Channels.DND, dnd, "selftest"))
                    .toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            steps.add("DND " + dnd + ": the command did not finish within " + timeout.toSeconds() + " s");
            return false;
        }
        if (!result.ok()) {
            steps.add("DND " + dnd + ": the command failed (" + result.error().get() + ": " + result.message()
                    + "); fix the command path first");
            return false;
        }
        steps.add("DND " + dnd + ": command delivered over " + result.transport());
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            String event = left > 0 ? received.poll(left, TimeUnit.NANOSECONDS) : null;
            if (event == null) {
                steps.add("DND " + dnd + ": no " + expected + " callback within " + timeout.toSeconds() + " s: "
                        + diagnose(thing, started));
                return false;
            }
            if (event.equals(expected)) {
                steps.add("DND " + dnd + ": " + expected + " received");
                return true;
            }
        }
    }

    private String diagnose(Thing thing, Instant since) {
        String ip = thing.ipAddress();
        Optional<RejectionLog.Rejection> rejection = rejections.last(ip).filter(r -> !r.at().isBefore(since));
        if (rejection.isPresent()) {
            RejectionLog.Rejection r = rejection.get();
            if (r.status() == 404) {
                return "the phone at " + ip + " calls us with a wrong token; enter the URLs of phone:action-urls "
                        + thing.id() + " again";
            }
            if (r.status() == 403) {
                return "requests from " + ip + " were refused (" + r.reason() + "); check allowedSources or the "
                        + "phone's host";
            }
            return "a request from " + ip + " was refused with " + r.status() + " (" + r.reason() + ")";
        }
        return "no request from " + ip + " arrived: the phone cannot reach " + setup.receiverBaseUrl()
                .replaceAll("/actionurl/.*", "/actionurl/...") + ", or its DND Action URLs are empty or wrong";
    }

    private static List<String> append(List<String> steps, String line) {
        steps.add(line);
        return steps;
    }
}
