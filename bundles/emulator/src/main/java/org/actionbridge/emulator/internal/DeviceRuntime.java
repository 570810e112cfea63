package org.actionbridge.emulator.internal;

import java.io.IOException;
import java.util.concurrent.ScheduledExecutorService;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running emulated device: its state machine, Action URL sender, timers, web server and SIP listener,
 * started together and closed together in reverse order. Used by the OSGi component and by the standalone
 * launcher alike.
 */
final class DeviceRuntime implements AutoCloseable {

    private final Logger logger = LoggerFactory.getLogger(DeviceRuntime.class);
    private final EmulatorConfig config;
    private final ActionUrlSender sender;
    private final ScheduledExecutorService timers;
    private final EmulatedPhone phone;
    private final DeviceHttpServer http;
    private final SipListener sip;

    private DeviceRuntime(EmulatorConfig config) throws IOException {
        this.config = config;
        this.sender = new ActionUrlSender(config.id(), config.bindAddress(),
                "Fanvil " + config.model() + " " + config.firmware());
        this.timers = NamedThreads.scheduler("emulator-" + config.id() + "-timer");
        this.phone = new EmulatedPhone(config, sender::send, timers);
        DeviceHttpServer server = null;
        try {
            server = new DeviceHttpServer(phone);
            this.http = server;
            this.sip = new SipListener(phone);
        } catch (IOException | RuntimeException e) {
            if (server != null) {
                server.close();
            }
            NamedThreads.stop(timers);
            sender.close();
            throw e;
        }
    }

    /**
     * Binds the sockets and starts the device (which fires setup_completed and registration_succeeded).
     *
     * @throws IOException when an address or port cannot be bound; nothing is left open then
     */
    static DeviceRuntime start(EmulatorConfig config) throws IOException {
        DeviceRuntime runtime = new DeviceRuntime(config);
        runtime.phone.start();
        runtime.logger.info("Emulator {} ({}, {}) started: http://{}:{}/ and SIP {}:{} ({})", config.id(),
                config.type().id(), config.model(), config.bindAddress().getHostAddress(), config.httpPort(),
                config.bindAddress().getHostAddress(), config.sipPort(), config.sipTcp() ? "UDP and TCP" : "UDP");
        return runtime;
    }

    EmulatedPhone device() {
        return phone;
    }

    EmulatorConfig config() {
        return config;
    }

    @Override
    public void close() {
        sip.close();
        http.close();
        phone.stop();
        NamedThreads.stop(timers);
        sender.close();
        logger.info("Emulator {} stopped", config.id());
    }
}
