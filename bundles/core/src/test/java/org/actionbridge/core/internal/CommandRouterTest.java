package org.actionbridge.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.actionbridge.core.Channels;
import org.actionbridge.core.CommandError;
import org.actionbridge.core.CommandRequest;
import org.actionbridge.core.CommandResult;
import org.actionbridge.core.CommandTransport;
import org.actionbridge.core.Delivery;
import org.actionbridge.core.PhoneConfiguration;
import org.actionbridge.core.ThingEvents;
import org.actionbridge.core.ThingStatus;
import org.actionbridge.core.ThingType;
import org.actionbridge.core.TransportMode;
import org.actionbridge.protocol.ActiveUriInstruction;
import org.junit.jupiter.api.Test;

class CommandRouterTest {

    /** A transport that answers with a fixed delivery and remembers what it was asked to send. */
    static final class FakeTransport implements CommandTransport {
        final List<String> sent = new ArrayList<>();
        final Delivery answer;

        FakeTransport(Delivery answer) {
            this.answer = answer;
        }

        @Override
        public CompletionStage<Delivery> send(PhoneConfiguration phone, ActiveUriInstruction instruction) {
            sent.add(instruction.toQueryString());
            return CompletableFuture.completedFuture(answer);
        }
    }

    private final RecordingEventAdmin events = new RecordingEventAdmin();
    private final CommandRouter router = new CommandRouter();
    private final ThingRegistryImpl registry = new ThingRegistryImpl(events, router, Clock.systemUTC());

    private void addPhone(String id, TransportMode mode) {
        registry.put("pid-" + id, new PhoneConfiguration(id, ThingType.PHONE, id, "127.0.0.5", 80, false, "",
                "admin", "pw", mode, 5060));
    }

    private void addTransport(String name, FakeTransport transport) {
        router.addTransport(transport, Map.of(CommandTransport.NAME_PROPERTY, name));
    }

    private CommandResult submit(String thing, String command, String value) throws Exception {
        return registry.submit(CommandRequest.of(thing, command, value, "test")).toCompletableFuture().get();
    }

    @Test
    void unknownThingIsReported() throws Exception {
        CommandResult result = submit("ghost", Channels.DIAL, "100");

        assertThat(result.error()).contains(CommandError.UNKNOWN_THING);
        assertThat(events.onTopic(ThingEvents.COMMAND_RESULT)).hasSize(1);
    }

    @Test
    void readOnlyChannelIsNotACommand() throws Exception {
        addPhone("desk1", TransportMode.HTTP);

        CommandResult result = submit("desk1", Channels.CALL_STATE, "IDLE");

        assertThat(result.error()).contains(CommandError.UNKNOWN_COMMAND);
        assertThat(result.message()).contains("has no command 'call-state'");
    }

    @Test
    void missingTransportFailsWithReasonInsteadOfDropping() throws Exception {
        addPhone("desk1", TransportMode.HTTP);

        CommandResult result = submit("desk1", Channels.ANSWER, "");

        assertThat(result.error()).contains(CommandError.NO_TRANSPORT);
        assertThat(result.message()).contains("'http' transport is not running");
    }

    @Test
    void commandGoesToConfiguredTransportAndMarksThingOnline() throws Exception {
        addPhone("desk1", TransportMode.HTTP);
        FakeTransport http = new FakeTransport(Delivery.delivered("200"));
        addTransport("http", http);

        CommandResult result = submit("desk1", Channels.DIAL, "0000");

        assertThat(result.ok()).isTrue();
        assertThat(result.transport()).isEqualTo("http");
        assertThat(http.sent).containsExactly("key=SPEAKER;0000;ENTER");
        assertThat(registry.get("desk1").orElseThrow().status().status()).isEqualTo(ThingStatus.ONLINE);
        assertThat(events.onTopic(ThingEvents.COMMAND_RESULT).get(0).getProperty(ThingEvents.OK)).isEqualTo(true);
    }

    @Test
    void autoFallsBackToSipWhenHttpIsUnreachable() throws Exception {
        addPhone("desk1", TransportMode.AUTO);
        FakeTransport http = new FakeTransport(Delivery.failed(CommandError.UNREACHABLE, "connection refused"));
        FakeTransport sip = new FakeTransport(Delivery.delivered("200 OK"));
        addTransport("http", http);
        addTransport("sip", sip);

        CommandResult result = submit("desk1", Channels.ANSWER, "");

        assertThat(result.ok()).isTrue();
        assertThat(result.transport()).isEqualTo("sip");
        assertThat(http.sent).hasSize(1);
        assertThat(sip.sent).hasSize(1);
    }

