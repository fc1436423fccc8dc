package io.meshproof.grammar;

import java.util.Objects;

/**
 * One fault in a policy source, syntax or meaning, placed so that it can be shown like a compiler's.
 *
 * @param source the source's name, for example {@code audit.policy}
 * @param line line number, from 1
 * @param column column of the first offending character, from 1; a tab counts as one column
 * @param length number of offending characters, at least 1
 * @param message what was found and what was expected
 * @param lineText the whole source line, without its line terminator
 */
public record PolicyError(String source, int line, int column, int length, String message, String lineText) {
    private static final String INDENT = "    ";
    /** Lines longer than this are shown as a window around the fault, so one huge line stays readable. */
    static final int MAX_SHOWN_CODE_POINTS = 120;
    private static final int CONTEXT_BEFORE = 40;
    private static final String ELLIPSIS = "...";

    public PolicyError {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(lineText, "lineText");
    }

    /**
     * The error as the command line and the REPL print it, three lines without a final line break:
     * {@code source:line:column: error: message}, the line indented by four spaces, and carets under
     * the offending characters. Tabs before the column are kept so that the carets align.
     */
    public String format() {
        int[] codePoints = lineText.codePoints().toArray();
        int from = 0;
        int to = codePoints.length;
        if (codePoints.length > MAX_SHOWN_CODE_POINTS) {
            from = Math.max(0, Math.min(column - 1 - CONTEXT_BEFORE, codePoints.length - MAX_SHOWN_CODE_POINTS));
            to = Math.min(codePoints.length, from + MAX_SHOWN_CODE_POINTS);
        }
        String prefix = from > 0 ? ELLIPSIS : "";
        String suffix = to < codePoints.length ? ELLIPSIS : "";
        String shown = prefix + new String(codePoints, from, to - from) + suffix;

        StringBuilder carets = new StringBuilder(INDENT).append(" ".repeat(prefix.length()));
        for (int i = from; i < column - 1; i++) {
            carets.append(i < codePoints.length && codePoints[i] == '\t' ? '\t' : ' ');
        }
        int shownLength = Math.min(Math.max(1, length), Math.max(1, to - (column - 1)));
        carets.append("^".repeat(shownLength));
        return source + ":" + line + ":" + column + ": error: " + message + "\n" + INDENT + shown + "\n" + carets;
    }
}
