package io.meshproof.grammar.facts;

/** Shell-style name patterns as policies write them: {@code *} is any run of characters, {@code ?} one. */
public final class Glob {
    private Glob() {
    }

    /**
     * True when {@code value} matches {@code glob}; a null value matches nothing. Linear in each string's length
     * for every pattern, without recursion: a star only ever moves the last star's match on by one character,
     * so a long or hostile pattern (a policy may hold any) cannot take exponential time or the stack.
     */
    public static boolean matches(String glob, String value) {
        if (value == null) {
            return false;
        }
        int g = 0;
        int v = 0;
        // where the last star was, and where in value its match ends for now
        int star = -1;
        int starEnd = 0;
        while (v < value.length()) {
            if (g < glob.length() && glob.charAt(g) == '*') {
                star = g++;
                starEnd = v;
            } else if (g < glob.length() && (glob.charAt(g) == '?' || glob.charAt(g) == value.charAt(v))) {
                g++;
                v++;
            } else if (star >= 0) {
                // what followed the star did not match here: let the star take one more character
                g = star + 1;
                v = ++starEnd;
            } else {
                return false;
            }
        }
        while (g < glob.length() && glob.charAt(g) == '*') {
            g++;
        }
        return g == glob.length();
    }
}
