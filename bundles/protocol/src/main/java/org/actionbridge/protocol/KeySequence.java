package org.actionbridge.protocol;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.actionbridge.protocol.internal.AsciiCase;
import org.actionbridge.protocol.internal.PercentCodec;
import org.actionbridge.protocol.internal.Texts;

/**
 * The value of an Active URI {@code key=} parameter: one or more elements separated by {@code ;} (spec
 * 3.3 to 3.6), such as {@code SPEAKER;0000;ENTER}, {@code F_TRANSFER;000;F_TRANSFER}, {@code 1234} (digits
 * sent as DTMF) or {@code F_PREFIX:0} (the "F_ Prefix" form). Immutable.
 *
 * <p>Grammar: elements are ASCII only. An element is a {@link Digits} string of {@code 0-9 * #}, a key
 * token of the {@link Key} catalogue (case ignored, rendered in the specification's spelling), the prefix
 * form {@code F_PREFIX:digits}, or, in {@link Mode#RAW} only, a vendor key token
 * {@code [A-Za-z][A-Za-z0-9_]*} not in the catalogue. Spaces around an element are ignored; an empty
 * element, and every character that could start another parameter, a path or a fragment ({@code & ? / =
 * %}, control characters, non-ASCII look-alikes) are rejected in both modes.
 */
public final class KeySequence {
    /** Most elements in one sequence. */
    public static final int MAX_ELEMENTS = 32;
    /** Longest accepted text of a sequence, in characters. */
    public static final int MAX_LENGTH = 256;
    /** Longest digit string in one element. */
    public static final int MAX_DIGITS = 64;
    /** Longest key token (catalogue or raw). */
    public static final int MAX_TOKEN_LENGTH = 32;

    private static final String PREFIX_TOKEN = "F_PREFIX";

    /** How unknown key tokens are treated by {@link #parse(String, Mode)}. */
    public enum Mode {
        /** Only keys of the {@link Key} catalogue (and digits, and the prefix form) are accepted. */
        CATALOGUE,
        /**
         * Tokens not in the catalogue are accepted as {@link RawKey} when they look like a vendor key
         * ({@code [A-Za-z][A-Za-z0-9_]{0,31}}); the injection checks are the same as in CATALOGUE mode.
         */
        RAW
    }

    /** One element of a sequence. */
    public sealed interface Element permits Press, Digits, PrefixNumber, RawKey {
        /** The element as written in the sequence, not percent-encoded. */
        String render();
    }

    /**
     * A catalogue key, with the alias spelling that was used. The bare spellings {@code *} and {@code #}
     * are dial characters and therefore {@link Digits}, so that every sequence has one representation.
     *
     * @param key the key
     * @param token one of {@code key.tokens()}, exactly as the specification spells it, but not {@code *}
     *        or {@code #}
     */
    public record Press(Key key, String token) implements Element {
        /** Checks that the token is one of the key's spellings and not a dial character. */
        public Press {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(token, "token");
            if (!key.tokens().contains(token)) {
                throw new IllegalArgumentException(token + " is not a spelling of " + key);
            }
            if (isAllDialChars(token)) {
                throw new IllegalArgumentException(token + " is a dial character: use Digits");
            }
        }

        /** The key in its primary spelling ({@code F_*} and {@code POUND} for the star and pound keys). */
        public static Press of(Key key) {
            for (String token : key.tokens()) {
                if (!isAllDialChars(token)) {
                    return new Press(key, token);
                }
            }
            throw new IllegalStateException("no key spelling for " + key);
        }

        @Override
        public String render() {
            return token;
        }
    }

    /**
     * A string of dial pad characters ({@code 0-9 * #}), entered as a number or sent as DTMF.
     *
     * @param digits one to {@link #MAX_DIGITS} characters of {@code 0-9 * #}
     */
    public record Digits(String digits) implements Element {
        /** Checks the characters and length. */
        public Digits {
            Objects.requireNonNull(digits, "digits");
            if (!isDialString(digits)) {
                throw new IllegalArgumentException("not a dial string: " + Texts.printable(digits));
            }
        }

        @Override
        public String render() {
            return digits;
        }
    }

    /**
     * The "F_ Prefix" form of spec 3.3, {@code F_PREFIX:number}: press the prefix key with a number.
     *
     * @param digits one to {@link #MAX_DIGITS} characters of {@code 0-9 * #}
     */
    public record PrefixNumber(String digits) implements Element {
        /** Checks the characters and length. */
        public PrefixNumber {
            Objects.requireNonNull(digits, "digits");
            if (!isDialString(digits)) {
                throw new IllegalArgumentException("not a prefix number: " + Texts.printable(digits));
            }
        }

        @Override
        public String render() {
            return PREFIX_TOKEN + ":" + digits;
        }
    }

