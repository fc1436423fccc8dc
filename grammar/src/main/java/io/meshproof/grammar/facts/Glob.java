package io.meshproof.grammar.facts;

/** Shell-style name patterns as policies write them: {@code *} is any run of characters, {@code ?} one. */
public final class Glob {
    private Glob() {
    }

    /** True when {@code value} matches {@code glob}; a null value matches nothing. */
    public static boolean matches(String glob, String value) {
        if (value == null) {
            return false;
        }
        return matchFrom(glob, 0, value, 0);
    }

    private static boolean matchFrom(String glob, int g, String value, int v) {
        while (g < glob.length()) {
            char c = glob.charAt(g);
            if (c == '*') {
                for (int skip = v; skip <= value.length(); skip++) {
                    if (matchFrom(glob, g + 1, value, skip)) {
                        return true;
                    }
                }
                return false;
            }
            if (v >= value.length() || (c != '?' && c != value.charAt(v))) {
                return false;
            }
            g++;
            v++;
        }
        return v == value.length();
    }
}
