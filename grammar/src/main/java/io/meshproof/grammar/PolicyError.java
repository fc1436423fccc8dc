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
        StringBuilder carets = new StringBuilder(INDENT);
        int[] codePoints = lineText.codePoints().toArray();
        for (int i = 0; i < column - 1; i++) {
            carets.append(i < codePoints.length && codePoints[i] == '\t' ? '\t' : ' ');
        }
        carets.append("^".repeat(Math.max(1, length)));
        return source + ":" + line + ":" + column + ": error: " + message + "\n" + INDENT + lineText + "\n" + carets;
    }
}
