package org.actionbridge.emulator.internal;

import java.math.BigDecimal;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import org.actionbridge.emulator.DeviceType;
import org.actionbridge.protocol.ActionEvent;
import org.actionbridge.protocol.ActionUrlGenerator;
import org.actionbridge.protocol.ActionUrlTemplate;
import org.actionbridge.protocol.MacAddress;
import org.actionbridge.protocol.PhoneModelSeries;
import org.actionbridge.protocol.ProtocolException;
import org.actionbridge.protocol.config.ConfigValues;

/**
 * Turns the properties of an {@code org.actionbridge.emulator} configuration (or a standalone properties
 * file) into an {@link EmulatorConfig}, collecting every problem with a message that names the key.
 */
final class EmulatorConfigParser {

    static final String FACTORY_PID = "org.actionbridge.emulator";
    static final String ACTION_URL_PREFIX = "actionUrl.";

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern SIP_USER = Pattern.compile("[A-Za-z0-9*#+._-]{1,64}");
    /** Fanvil's OUI, the first half of every default MAC. */
    private static final String FANVIL_OUI = "0c383e";

    /** The outcome: a configuration, or the device id (as far as known) and the problems. */
    record Result(String id, Optional<EmulatorConfig> configuration, List<String> problems) {
    }

    private EmulatorConfigParser() {
    }

    static Result parse(Map<String, ?> properties) {
        return parse(properties, nameFromPid(properties));
    }

    /** Parses with {@code defaultId} as the id when the {@code id} key is absent. */
    static Result parse(Map<String, ?> properties, String defaultId) {
        ConfigValues values = new ConfigValues(properties);

        String id = values.string("id").orElse(defaultId);
        if (!ID.matcher(id).matches()) {
            values.problem("id '" + id + "' must be 1-64 letters, digits, '-' or '_'");
        }
        String typeName = values.string("type").orElse("phone");
        DeviceType type = DeviceType.fromId(typeName).orElse(null);
        if (type == null) {
            values.problem("type '" + typeName + "' is unknown: use phone or intercom");
            type = DeviceType.PHONE;
        }

        String bindText = values.string("bindAddress").orElse("127.0.0.1");
        InetAddress bind = Ipv4.parse(bindText).orElse(null);
        if (bind == null) {
            values.problem("bindAddress '" + bindText + "' is not an IPv4 address such as 127.0.10.1");
        } else if (!bind.isLoopbackAddress() && !values.bool("exposeOnNetwork", false)) {
            // its Active URI and control endpoints obey anyone with the (default admin/admin) login
            values.problem("bindAddress '" + bindText + "' is not a loopback address (127.x.y.z); set "
                    + "exposeOnNetwork = true to let other machines reach this emulated device");
        }
        int httpPort = values.port("httpPort", 8080);
        int sipPort = values.port("sipPort", 5060);
        boolean sipTcp = values.bool("sipTcp", true);
        if (sipTcp && httpPort == sipPort) {
            values.problem("httpPort and sipPort are both " + httpPort + ", but SIP over TCP needs its own port");
        }

        String username = values.string("username").orElse("admin");
        if (username.contains(":")) {
            values.problem("username must not contain ':'");
        }
        String password = values.string("password").orElse("admin");

        List<Ipv4.Range> allowed = new ArrayList<>();
        for (String item : values.string("allowedIps").orElse("").split("[,\\s]+")) {
            if (item.isEmpty()) {
                continue;
            }
            Optional<Ipv4.Range> range = Ipv4.parseRange(item);
            if (range.isPresent()) {
                allowed.add(range.get());
            } else {
                values.problem("allowedIps: '" + item + "' is not an IPv4 address or CIDR range");
            }
        }

        String sipServerText = values.string("sipServer").orElse("127.0.0.1");
        Optional<InetAddress> sipServer = Optional.empty();
        String sipServerHost = sipServerText;
        if (!sipServerText.equalsIgnoreCase("none")) {
            int colon = sipServerText.indexOf(':');
            sipServerHost = colon < 0 ? sipServerText : sipServerText.substring(0, colon);
            sipServer = Ipv4.parse(sipServerHost);
            boolean portOk = colon < 0 || sipServerText.substring(colon + 1).matches("[0-9]{1,5}");
            if (sipServer.isEmpty() || !portOk) {
                values.problem("sipServer '" + sipServerText + "' is not an IPv4 address (optionally with :port), or none");
            }
        } else {
            sipServerHost = "";
        }

        MacAddress mac = null;
        Optional<String> macText = values.string("mac");
        if (macText.isPresent()) {
            try {
                mac = MacAddress.parse(macText.get());
            } catch (ProtocolException e) {
                values.problem("mac: " + e.getMessage());
            }
        } else if (bind != null) {
            byte[] b = bind.getAddress();
            mac = new MacAddress(FANVIL_OUI + String.format(Locale.ROOT, "%02x%02x%02x", b[1] & 0xff, b[2] & 0xff,
                    b[3] & 0xff));
        }

        String model = values.string("model").orElse(type == DeviceType.INTERCOM ? "i20S" : "X6U");
        PhoneModelSeries series = PhoneModelSeries.fromModel(model).orElse(PhoneModelSeries.X6);
        Optional<String> seriesText = values.string("series");
        if (seriesText.isPresent()) {
            String s = seriesText.get().toUpperCase(Locale.ROOT).replace("/", "_").replace("X3X4", "X3_X4");
            try {
                series = PhoneModelSeries.valueOf(s);
            } catch (IllegalArgumentException e) {
                values.problem("series '" + seriesText.get() + "' is unknown: use X6 or X3_X4");
            }
        }
        String firmware = values.string("firmware").orElse("2.12.0");
        String doorCode = values.string("doorCode").orElse("");
        if (!doorCode.isEmpty()) {
            try {
                org.actionbridge.protocol.ActiveUriInstruction.openDoor(doorCode);
            } catch (ProtocolException e) {
                values.problem("doorCode: " + e.getMessage());
            }
        }
        Duration doorOpen = seconds(values, "doorOpenSeconds", "5", 0.05, 3600);
        Duration reboot = seconds(values, "rebootSeconds", "3", 0, 600);

        String sipUser = values.string("sipUser").orElse(id);
        if (!SIP_USER.matcher(sipUser).matches()) {
            values.problem("sipUser '" + sipUser + "' must be 1-64 of A-Z a-z 0-9 * # + . _ -");
        }
        String displayName = values.string("displayName").orElse(id);

        Map<ActionEvent, ActionUrlTemplate> urls = actionUrls(properties, values, series);

        if (!values.ok()) {
            return new Result(id, Optional.empty(), values.problems());
        }
        return new Result(id, Optional.of(new EmulatorConfig(id, type, bind, httpPort, sipPort, sipTcp, username,
                password, allowed, sipServer, sipServerHost, mac, model, series, firmware, doorCode, doorOpen, reboot,
                sipUser, displayName, urls)), List.of());
    }

