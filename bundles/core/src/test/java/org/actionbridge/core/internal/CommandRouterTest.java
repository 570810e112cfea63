package org.actionbridge.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.actionbridge.core.ChannelDefinition;
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
import org.actionbridge.protocol.Key;
import org.actionbridge.protocol.PhoneCommands;
import org.actionbridge.protocol.KeySequence;
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

    /** Thing desk1 over HTTP, and an HTTP transport that delivers everything: the commonest set-up. */
    private FakeTransport deskWithHttpThatDelivers() {
        addPhone("desk1", TransportMode.HTTP);
        FakeTransport http = new FakeTransport(Delivery.delivered("200"));
        addTransport("http", http);
        return http;
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
    void aValueOfControlCharactersIsRefusedAsSuchNotAsEmpty() throws Exception {
        FakeTransport http = deskWithHttpThatDelivers();
        for (String value : new String[] { "\u001f", "2:\u001f", "\u000b" }) {
            CommandResult result = submit("desk1", Channels.DISPLAY_NAME, value);
            assertThat(result.error()).as(value).contains(CommandError.INVALID_VALUE);
            assertThat(result.message()).as(value).contains("control character");
        }
        assertThat(submit("desk1", Channels.DISPLAY_NAME, " \t\r\n").message()).contains("needs a value");
        assertThat(submit("desk1", Channels.DIAL, " 1234\n").ok()).isTrue();
        assertThat(http.sent).containsExactly(PhoneCommands.dial("1234").toQueryString());
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
        FakeTransport http = deskWithHttpThatDelivers();

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
        FakeTransport http = deskWithHttpThatDelivers();
        router.removeTransport("http");

        assertThat(submit("desk1", Channels.ANSWER, "").error()).contains(CommandError.NO_TRANSPORT);
    }

    @Test
    void injectionInValueIsRefusedBeforeSending() throws Exception {
        FakeTransport http = deskWithHttpThatDelivers();

        assertThat(submit("desk1", Channels.KEY, "OK&key=Reset").error()).contains(CommandError.INVALID_VALUE);
        assertThat(submit("desk1", Channels.DIAL, "100%26key=Reset").error()).contains(CommandError.INVALID_VALUE);
        assertThat(submit("desk1", Channels.DIAL, "100\r\nX: y").error()).contains(CommandError.INVALID_VALUE);
        assertThat(http.sent).isEmpty();
    }

    @Test
    void switchCommandsTakeOnOffOrToggleOnly() throws Exception {
        FakeTransport http = deskWithHttpThatDelivers();

        assertThat(submit("desk1", Channels.DND, "ON").ok()).isTrue();
        assertThat(submit("desk1", Channels.DND, "off").ok()).isTrue();
        assertThat(submit("desk1", Channels.DND, "sometimes").error()).contains(CommandError.INVALID_VALUE);
        assertThat(submit("desk1", Channels.DND, "").error()).as("as over MQTT: no value is no switch")
                .contains(CommandError.INVALID_VALUE);
        assertThat(submit("desk1", Channels.DND, "toggle").ok()).isTrue();
        assertThat(http.sent).containsExactly("key=DNDON", "key=DNDOFF", "key=DND");
    }

    @Test
    void commandsWithoutAValueRefuseOne() throws Exception {
        FakeTransport http = deskWithHttpThatDelivers();

        CommandResult now = submit("desk1", Channels.REBOOT, "now");
        assertThat(now.error()).contains(CommandError.INVALID_VALUE);
        assertThat(now.message()).contains("takes no value");
        assertThat(submit("desk1", Channels.ANSWER, "x").error()).contains(CommandError.INVALID_VALUE);
        assertThat(submit("desk1", Channels.HANGUP, "PRESS").ok()).isTrue();
        assertThat(submit("desk1", Channels.ANSWER, "").ok()).isTrue();
        assertThat(http.sent).hasSize(2);
    }

    @Test
    void holdAlreadyInRequestedStateSendsNothing() throws Exception {
        FakeTransport http = deskWithHttpThatDelivers();
        registry.updateState("desk1", Channels.HOLD, "ON");

        CommandResult result = submit("desk1", Channels.HOLD, "ON");

        assertThat(result.ok()).isTrue();
        assertThat(http.sent).isEmpty();
        assertThat(submit("desk1", Channels.HOLD, "OFF").ok()).isTrue();
        assertThat(http.sent).containsExactly("key=F_HOLD");
    }

    @Test
    void transferValueSelectsBlindOrAttended() throws Exception {
        FakeTransport http = deskWithHttpThatDelivers();

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

    /** Texts that would smuggle a second parameter, key or header into an Active URI request or NOTIFY. */
    private static final List<String> HOSTILE = List.of("OK&key=Reset", "1&key=Reset", "1%26key%3DReset",
            "1\r\nkey=Reset", "1\nEvent: reboot", "1;Reset", "1#&code=0000", "ON&key=Reset", "TOGGLE;Reset",
            "1/../../cgi-bin/ConfigManApp.com?key=Reset", "F_PREFIX:1;Reset", "1\u0000Reset", "\uff06key=Reset",
            "1 & key=Reset", "x".repeat(5_000));

    @Test
    void noCommandOfAnyThingCarriesAnInjectionToThePhone() throws Exception {
        FakeTransport http = new FakeTransport(Delivery.delivered("200"));
        addTransport("http", http);
        for (ThingType type : ThingType.values()) {
            String id = "inject-" + type.id();
            registry.put("pid-" + id, new PhoneConfiguration(id, type, id, "127.0.0.5", 80, false, "", "admin", "pw",
                    TransportMode.HTTP, 5060));
            for (ChannelDefinition channel : Channels.of(type).values()) {
                if (!channel.acceptsCommands()) {
                    continue;
                }
                for (String hostile : HOSTILE) {
                    int before = http.sent.size();
                    CommandResult result = submit(id, channel.id(), hostile);
                    String what = type.id() + " " + channel.id() + " '" + hostile + "'";
                    if (http.sent.size() == before) {
                        assertThat(result.ok()).as(what + ": nothing sent, so no success").isFalse();
                        continue;
                    }
                    // whatever was sent is one well-formed instruction, with no line break, path or second query
                    String query = http.sent.get(http.sent.size() - 1);
                    ActiveUriInstruction sent = ActiveUriInstruction.parseQuery(query, KeySequence.Mode.RAW);
                    assertThat(sent.toQueryString()).as(what).isEqualTo(query);
                    assertThat(query).as(what).doesNotContain("\r", "\n", "/", "?");
                    // the key channel presses the keys it is given, Reset included, and reboot reboots whatever
                    // its value; no other command presses either
                    List<Key> pressed = sent.keySequence().map(KeySequence::keys).orElse(List.of());
                    if (channel.id().equals(Channels.REBOOT)) {
                        assertThat(pressed).as(what).containsExactly(Key.REBOOT);
                    } else if (!channel.id().equals(Channels.KEY)) {
                        assertThat(pressed).as(what).doesNotContain(Key.RESET, Key.REBOOT);
                    }
                }
            }
        }
        assertThat(http.sent).as("the hostile texts were tried against channels that send something").isNotEmpty();
    }
}