    /**
     * A vendor key token not in the {@link Key} catalogue, accepted only in {@link Mode#RAW}.
     *
     * @param token {@code [A-Za-z][A-Za-z0-9_]{0,31}}, passed through verbatim
     */
    public record RawKey(String token) implements Element {
        /** Checks the token's shape. */
        public RawKey {
            Objects.requireNonNull(token, "token");
            if (!isRawToken(token)) {
                throw new IllegalArgumentException("not a key token: " + Texts.printable(token));
            }
        }

        @Override
        public String render() {
            return token;
        }
    }

    private final List<Element> elements;
    private final String text;

    private KeySequence(List<Element> elements) {
        this.elements = List.copyOf(elements);
        StringBuilder sb = new StringBuilder();
        for (Element e : this.elements) {
            if (sb.length() > 0) {
                sb.append(';');
            }
            sb.append(e.render());
        }
        this.text = sb.toString();
    }

    /** A sequence of the given elements (at least one, at most {@link #MAX_ELEMENTS}). */
    public static KeySequence of(List<? extends Element> elements) {
        if (elements.isEmpty() || elements.size() > MAX_ELEMENTS) {
            throw new IllegalArgumentException("a key sequence has 1 to " + MAX_ELEMENTS + " elements");
        }
        return new KeySequence(new ArrayList<>(elements));
    }

    /** A sequence of the given elements. */
    public static KeySequence of(Element... elements) {
        return of(List.of(elements));
    }

    /** A sequence of catalogue keys in their primary spelling. */
    public static KeySequence of(Key... keys) {
        List<Element> list = new ArrayList<>(keys.length);
        for (Key k : keys) {
            list.add(Press.of(k));
        }
        return of(list);
    }

    /** Parses a sequence accepting only catalogue keys; see the class comment for the grammar. */
    public static KeySequence parse(String text) throws ProtocolException {
        return parse(text, Mode.CATALOGUE);
    }

