package org.actionbridge.core.internal;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import org.actionbridge.core.Channels;
import org.actionbridge.core.Thing;
import org.actionbridge.protocol.ActiveUriInstruction;
import org.actionbridge.protocol.PhoneCommands;
import org.actionbridge.protocol.ProtocolException;

/**
 * Translates a command channel and its value into the Active URI instruction of the protocol model.
 * The phone's hold and mute keys toggle, so a switch command whose state already holds sends nothing.
 */
final class CommandInstructions {

    private static final String ATTENDED_PREFIX = "attended:";

    /** Spaces, tabs and line ends at either end: what {@link #required} trims (compiled once: every command). */
    private static final Pattern EDGE_BLANKS = Pattern.compile("^[ \\t\\r\\n]+|[ \\t\\r\\n]+$");

    private CommandInstructions() {
    }

    /**
     * The instruction for {@code command} with {@code value} on {@code thing}; empty when the thing is
     * already in the requested state.
     *
     * @throws ProtocolException when the value is not acceptable, with the reason
     */
    static Optional<ActiveUriInstruction> of(Thing thing, String command, String value) throws ProtocolException {
        return switch (command) {
            case Channels.KEY -> Optional.of(PhoneCommands.keys(required(command, value)));
            case Channels.DIAL -> Optional.of(PhoneCommands.dial(required(command, value)));
            case Channels.ANSWER -> noValue(command, value, PhoneCommands.answer());
            case Channels.HANGUP -> noValue(command, value, PhoneCommands.hangUp());
            case Channels.REBOOT -> noValue(command, value, PhoneCommands.reboot());
            case Channels.OPEN_DOOR -> Optional.of(PhoneCommands.openDoor(required(command, value)));
            case Channels.DND -> switch (switchValue(command, value)) {
                case "ON" -> Optional.of(PhoneCommands.dnd(true));
                case "OFF" -> Optional.of(PhoneCommands.dnd(false));
                default -> Optional.of(PhoneCommands.dndToggle());
            };
            case Channels.HOLD -> toggle(thing, Channels.HOLD, switchValue(command, value), PhoneCommands.hold());
            case Channels.MUTE -> toggle(thing, Channels.MUTE, switchValue(command, value), PhoneCommands.mute());
            case Channels.TRANSFER -> {
                String target = required(command, value);
                yield Optional.of(target.regionMatches(true, 0, ATTENDED_PREFIX, 0, ATTENDED_PREFIX.length())
                        ? PhoneCommands.attendedTransfer(target.substring(ATTENDED_PREFIX.length()).strip())
                        : PhoneCommands.blindTransfer(target));
            }
            case Channels.DISPLAY_NAME -> displayName(required(command, value));
            default -> throw new ProtocolException("'" + command + "' is not a command");
        };
    }

    private static Optional<ActiveUriInstruction> toggle(Thing thing, String channel, String wanted,
            ActiveUriInstruction toggleKey) {
        if (!"TOGGLE".equals(wanted) && thing.state(channel).map(wanted::equals).orElse(false)) {
            return Optional.empty();
        }
        return Optional.of(toggleKey);
    }

    private static Optional<ActiveUriInstruction> displayName(String value) throws ProtocolException {
        int line = 1;
        String name = value;
        int colon = value.indexOf(':');
        if (colon > 0 && value.substring(0, colon).chars().allMatch(Character::isDigit)) {
            try {
                line = Integer.parseInt(value.substring(0, colon));
            } catch (NumberFormatException e) {
                throw new ProtocolException("display-name: line '" + value.substring(0, colon) + "' is not a number");
            }
            name = value.substring(colon + 1);
        }
        return Optional.of(PhoneCommands.displayName(line, name));
    }

    private static String required(String command, String value) throws ProtocolException {
        // spaces, tabs and line ends are trimmed; other control characters (which Java's strip() would also
        // remove) are left for the instruction's own check to name
        String trimmed = value == null ? "" : EDGE_BLANKS.matcher(value).replaceAll("");
        if (trimmed.isEmpty()) {
            throw new ProtocolException(command + " needs a value");
        }
        return trimmed;
    }

    /** The same rules for every way in (MQTT, JSON API, shell): a reboot with a value is a mistake, not a reboot. */
    private static Optional<ActiveUriInstruction> noValue(String command, String value, ActiveUriInstruction instruction)
            throws ProtocolException {
        if (value != null && !value.isBlank() && !"PRESS".equalsIgnoreCase(value.strip())) {
            throw new ProtocolException(command + " takes no value (send none, or PRESS), not '" + value + "'");
        }
        return Optional.of(instruction);
    }

    private static String switchValue(String command, String value) throws ProtocolException {
        String upper = value == null ? "" : value.strip().toUpperCase(Locale.ROOT);
        if (upper.equals("ON") || upper.equals("OFF") || upper.equals("TOGGLE")) {
            return upper;
        }
        throw new ProtocolException(command + " takes ON, OFF or TOGGLE, not '" + (value == null ? "" : value) + "'");
    }
}
