package org.actionbridge.protocol;

import java.text.Normalizer;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

import org.actionbridge.protocol.internal.AsciiCase;
import org.actionbridge.protocol.internal.PercentCodec;
import org.actionbridge.protocol.internal.Texts;

/**
 * One validated Active URI instruction (spec 3.3 to 3.5): a key sequence ({@code key=SPEAKER;0000;ENTER}),
 * a door opening with its code ({@code key=F_LOCK&code=1234}) or a line display name
 * ({@code line=1;displayname=Reception}). Immutable; the same instruction goes in an HTTP query
 * ({@link #toQueryString()}) or a SIP NOTIFY body ({@link #toNotifyBody()}).
 */
public final class ActiveUriInstruction {
    /** Longest accepted query or NOTIFY body, in characters. */
    public static final int MAX_QUERY_LENGTH = 2048;
    /** Longest door code. */
    public static final int MAX_DOOR_CODE_LENGTH = 32;
    /** Longest line display name, in code points. */
    public static final int MAX_DISPLAY_NAME_LENGTH = 64;
    /** Highest line number accepted for a display name. */
    public static final int MAX_LINE = 99;

    /** Characters a display name may not contain, because the phone's parser splits on them. */
    private static final String DISPLAY_NAME_FORBIDDEN = ";&=?#/\\%";

    /** The three shapes of instruction in spec 3.3. */
    public enum Kind {
        /** {@code key=<key sequence>}. */
        KEYS,
        /** {@code key=F_LOCK&code=<code>}: open a door (access control products). */
        OPEN_DOOR,
        /** {@code line=<n>;displayname=<name>}: change the display name of a line. */
        DISPLAY_NAME
    }

    private final Kind kind;
    private final KeySequence keys;
    private final String doorCode;
    private final int line;
    private final String displayName;

    private ActiveUriInstruction(Kind kind, KeySequence keys, String doorCode, int line, String displayName) {
        this.kind = kind;
        this.keys = keys;
        this.doorCode = doorCode;
        this.line = line;
        this.displayName = displayName;
    }

    /** An instruction that presses the keys of the sequence. */
    public static ActiveUriInstruction ofKeys(KeySequence keys) {
        return new ActiveUriInstruction(Kind.KEYS, Objects.requireNonNull(keys, "keys"), null, 0, null);
    }

    /**
     * The door opening instruction {@code key=F_LOCK&code=<code>}.
     *
     * @param code 1 to {@link #MAX_DOOR_CODE_LENGTH} characters of {@code A-Z a-z 0-9 * #}
     */
    public static ActiveUriInstruction openDoor(String code) throws ProtocolException {
        checkDoorCode(code);
        return new ActiveUriInstruction(Kind.OPEN_DOOR, KeySequence.of(Key.LOCK), code, 0, null);
    }

    /**
     * The instruction {@code line=<line>;displayname=<name>}.
     *
     * @param line 1 to {@link #MAX_LINE}
     * @param name 1 to {@link #MAX_DISPLAY_NAME_LENGTH} characters; no control or format characters and
     *        none of {@code ; & = ? # / \ %} nor look-alikes of them
     */
    public static ActiveUriInstruction lineDisplayName(int line, String name) throws ProtocolException {
        if (line < 1 || line > MAX_LINE) {
            throw new ProtocolException("line must be between 1 and " + MAX_LINE + ", not " + line);
        }
        checkDisplayName(name);
        return new ActiveUriInstruction(Kind.DISPLAY_NAME, null, null, line, name);
    }

    /**
     * Parses the query of a received {@code /cgi-bin/ConfigManApp.com} request, still percent-encoded
     * (as the emulator receives it), accepting only catalogue keys.
     */
    public static ActiveUriInstruction parseQuery(String rawQuery) throws ProtocolException {
        return parseQuery(rawQuery, KeySequence.Mode.CATALOGUE);
    }

    /**
     * Parses the query of a received request in the given key mode. A raw {@code #} is refused (it
     * would have been a fragment); it arrives as {@code %23}. {@code +} decodes to a space, as in forms.
     */
    public static ActiveUriInstruction parseQuery(String rawQuery, KeySequence.Mode mode) throws ProtocolException {
        return parse(rawQuery, mode, false, "query");
    }

    /** Parses the body of a SIP NOTIFY with {@code Event: ACTIVE-URI}, accepting only catalogue keys. */
    public static ActiveUriInstruction parseNotifyBody(String body) throws ProtocolException {
        return parseNotifyBody(body, KeySequence.Mode.CATALOGUE);
    }