    @Test
    void autoDoesNotFallBackOnRefusal() throws Exception {
        addPhone("desk1", TransportMode.AUTO);
        FakeTransport http = new FakeTransport(Delivery.failed(CommandError.UNAUTHORIZED, "401"));
        FakeTransport sip = new FakeTransport(Delivery.delivered("200 OK"));
        addTransport("http", http);
        addTransport("sip", sip);

        CommandResult result = submit("desk1", Channels.ANSWER, "");

        assertThat(result.error()).contains(CommandError.UNAUTHORIZED);
        assertThat(sip.sent).isEmpty();
    }

    @Test
    void removedTransportIsNoLongerUsed() throws Exception {
        addPhone("desk1", TransportMode.HTTP);
        FakeTransport http = new FakeTransport(Delivery.delivered("200"));
        addTransport("http", http);
        router.removeTransport("http");

        assertThat(submit("desk1", Channels.ANSWER, "").error()).contains(CommandError.NO_TRANSPORT);
    }

    @Test
    void injectionInValueIsRefusedBeforeSending() throws Exception {
        addPhone("desk1", TransportMode.HTTP);
        FakeTransport http = new FakeTransport(Delivery.delivered("200"));
        addTransport("http", http);

        assertThat(submit("desk1", Channels.KEY, "OK&key=Reset").error()).contains(CommandError.INVALID_VALUE);
        assertThat(submit("desk1", Channels.DIAL, "100%26key=Reset").error()).contains(CommandError.INVALID_VALUE);
        assertThat(submit("desk1", Channels.DIAL, "100\r\nX: y").error()).contains(CommandError.INVALID_VALUE);
        assertThat(http.sent).isEmpty();
    }

    @Test
    void switchCommandsTakeOnOffOrToggleOnly() throws Exception {
        addPhone("desk1", TransportMode.HTTP);
        FakeTransport http = new FakeTransport(Delivery.delivered("200"));
        addTransport("http", http);

        assertThat(submit("desk1", Channels.DND, "ON").ok()).isTrue();
        assertThat(submit("desk1", Channels.DND, "off").ok()).isTrue();
        assertThat(submit("desk1", Channels.DND, "sometimes").error()).contains(CommandError.INVALID_VALUE);
        assertThat(http.sent).containsExactly("key=DNDON", "key=DNDOFF");
    }

    @Test
    void holdAlreadyInRequestedStateSendsNothing() throws Exception {
        addPhone("desk1", TransportMode.HTTP);
        FakeTransport http = new FakeTransport(Delivery.delivered("200"));
        addTransport("http", http);
        registry.updateState("desk1", Channels.HOLD, "ON");

        CommandResult result = submit("desk1", Channels.HOLD, "ON");

        assertThat(result.ok()).isTrue();
        assertThat(http.sent).isEmpty();
        assertThat(submit("desk1", Channels.HOLD, "OFF").ok()).isTrue();
        assertThat(http.sent).containsExactly("key=F_HOLD");
    }

    @Test
    void transferValueSelectsBlindOrAttended() throws Exception {
        addPhone("desk1", TransportMode.HTTP);
        FakeTransport http = new FakeTransport(Delivery.delivered("200"));
        addTransport("http", http);

        submit("desk1", Channels.TRANSFER, "2000");
        submit("desk1", Channels.TRANSFER, "attended:3000");

        assertThat(http.sent).containsExactly("key=F_TRANSFER;2000;F_TRANSFER", "key=F_TRANSFER;3000;OK");
    }

    @Test
    void transportThatThrowsBecomesAnInternalError() throws Exception {
        addPhone("desk1", TransportMode.HTTP);
        router.addTransport((phone, instruction) -> {
            throw new IllegalStateException("boom");
        }, Map.of(CommandTransport.NAME_PROPERTY, "http"));

        CommandResult result = submit("desk1", Channels.ANSWER, "");

        assertThat(result.error()).contains(CommandError.INTERNAL);
        assertThat(result.message()).contains("boom");
    }

    @Test
    void invalidConfigurationRefusesCommands() throws Exception {
        registry.putInvalid("pid", "bad", ThingType.PHONE, List.of("host is missing"));

        CommandResult result = submit("bad", Channels.ANSWER, "");

        assertThat(result.error()).contains(CommandError.CONFIGURATION_ERROR);
        assertThat(result.message()).contains("host is missing");
        assertThat(Optional.of(result.transport())).contains("");
    }