    /** Parses a sequence in the given mode; see the class comment for the grammar. */
    public static KeySequence parse(String text, Mode mode) throws ProtocolException {
        if (text == null) {
            throw new ProtocolException("key sequence is missing");
        }
        if (text.length() > MAX_LENGTH) {
            throw new ProtocolException("key sequence is longer than " + MAX_LENGTH + " characters");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!isSequenceChar(c)) {
                throw new ProtocolException(forbidden(text, i));
            }
        }
        List<Element> elements = new ArrayList<>();
        int start = 0;
        int position = 1;
        while (true) {
            int end = text.indexOf(';', start);
            String raw = end < 0 ? text.substring(start) : text.substring(start, end);
            if (elements.size() == MAX_ELEMENTS) {
                throw new ProtocolException("key sequence has more than " + MAX_ELEMENTS + " elements");
            }
            elements.add(element(raw.strip(), position, mode));
            if (end < 0) {
                break;
            }
            start = end + 1;
            position++;
        }
        return new KeySequence(elements);
    }

    /**
     * A single digit string, e.g. the number to dial.
     *
     * @throws ProtocolException if the text is empty, too long, or has a character other than {@code 0-9 * #}
     */
    public static Digits digits(String number) throws ProtocolException {
        if (number == null || number.isEmpty()) {
            throw new ProtocolException("number is empty");
        }
        if (number.length() > MAX_DIGITS) {
            throw new ProtocolException("number is longer than " + MAX_DIGITS + " digits");
        }
        for (int i = 0; i < number.length(); i++) {
            char c = number.charAt(i);
            if (!isDialChar(c)) {
                throw new ProtocolException("number '" + Texts.printable(number) + "' contains " + Texts.describe(
                        number.codePointAt(i)) + "; only the digits 0-9, * and # can be entered");
            }
        }
        return new Digits(number);
    }

    private static Element element(String raw, int position, Mode mode) throws ProtocolException {
        if (raw.isEmpty()) {
            throw new ProtocolException("key sequence element " + position + " is empty");
        }
        if (isAllDialChars(raw)) {
            if (raw.length() > MAX_DIGITS) {
                throw new ProtocolException("digit string in element " + position + " is longer than " + MAX_DIGITS);
            }
            return new Digits(raw);
        }
        int colon = raw.indexOf(':');
        if (colon >= 0) {
            String name = raw.substring(0, colon);
            String number = raw.substring(colon + 1);
            if (!PREFIX_TOKEN.equals(AsciiCase.toUpper(name))) {
                throw new ProtocolException("element " + position + " '" + raw
                        + "': only the prefix form F_PREFIX:number may contain ':'");
            }
            if (number.isEmpty() || number.length() > MAX_DIGITS || !isAllDialChars(number)) {
                throw new ProtocolException("element " + position + " '" + raw
                        + "': the prefix number must be 1 to " + MAX_DIGITS + " characters of 0-9, * and #");
            }
            return new PrefixNumber(number);
        }
        if (raw.length() > MAX_TOKEN_LENGTH) {
            throw new ProtocolException("key token in element " + position + " is longer than " + MAX_TOKEN_LENGTH);
        }
        String upper = AsciiCase.toUpper(raw);
        java.util.Optional<Key> key = Key.fromToken(upper);
        if (key.isPresent()) {
            return new Press(key.get(), Key.canonicalSpelling(upper).orElseThrow());
        }
        if (mode == Mode.RAW) {
            if (!isRawToken(raw)) {
                throw new ProtocolException("element " + position + " '" + raw
                        + "' is not a key token (a letter, then letters, digits or '_')");
            }
            return new RawKey(raw);
        }
        StringBuilder reason = new StringBuilder("unknown key '").append(raw).append("' in element ").append(position);
        java.util.Optional<String> hint = upper.startsWith("F_")
                ? Key.canonicalSpelling(upper.substring(2))
                : Key.canonicalSpelling("F_" + upper);
        hint.ifPresent(h -> reason.append(" (did you mean ").append(h).append("?)"));
        throw new ProtocolException(reason.toString());
    }

    private static String forbidden(String text, int index) {
        int cp = text.codePointAt(index);
        String where = " at position " + (index + 1) + " of the key sequence";
        switch (cp) {
            case '&':
                return "'&'" + where + " would start another query parameter";
            case '?':
                return "'?'" + where + " would start a new query";
            case '/':
            case '\\':
                return Texts.describe(cp) + where + " would change the request path";
            case '=':
                return "'='" + where + " would define another parameter";
            case '%':
                return "'%'" + where + ": percent-encoded text is not accepted in a key sequence, "
                        + "write the characters themselves";
            default:
                break;
        }
        if (Texts.isControl(cp)) {
            return "control character " + Texts.describe(cp) + where + " is not allowed";
        }
        if (cp >= 0x80) {
            String folded = Normalizer.normalize(new String(Character.toChars(cp)), Normalizer.Form.NFKC);
            String looksLike = folded.length() == 1 && folded.charAt(0) < 0x80
                    ? " (it looks like " + Texts.describe(folded.charAt(0)) + ")" : "";
            return "non-ASCII character " + Texts.describe(cp) + where + looksLike + " is not allowed";
        }
        return "character " + Texts.describe(cp) + where + " is not allowed";
    }

    private static boolean isSequenceChar(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                || c == '_' || c == '*' || c == '#' || c == ':' || c == ';' || c == ' ';
    }

    static boolean isDialChar(char c) {
        return (c >= '0' && c <= '9') || c == '*' || c == '#';
    }

    private static boolean isAllDialChars(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (!isDialChar(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDialString(String s) {
        return !s.isEmpty() && s.length() <= MAX_DIGITS && isAllDialChars(s);
    }

    private static boolean isRawToken(String s) {
        if (s.isEmpty() || s.length() > MAX_TOKEN_LENGTH) {
            return false;
        }
        char first = s.charAt(0);
        if (!((first >= 'A' && first <= 'Z') || (first >= 'a' && first <= 'z'))) {
            return false;
        }
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) {
                return false;
            }
        }
        return true;
    }

    /** The elements, in order. */
    public List<Element> elements() {
        return elements;
    }

    /** The catalogue keys pressed by this sequence, in order (digits, prefix numbers and raw keys left out). */
    public List<Key> keys() {
        List<Key> keys = new ArrayList<>();
        for (Element e : elements) {
            if (e instanceof Press p) {
                keys.add(p.key());
            }
        }
        return keys;
    }

    /** True when the sequence contains a {@link RawKey}. */
    public boolean hasRawKeys() {
        for (Element e : elements) {
            if (e instanceof RawKey) {
                return true;
            }
        }
        return false;
    }

    /** Whether every catalogue key of the sequence works on this series (raw keys are not judged). */
    public boolean supportedBy(PhoneModelSeries series) {
        for (Element e : elements) {
            if (e instanceof Press p && !p.key().supportedBy(series)) {
                return false;
            }
        }
        return true;
    }

    /** The sequence as text, not percent-encoded, e.g. {@code SPEAKER;12#;ENTER}. */
    public String render() {
        return text;
    }

    /** The sequence as the value of {@code key=} in a URL query: {@code #} becomes {@code %23}, {@code ;} stays. */
    public String toQueryValue() {
        return PercentCodec.encode(text, "*:;");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KeySequence other && elements.equals(other.elements);
    }

    @Override
    public int hashCode() {
        return elements.hashCode();
    }

    /** Same as {@link #render()}. */
    @Override
    public String toString() {
        return text;
    }
}