    /**
     * Parses the body of a SIP NOTIFY in the given key mode. Surrounding white space and line breaks are
     * ignored, a literal {@code #} is accepted, percent escapes are decoded as in a query, and {@code +} stays
     * a plus sign.
     */
    public static ActiveUriInstruction parseNotifyBody(String body, KeySequence.Mode mode) throws ProtocolException {
        if (body == null) {
            throw new ProtocolException("NOTIFY body is missing");
        }
        return parse(body.strip(), mode, true, "NOTIFY body");
    }

    private static ActiveUriInstruction parse(String raw, KeySequence.Mode mode, boolean hashAllowed, String what)
            throws ProtocolException {
        if (raw == null || raw.isEmpty()) {
            throw new ProtocolException("the " + what + " is empty; expected key=...");
        }
        if (raw.length() > MAX_QUERY_LENGTH) {
            throw new ProtocolException("the " + what + " is longer than " + MAX_QUERY_LENGTH + " characters");
        }
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (Texts.isControl(c)) {
                throw new ProtocolException("the " + what + " contains the control character " + Texts.describe(c));
            }
            if (c == '#' && !hashAllowed) {
                throw new ProtocolException("the " + what + " contains a raw '#'; the pound key is written %23");
            }
        }
        if (raw.regionMatches(true, 0, "line=", 0, 5)) {
            return parseDisplayName(raw, what, !hashAllowed);
        }
        String keyValue = null;
        String codeValue = null;
        int start = 0;
        while (start <= raw.length()) {
            int amp = raw.indexOf('&', start);
            int end = amp < 0 ? raw.length() : amp;
            String param = raw.substring(start, end);
            int eq = param.indexOf('=');
            if (eq <= 0) {
                throw new ProtocolException("malformed parameter '" + Texts.printable(param) + "' in the " + what
                        + "; expected name=value");
            }
            String name = AsciiCase.toLower(param.substring(0, eq));
            String value = PercentCodec.decode(param.substring(eq + 1), !hashAllowed);
            if ("key".equals(name)) {
                if (keyValue != null) {
                    throw new ProtocolException("the " + what + " has more than one key parameter");
                }
                keyValue = value;
            } else if ("code".equals(name)) {
                if (codeValue != null) {
                    throw new ProtocolException("the " + what + " has more than one code parameter");
                }
                codeValue = value;
            } else {
                throw new ProtocolException("unknown parameter '" + Texts.printable(param.substring(0, eq))
                        + "' in the " + what + "; expected key=..., key=F_LOCK&code=... or line=...;displayname=...");
            }
            if (amp < 0) {
                break;
            }
            start = amp + 1;
        }
        if (keyValue == null) {
            throw new ProtocolException("the " + what + " has no key parameter");
        }
        KeySequence keys = KeySequence.parse(keyValue, mode);
        if (codeValue == null) {
            return ofKeys(keys);
        }
        if (!keys.equals(KeySequence.of(Key.LOCK))) {
            throw new ProtocolException("a door code is only accepted with key=F_LOCK, not key=" + keys);
        }
        return openDoor(codeValue);
    }

    private static ActiveUriInstruction parseDisplayName(String raw, String what, boolean plusIsSpace)
            throws ProtocolException {
        int i = 5;
        int lineStart = i;
        while (i < raw.length() && raw.charAt(i) >= '0' && raw.charAt(i) <= '9') {
            i++;
        }
        if (i == lineStart || i - lineStart > 2) {
            throw new ProtocolException("the line number in the " + what + " must be 1 to " + MAX_LINE);
        }
        int line = Integer.parseInt(raw.substring(lineStart, i));
        String rest = raw.substring(i);
        if (!(rest.startsWith(";") || rest.startsWith("&"))
                || !rest.regionMatches(true, 1, "displayname=", 0, "displayname=".length())) {
            throw new ProtocolException("the " + what + " must read line=<n>;displayname=<name>");
        }
        String name = PercentCodec.decode(rest.substring(1 + "displayname=".length()), plusIsSpace);
        return lineDisplayName(line, name);
    }

    private static void checkDoorCode(String code) throws ProtocolException {
        if (code == null || code.isEmpty()) {
            throw new ProtocolException("door code is empty");
        }
        if (code.length() > MAX_DOOR_CODE_LENGTH) {
            throw new ProtocolException("door code is longer than " + MAX_DOOR_CODE_LENGTH + " characters");
        }
        for (int i = 0; i < code.length(); i++) {
            char c = code.charAt(i);
            boolean ok = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '*'
                    || c == '#';
            if (!ok) {
                throw new ProtocolException("door code contains " + Texts.describe(code.codePointAt(i))
                        + "; only letters, digits, * and # are allowed");
            }
        }
    }

    private static void checkDisplayName(String name) throws ProtocolException {
        if (name == null || name.isEmpty()) {
            throw new ProtocolException("display name is empty");
        }
        Texts.requireNoControl(name, "display name");
        if (Character.isWhitespace(name.charAt(0)) || Character.isWhitespace(name.charAt(name.length() - 1))) {
            throw new ProtocolException("display name starts or ends with white space");
        }
        if (name.codePointCount(0, name.length()) > MAX_DISPLAY_NAME_LENGTH) {
            throw new ProtocolException("display name is longer than " + MAX_DISPLAY_NAME_LENGTH + " characters");
        }
        for (int i = 0; i < name.length(); ) {
            int cp = name.codePointAt(i);
            i += Character.charCount(cp);
            if (cp < 0x80) {
                if (DISPLAY_NAME_FORBIDDEN.indexOf(cp) >= 0) {
                    throw new ProtocolException("display name contains " + Texts.describe(cp)
                            + ", which the phone would read as a separator");
                }
                continue;
            }
            int type = Character.getType(cp);
            if (type == Character.FORMAT || type == Character.UNASSIGNED || type == Character.PRIVATE_USE) {
                throw new ProtocolException("display name contains the invisible or unassigned character "
                        + Texts.describe(cp));
            }
            String folded = Normalizer.normalize(new String(Character.toChars(cp)), Normalizer.Form.NFKC);
            for (int k = 0; k < folded.length(); k++) {
                if (DISPLAY_NAME_FORBIDDEN.indexOf(folded.charAt(k)) >= 0) {
                    throw new ProtocolException("display name contains " + Texts.describe(cp) + ", a look-alike of "
                            + Texts.describe(folded.charAt(k)));
                }
            }
        }
    }

    /** Which of the three shapes this instruction has. */
    public Kind kind() {
        return kind;
    }

    /** The key sequence of a {@link Kind#KEYS} instruction ({@code F_LOCK} for {@link Kind#OPEN_DOOR}). */
    public Optional<KeySequence> keySequence() {
        return Optional.ofNullable(keys);
    }

    /** The code of a {@link Kind#OPEN_DOOR} instruction. */
    public Optional<String> doorCode() {
        return Optional.ofNullable(doorCode);
    }

    /** The line of a {@link Kind#DISPLAY_NAME} instruction. */
    public OptionalInt line() {
        return kind == Kind.DISPLAY_NAME ? OptionalInt.of(line) : OptionalInt.empty();
    }

    /** The new name of a {@link Kind#DISPLAY_NAME} instruction. */
    public Optional<String> displayName() {
        return Optional.ofNullable(displayName);
    }

    /** The query string after {@code /cgi-bin/ConfigManApp.com?}, percent-encoded where needed. */
    public String toQueryString() {
        switch (kind) {
            case OPEN_DOOR:
                return "key=" + keys.toQueryValue() + "&code=" + PercentCodec.encode(doorCode, "*");
            case DISPLAY_NAME:
                return "line=" + line + ";displayname=" + PercentCodec.encode(displayName, "");
            default:
                return "key=" + keys.toQueryValue();
        }
    }

    /**
     * The body of a SIP NOTIFY with {@code Event: ACTIVE-URI} (spec 3.7), such as {@code key=OK}. Not
     * percent-encoded: a SIP body has no reserved {@code #}, and the checks on construction already keep
     * separators out of every value.
     */
    public String toNotifyBody() {
        switch (kind) {
            case OPEN_DOOR:
                return "key=" + keys.render() + "&code=" + doorCode;
            case DISPLAY_NAME:
                return "line=" + line + ";displayname=" + displayName;
            default:
                return "key=" + keys.render();
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ActiveUriInstruction other && kind == other.kind && Objects.equals(keys, other.keys)
                && Objects.equals(doorCode, other.doorCode) && line == other.line
                && Objects.equals(displayName, other.displayName);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, keys, doorCode, line, displayName);
    }

    /** The NOTIFY body form, except that a door code is masked. */
    @Override
    public String toString() {
        return kind == Kind.OPEN_DOOR ? "key=" + keys.render() + "&code=***" : toNotifyBody();
    }
}