    @Test
    void transportWhoseDeliveryFailsBecomesAnInternalErrorWithTheCause() throws Exception {
        addPhone("desk1", TransportMode.HTTP);
        router.addTransport((phone, instruction) -> CompletableFuture.failedFuture(new java.io.IOException("reset")),
                Map.of(CommandTransport.NAME_PROPERTY, "http"));

        CommandResult result = submit("desk1", Channels.ANSWER, "");

        assertThat(result.error()).contains(CommandError.INTERNAL);
        assertThat(result.message()).isEqualTo("transport 'http' failed: reset");
        assertThat(result.transport()).isEqualTo("http");
    }

    @Test
    void aMissingTransportNamesTheFeatureToInstall() throws Exception {
        addPhone("desk1", TransportMode.HTTP);
        addPhone("desk2", TransportMode.SIP);

        assertThat(submit("desk1", Channels.ANSWER, "").message()).contains("install feature actionbridge-activeuri");
        assertThat(submit("desk2", Channels.ANSWER, "").message()).contains("install feature actionbridge-sip");
    }

    /** A framework stand-in: hands out {@code service} for any reference and counts gets and ungets. */
    private static final class Framework {
        final FakeTransport service = new FakeTransport(Delivery.delivered("200"));
        int gets;
        int ungets;
        final org.osgi.framework.BundleContext context = proxy(org.osgi.framework.BundleContext.class,
                (method, args) -> switch (method) {
                    case "getService" -> {
                        gets++;
                        yield service;
                    }
                    case "ungetService" -> {
                        ungets++;
                        yield true;
                    }
                    default -> throw new UnsupportedOperationException(method);
                });

        @SuppressWarnings("unchecked")
        org.osgi.framework.ServiceReference<CommandTransport> reference(String name) {
            return proxy(org.osgi.framework.ServiceReference.class, (method, args) -> switch (method) {
                case "getProperty" -> CommandTransport.NAME_PROPERTY.equals(args[0]) ? name : null;
                default -> throw new UnsupportedOperationException(method);
            });
        }

        @SuppressWarnings("unchecked")
        private static <T> T proxy(Class<T> type, java.util.function.BiFunction<String, Object[], Object> answer) {
            return (T) java.lang.reflect.Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] { type },
                    (self, method, args) -> switch (method.getName()) {
                        case "equals" -> self == args[0];
                        case "hashCode" -> System.identityHashCode(self);
                        case "toString" -> type.getSimpleName();
                        default -> answer.apply(method.getName(), args);
                    });
        }
    }

    @Test
    void boundTransportsAreFetchedOnFirstUseAndReleasedWhenUnbound() throws Exception {
        Framework framework = new Framework();
        CommandRouter bound = new CommandRouter(framework.context);
        ThingRegistryImpl things = new ThingRegistryImpl(events, bound, Clock.systemUTC());
        things.put("pid", new PhoneConfiguration("desk1", ThingType.PHONE, "desk1", "127.0.0.5", 80, false, "",
                "admin", "pw", TransportMode.HTTP, 5060));
        org.osgi.framework.ServiceReference<CommandTransport> http = framework.reference("http");

        bound.bindTransport(framework.reference(null)); // no name: ignored
        bound.bindTransport(http);
        assertThat(framework.gets).as("not fetched while binding (a DS cycle)").isZero();

        CommandRequest answer = CommandRequest.of("desk1", Channels.ANSWER, "", "test");
        assertThat(things.submit(answer).toCompletableFuture().get().ok()).isTrue();
        assertThat(things.submit(answer).toCompletableFuture().get().ok()).isTrue();
        assertThat(framework.gets).isEqualTo(1);
        assertThat(framework.service.sent).hasSize(2);

        // a stale reference of the same name (the old service after a redeploy) must not unbind the new one
        bound.unbindTransport(framework.reference("http"));
        assertThat(things.submit(answer).toCompletableFuture().get().ok()).isTrue();
        assertThat(framework.ungets).isZero();

        bound.unbindTransport(http);
        assertThat(framework.ungets).isEqualTo(1);
        assertThat(things.submit(answer).toCompletableFuture().get().error()).contains(CommandError.NO_TRANSPORT);
        bound.unbindTransport(framework.reference(null)); // no name: nothing to do
    }
}
