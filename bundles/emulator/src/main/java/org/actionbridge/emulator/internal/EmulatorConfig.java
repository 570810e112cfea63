package org.actionbridge.emulator.internal;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.actionbridge.emulator.DeviceType;
import org.actionbridge.protocol.ActionEvent;
import org.actionbridge.protocol.ActionUrlTemplate;
import org.actionbridge.protocol.MacAddress;
import org.actionbridge.protocol.PhoneModelSeries;

/**
 * The checked configuration of one emulated device (keys of DESIGN.md's
 * {@code org.actionbridge.emulator-{name}.cfg}, see {@link EmulatorConfigParser}).
 */
record EmulatorConfig(String id, DeviceType type, InetAddress bindAddress, int httpPort, int sipPort,
        boolean sipTcp, String username, String password, List<Ipv4.Range> allowedIps,
        Optional<InetAddress> sipServer, String sipServerHost, MacAddress mac, String model,
        PhoneModelSeries series, String firmware, String doorCode, Duration doorOpenTime, Duration rebootTime,
        String sipUser, String displayName, Map<ActionEvent, ActionUrlTemplate> actionUrls) {

    EmulatorConfig {
        allowedIps = List.copyOf(allowedIps);
        actionUrls = Map.copyOf(actionUrls);
    }

    /** Whether HTTP Active URI from this source is allowed (spec 3.2, part 1). */
    boolean httpSourceAllowed(InetAddress source) {
        return allowedIps.isEmpty() || listed(source);
    }

    /**
     * Whether a SIP NOTIFY from this source is executed (spec 3.2, part 2): always from the registrar,
     * otherwise only from a listed IP; an empty list admits nobody but the registrar.
     */
    boolean sipSourceAllowed(InetAddress source) {
        return sipServer.map(source::equals).orElse(false) || listed(source);
    }

    private boolean listed(InetAddress source) {
        for (Ipv4.Range range : allowedIps) {
            if (range.contains(source)) {
                return true;
            }
        }
        return false;
    }

    /** The configuration as a log line, without the password or the door code. */
    @Override
    public String toString() {
        return "emulator " + id + " (" + type.id() + ", " + model + ") on " + bindAddress.getHostAddress() + " http "
                + httpPort + " sip " + sipPort + (sipTcp ? " udp+tcp" : " udp");
    }
}
