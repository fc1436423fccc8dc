package io.meshproof.repl;

/** Whether a person is watching: colour and progress only then, and never when NO_COLOR is set. */
final class Terminal {
    private Terminal() {
    }

    static boolean interactive() {
        return System.console() != null && System.getenv("CI") == null;
    }

    static boolean colour() {
        return interactive() && System.getenv("NO_COLOR") == null
                && !"dumb".equals(System.getenv("TERM"));
    }
}
