package org.actionbridge.protocol.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import org.actionbridge.protocol.ProtocolException;
import org.junit.jupiter.api.Test;

/**
 * The text helpers every parser relies on, checked character by character against the JDK's own
 * definitions (a mutation run found their range edges untested, and lower-case hex escapes never decoded).
 */
class TextHelpersTest {

    @Test
    void percentDecodingAgreesWithTheJdkForEveryByteInBothHexCases() throws ProtocolException {
        for (int b = 0; b < 0x80; b++) {
            String upper = String.format(Locale.ROOT, "%%%02X", b);
            String lower = upper.toLowerCase(Locale.ROOT);
            String expected = URLDecoder.decode(upper, StandardCharsets.UTF_8);
            assertThat(PercentCodec.decode("a" + upper + "b", false)).as(upper).isEqualTo("a" + expected + "b");
            assertThat(PercentCodec.decode(lower, false)).as(lower).isEqualTo(expected);
        }
        assertThat(PercentCodec.decode("%c3%A9%E2%82%ac+x", true)).isEqualTo("\u00e9\u20ac x");
        assertThat(PercentCodec.decode("+", false)).isEqualTo("+");
    }

    @Test
    void percentDecodingRefusesEveryNonHexDigit() {
        for (char c = 0x20; c < 0x7f; c++) {
            boolean hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
            String escape = "%" + c + "0";
            String second = "%0" + c;
            if (hex) {
                continue;
            }
            assertThatThrownBy(() -> PercentCodec.decode(escape, false)).as(escape)
                    .isInstanceOf(ProtocolException.class).hasMessageContaining("malformed percent escape");
            assertThatThrownBy(() -> PercentCodec.decode(second, false)).as(second)
                    .isInstanceOf(ProtocolException.class);
        }
        assertThatThrownBy(() -> PercentCodec.decode("ab%4", false)).hasMessageContaining("truncated");
        assertThatThrownBy(() -> PercentCodec.decode("ab%", false)).hasMessageContaining("truncated");
        assertThatThrownBy(() -> PercentCodec.decode("%c3", false)).hasMessageContaining("not valid UTF-8");
        assertThatThrownBy(() -> PercentCodec.decode("%ed%a0%80", false)).hasMessageContaining("not valid UTF-8");
    }

    @Test
    void percentEncodingKeepsExactlyTheUnreservedAndTheKeptCharacters() throws ProtocolException {
        for (char c = 0; c < 0x100; c++) {
            boolean unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~';
            String one = String.valueOf(c);
            String encoded = PercentCodec.encode(one, "");
            assertThat(encoded.equals(one)).as("U+%04X kept", (int) c).isEqualTo(unreserved);
            assertThat(PercentCodec.decode(encoded, false)).as("U+%04X round trip", (int) c).isEqualTo(one);
        }
        assertThat(PercentCodec.encode("a;b c", ";")).isEqualTo("a;b%20c");
        assertThat(PercentCodec.encode("x\ud83d\ude00y", "")).isEqualTo("x%F0%9F%98%80y");
    }

    @Test
    void controlCharactersAreC0C1DelAndTheUnicodeSeparators() {
        for (int cp = 0; cp < 0x3000; cp++) {
            boolean control = Character.getType(cp) == Character.CONTROL || cp == 0x2028 || cp == 0x2029;
            assertThat(Texts.isControl(cp)).as("U+%04X", cp).isEqualTo(control);
        }
    }

    @Test
    void printableAndDescribeQuoteOnlyPrintableAscii() throws ProtocolException {
        for (int cp = 0; cp < 0x100; cp++) {
            boolean printable = cp >= 0x20 && cp < 0x7f;
            String described = Texts.describe(cp);
            assertThat(described).as("U+%04X", cp)
                    .isEqualTo(printable ? "'" + (char) cp + "'" : String.format(Locale.ROOT, "U+%04X", cp));
            assertThat(Texts.printable(String.valueOf((char) cp))).isEqualTo(printable ? String.valueOf((char) cp)
                    : described);
        }
        assertThat(Texts.printable("x".repeat(40))).isEqualTo("x".repeat(40));
        assertThat(Texts.printable("x".repeat(41))).isEqualTo("x".repeat(40) + "...");
        assertThatThrownBy(() -> Texts.requireNoControl("ab\u001f", "v")).hasMessage("v contains the control character U+001F");
        assertThatThrownBy(() -> Texts.requireNoControl("a\ud800", "v")).hasMessageContaining("unpaired surrogate U+D800");
        assertThatThrownBy(() -> Texts.requireNoControl("\udc00a", "v")).hasMessageContaining("unpaired surrogate U+DC00");
        Texts.requireNoControl("a\ud83d\ude00 \u00e9~", "v");
    }

    @Test
    void asciiCaseFoldingChangesOnlyAsciiLetters() {
        StringBuilder all = new StringBuilder();
        for (char c = 0; c < 0x250; c++) {
            all.append(c);
        }
        StringBuilder lower = new StringBuilder();
        StringBuilder upper = new StringBuilder();
        for (char c = 0; c < 0x250; c++) {
            lower.append(c >= 'A' && c <= 'Z' ? (char) (c + 32) : c);
            upper.append(c >= 'a' && c <= 'z' ? (char) (c - 32) : c);
        }
        assertThat(AsciiCase.toLower(all.toString())).isEqualTo(lower.toString());
        assertThat(AsciiCase.toUpper(all.toString())).isEqualTo(upper.toString());
        // the first letter to change may come last, or at the start
        assertThat(AsciiCase.toLower("@[`{Z")).isEqualTo("@[`{z");
        assertThat(AsciiCase.toUpper("@[`{a")).isEqualTo("@[`{A");
        assertThat(AsciiCase.toLower("A@[")).isEqualTo("a@[");
        assertThat(AsciiCase.toUpper("z`{")).isEqualTo("Z`{");
        String unchanged = "\u0130\u0131\u212a";
        assertThat(AsciiCase.toLower(unchanged)).isSameAs(unchanged);
        assertThat(AsciiCase.toUpper(unchanged)).isSameAs(unchanged);
    }
}