    private static Map<ActionEvent, ActionUrlTemplate> actionUrls(Map<String, ?> properties, ConfigValues values,
            PhoneModelSeries series) {
        EnumMap<ActionEvent, ActionUrlTemplate> urls = new EnumMap<>(ActionEvent.class);
        Optional<String> base = values.string("actionUrlBase");
        if (base.isPresent()) {
            try {
                ActionUrlGenerator generator = ActionUrlGenerator.forPhone(base.get(), series);
                for (ActionEvent event : ActionEvent.values()) {
                    urls.put(event, generator.templateFor(event));
                }
            } catch (ProtocolException e) {
                values.problem("actionUrlBase: " + e.getMessage());
            }
        }
        for (Map.Entry<String, ?> entry : properties.entrySet()) {
            String key = entry.getKey();
            if (!key.startsWith(ACTION_URL_PREFIX)) {
                continue;
            }
            String eventName = key.substring(ACTION_URL_PREFIX.length());
            Optional<ActionEvent> event = ActionEvent.fromWireName(eventName);
            if (event.isEmpty()) {
                values.problem(key + ": '" + eventName + "' is not an event of spec 2.4 (e.g. incoming_call)");
                continue;
            }
            Optional<String> template = values.string(key);
            if (template.isEmpty()) {
                urls.remove(event.get()); // an empty field sends nothing, as on the phone's page
                continue;
            }
            try {
                urls.put(event.get(), ActionUrlTemplate.parse(template.get(), series));
            } catch (ProtocolException e) {
                values.problem(key + ": " + e.getMessage());
            }
        }
        return urls;
    }

    private static Duration seconds(ConfigValues values, String key, String defaultValue, double min, double max) {
        String text = values.string(key).orElse(defaultValue);
        try {
            BigDecimal value = new BigDecimal(text);
            if (value.doubleValue() >= min && value.doubleValue() <= max) {
                return Duration.ofMillis(value.movePointRight(3).longValue());
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        values.problem(key + " '" + text + "' must be a number of seconds from " + BigDecimal.valueOf(min)
                .stripTrailingZeros().toPlainString() + " to " + BigDecimal.valueOf(max).stripTrailingZeros()
                .toPlainString());
        return Duration.ofSeconds(1);
    }

    /**
     * Karaf names factory configurations after their file: {@code org.actionbridge.emulator-desk1.cfg}
     * becomes PID {@code org.actionbridge.emulator~desk1}; the name is the id when {@code id} is not set.
     */
    static String nameFromPid(Map<String, ?> properties) {
        Object file = properties.get("felix.fileinstall.filename");
        if (file != null) {
            Optional<String> name = nameFromFile(String.valueOf(file));
            if (name.isPresent()) {
                return name.get();
            }
        }
        Object pid = properties.get("service.pid");
        String text = pid == null ? "unnamed" : String.valueOf(pid);
        int tilde = text.indexOf('~');
        if (tilde >= 0) {
            return text.substring(tilde + 1);
        }
        String cleaned = text.replaceAll("[^A-Za-z0-9_-]", "_");
        return cleaned.length() > 64 ? cleaned.substring(cleaned.length() - 64) : cleaned;
    }

    /**
     * The device name in a file name: {@code org.actionbridge.emulator-desk1.cfg} and {@code desk1.properties}
     * both give {@code desk1}.
     */
    static Optional<String> nameFromFile(String path) {
        String name = path.substring(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
        String prefix = FACTORY_PID + "-";
        if (name.startsWith(prefix)) {
            name = name.substring(prefix.length());
        }
        int dot = name.lastIndexOf('.');
        if (dot > 0) {
            name = name.substring(0, dot);
        }
        return name.isEmpty() ? Optional.empty() : Optional.of(name);
    }
}
