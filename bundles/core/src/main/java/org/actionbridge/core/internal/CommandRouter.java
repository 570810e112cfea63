package org.actionbridge.core.internal;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.actionbridge.core.ChannelDefinition;
import org.actionbridge.core.Channels;
import org.actionbridge.core.CommandError;
import org.actionbridge.core.CommandRequest;
import org.actionbridge.core.CommandResult;
import org.actionbridge.core.CommandTransport;
import org.actionbridge.core.Delivery;
import org.actionbridge.core.PhoneConfiguration;
import org.actionbridge.core.Thing;
import org.actionbridge.core.TransportMode;
import org.actionbridge.protocol.ActiveUriInstruction;
import org.actionbridge.protocol.ProtocolException;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Validates commands and hands them to the transport a thing's configuration names. Transports come
 * and go at run time; a command whose transport is missing fails with {@link CommandError#NO_TRANSPORT}.
 */
@Component(service = CommandRouter.class)
public final class CommandRouter {

    /** A transport that never answers must not leave its caller waiting forever. */
    static final Duration GUARD_TIMEOUT = Duration.ofSeconds(120);

    private final Logger logger = LoggerFactory.getLogger(CommandRouter.class);
    private final Map<String, Supplier<CommandTransport>> transports = new ConcurrentHashMap<>();
    private final BundleContext bundleContext;

    @Activate
    public CommandRouter(BundleContext context) {
        this.bundleContext = context;
    }

    /** A router without a framework, fed through {@link #addTransport} (unit tests). */
    CommandRouter() {
        this(null);
    }

    /**
     * Transports are bound by reference and fetched on first use: a transport that itself needs the
     * registry must not be instantiated while the registry is being built (that is a DS cycle).
     */
    @Reference(service = CommandTransport.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC)
    void bindTransport(ServiceReference<CommandTransport> reference) {
        Object name = reference.getProperty(CommandTransport.NAME_PROPERTY);
        if (name == null) {
            logger.warn("Ignoring command transport {} without the {} property", reference,
                    CommandTransport.NAME_PROPERTY);
            return;
        }
        transports.put(String.valueOf(name), new LazyTransport(bundleContext, reference));
        logger.info("Command transport '{}' available", name);
    }

    void unbindTransport(ServiceReference<CommandTransport> reference) {
        Object name = reference.getProperty(CommandTransport.NAME_PROPERTY);
        if (name == null) {
            return;
        }
        Supplier<CommandTransport> current = transports.get(String.valueOf(name));
        if (current instanceof LazyTransport lazy && lazy.reference.equals(reference)
                && transports.remove(String.valueOf(name), current)) {
            lazy.release();
            logger.info("Command transport '{}' gone", name);
        }
    }

    /** Binds a transport directly (unit tests). */
    void addTransport(CommandTransport transport, Map<String, Object> properties) {
        transports.put(String.valueOf(properties.get(CommandTransport.NAME_PROPERTY)), () -> transport);
    }

    /** Unbinds a transport bound with {@link #addTransport}. */
    void removeTransport(String name) {
        transports.remove(name);
    }

    /** A transport service fetched from the framework when first needed, released when unbound. */
    private static final class LazyTransport implements Supplier<CommandTransport> {
        private final BundleContext context;
        private final ServiceReference<CommandTransport> reference;
        private CommandTransport service;
        private boolean released;

        LazyTransport(BundleContext context, ServiceReference<CommandTransport> reference) {
            this.context = context;
            this.reference = reference;
        }

        @Override
        public synchronized CommandTransport get() {
            if (service == null && !released) {
                service = context.getService(reference);
            }
            return service;
        }

        synchronized void release() {
            if (service != null) {
                context.ungetService(reference);
                service = null;
            }
            released = true;
        }
    }

    /** Routes one command for {@code thing} (empty when no such thing exists). Never completes exceptionally. */
    CompletionStage<CommandResult> route(CommandRequest request, Optional<Thing> thing) {
        if (thing.isEmpty()) {
            return done(CommandResult.rejected(request, CommandError.UNKNOWN_THING,
                    "no thing '" + request.thingId() + "'"));
        }
        Thing target = thing.get();
        Optional<ChannelDefinition> channel = Channels.find(target.type(), request.command())
                .filter(ChannelDefinition::acceptsCommands);
        if (channel.isEmpty()) {
            return done(CommandResult.rejected(request, CommandError.UNKNOWN_COMMAND, "a " + target.type().id()
                    + " has no command '" + request.command() + "'"));
        }
        if (target.configuration().isEmpty()) {
            return done(CommandResult.rejected(request, CommandError.CONFIGURATION_ERROR,
                    "thing '" + target.id() + "' has an invalid configuration: " + target.status().message()));
        }
        PhoneConfiguration phone = target.configuration().get();
        Optional<ActiveUriInstruction> instruction;
        try {
            instruction = CommandInstructions.of(target, request.command(), request.value());
        } catch (ProtocolException e) {
            return done(CommandResult.rejected(request, CommandError.INVALID_VALUE, e.getMessage()));
        } catch (RuntimeException e) {
            logger.warn("Could not build the instruction for {} on {}: {}", request.command(), target.id(), e.toString());
            return done(CommandResult.rejected(request, CommandError.INTERNAL,
                    "could not build the instruction for " + request.command() + ": " + e.getMessage()));
        }
        if (instruction.isEmpty()) {
            return done(new CommandResult(request, Optional.empty(),
                    request.command() + " is already " + request.value().trim().toUpperCase(), "", Duration.ZERO));
        }
        long start = System.nanoTime();
        return deliver(phone, instruction.get(), request, start);
    }

    private CompletionStage<CommandResult> deliver(PhoneConfiguration phone, ActiveUriInstruction instruction,
            CommandRequest request, long start) {
        TransportMode mode = phone.transport();
        if (mode == TransportMode.AUTO) {
            if (!transports.containsKey(TransportMode.HTTP.id())) {
                return send(TransportMode.SIP, phone, instruction, request, start);
            }
            return send(TransportMode.HTTP, phone, instruction, request, start).thenCompose(result -> {
                boolean unreachable = result.error().filter(e -> e == CommandError.UNREACHABLE).isPresent();
                if (unreachable && transports.containsKey(TransportMode.SIP.id())) {
                    logger.debug("HTTP to {} unreachable, falling back to SIP NOTIFY", phone.id());
                    return send(TransportMode.SIP, phone, instruction, request, start);
                }
                return CompletableFuture.completedFuture(result);
            });
        }
        return send(mode, phone, instruction, request, start);
    }

    private CompletionStage<CommandResult> send(TransportMode mode, PhoneConfiguration phone,
            ActiveUriInstruction instruction, CommandRequest request, long start) {
        Supplier<CommandTransport> supplier = transports.get(mode.id());
        CommandTransport transport = supplier == null ? null : supplier.get();
        if (transport == null) {
            return done(CommandResult.rejected(request, CommandError.NO_TRANSPORT, "the '" + mode.id()
                    + "' transport is not running (install feature actionbridge-" + featureOf(mode) + ")"));
        }
        CompletableFuture<Delivery> delivery;
        try {
            delivery = transport.send(phone, instruction).toCompletableFuture();
        } catch (RuntimeException e) {
            logger.warn("Transport '{}' failed on a command for {}: {}", mode.id(), phone.id(), e.toString());
            delivery = CompletableFuture.completedFuture(Delivery.failed(CommandError.INTERNAL,
                    "transport '" + mode.id() + "' failed: " + e.getMessage()));
        }
        return delivery.orTimeout(GUARD_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .handle((result, failure) -> {
                    Duration took = Duration.ofNanos(System.nanoTime() - start);
                    if (failure != null) {
                        Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
                        boolean timeout = cause instanceof java.util.concurrent.TimeoutException;
                        return new CommandResult(request,
                                Optional.of(timeout ? CommandError.TIMEOUT : CommandError.INTERNAL),
                                timeout ? "no answer within " + GUARD_TIMEOUT.toSeconds() + " s"
                                        : "transport '" + mode.id() + "' failed: " + cause.getMessage(),
                                mode.id(), took);
                    }
                    return new CommandResult(request, result.error(), result.message(), mode.id(), took);
                });
    }

    private static String featureOf(TransportMode mode) {
        return mode == TransportMode.SIP ? "sip" : "activeuri";
    }

    private static CompletionStage<CommandResult> done(CommandResult result) {
        return CompletableFuture.completedFuture(result);
    }
}
