package org.actionbridge.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.actionbridge.protocol.internal.AsciiCase;

/**
 * The header fields of a SIP message head (RFC 3261 7.3.1), in order: each name in lower case with its compact
 * form expanded ({@code i} is {@code call-id}), each value trimmed, continuation lines joined with one space to
 * the field they continue. Reading is linear in the head's length however many continuation lines it has. A
 * line that is neither a field nor a continuation is not a field; the first such line is kept, for the caller
 * to refuse the message or to answer what it could read.
 */
public final class SipHeaderFields {

    /** One header field. */
    public record Field(String name, String value) {
    }

    private static final Map<String, String> COMPACT = Map.ofEntries(Map.entry("v", "via"),
            Map.entry("f", "from"), Map.entry("t", "to"), Map.entry("i", "call-id"),
            Map.entry("l", "content-length"), Map.entry("c", "content-type"), Map.entry("o", "event"),
            Map.entry("m", "contact"), Map.entry("k", "supported"), Map.entry("s", "subject"));

    private final List<Field> fields;
    private final String malformedLine;

    private SipHeaderFields(List<Field> fields, String malformedLine) {
        this.fields = List.copyOf(fields);
        this.malformedLine = malformedLine;
    }

    /** Reads {@code lines} from index {@code from} on (the lines after the start line, up to the blank one). */
    public static SipHeaderFields parse(String[] lines, int from) {
        List<Field> fields = new ArrayList<>();
        String malformed = null;
        for (int i = from; i < lines.length; i++) {
            String line = lines[i];
            int colon = line.indexOf(':');
            if (colon <= 0 || isContinuation(line)) { // a continuation here has no field to continue
                malformed = malformed == null ? line : malformed;
                continue;
            }
            String value = line.substring(colon + 1).trim();
            if (i + 1 < lines.length && isContinuation(lines[i + 1])) {
                StringBuilder joined = new StringBuilder(value);
                while (i + 1 < lines.length && isContinuation(lines[i + 1])) {
                    joined.append(' ').append(lines[++i].trim());
                }
                value = joined.toString();
            }
            fields.add(new Field(canonicalName(line.substring(0, colon)), value));
        }
        return new SipHeaderFields(fields, malformed);
    }

    /** A field name as this class reports it: trimmed, lower case, the compact form expanded. */
    public static String canonicalName(String name) {
        String lower = AsciiCase.toLower(name.trim());
        return COMPACT.getOrDefault(lower, lower);
    }

    private static boolean isContinuation(String line) {
        return !line.isEmpty() && (line.charAt(0) == ' ' || line.charAt(0) == '\t');
    }

    /** Every field, in the order of the head. */
    public List<Field> all() {
        return fields;
    }

    /** The values of the fields named {@code name} (any case, long or compact form), in order. */
    public List<String> values(String name) {
        String wanted = canonicalName(name);
        List<String> values = new ArrayList<>(1);
        for (Field field : fields) {
            if (field.name().equals(wanted)) {
                values.add(field.value());
            }
        }
        return values;
    }

    /** The value of the first field named {@code name}. */
    public Optional<String> first(String name) {
        String wanted = canonicalName(name);
        for (Field field : fields) {
            if (field.name().equals(wanted)) {
                return Optional.of(field.value());
            }
        }
        return Optional.empty();
    }

    /** The value of the last field named {@code name}: where a field should occur once, the last one counts. */
    public Optional<String> last(String name) {
        List<String> values = values(name);
        return values.isEmpty() ? Optional.empty() : Optional.of(values.get(values.size() - 1));
    }

    /** The first line that was neither a field nor a continuation of one. */
    public Optional<String> malformedLine() {
        return Optional.ofNullable(malformedLine);
    }
}
