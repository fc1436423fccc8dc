package io.meshproof.grammar;

/**
 * The one way policy text enters DRL: as a string literal. Backslash and quote are escaped; control
 * characters and line separators are refused, since no policy token can hold them and a literal that
 * spans lines is never what a policy meant.
 */
public final class DrlStrings {
    private DrlStrings() {
    }

    /**
     * Quotes {@code value} as a DRL string literal, for example {@code a"b} as {@code "a\"b"}.
     *
     * @throws IllegalArgumentException when {@code value} holds a control character or line separator
     */
    public static String literal(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' || c == '"') {
                out.append('\\').append(c);
            } else if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                throw new IllegalArgumentException(String.format(
                        "refusing to put control character U+%04X into a DRL string literal", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
