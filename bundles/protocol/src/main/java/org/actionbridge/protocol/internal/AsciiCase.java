package org.actionbridge.protocol.internal;

/** Locale-independent ASCII case folding: only A-Z and a-z change, every other character is kept. */
public final class AsciiCase {
    private AsciiCase() {
    }

    /** The string with ASCII capitals turned into small letters. */
    public static String toLower(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                char[] chars = s.toCharArray();
                for (int j = i; j < chars.length; j++) {
                    char d = chars[j];
                    if (d >= 'A' && d <= 'Z') {
                        chars[j] = (char) (d + ('a' - 'A'));
                    }
                }
                return new String(chars);
            }
        }
        return s;
    }

    /** The string with ASCII small letters turned into capitals. */
    public static String toUpper(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 'a' && c <= 'z') {
                char[] chars = s.toCharArray();
                for (int j = i; j < chars.length; j++) {
                    char d = chars[j];
                    if (d >= 'a' && d <= 'z') {
                        chars[j] = (char) (d - ('a' - 'A'));
                    }
                }
                return new String(chars);
            }
        }
        return s;
    }
}
