package io.meshproof.engine.keylog;

import java.util.Objects;

/**
 * A key log line that was skipped. The message never quotes the line: it could hold key material.
 *
 * @param source "file NAME" or "embedded"
 * @param line the 1-based line number in its file or secrets block
 * @param message what was found and what was expected
 */
public record KeyLogWarning(String source, int line, String message) {
    private static final String FILE_PREFIX = "file ";

    public KeyLogWarning {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(message, "message");
    }

    /** E.g. {@code seed.keys:3: expected ...} for a file, {@code embedded key log:3: ...} for a capture's. */
    public String format() {
        String where = source.startsWith(FILE_PREFIX) ? source.substring(FILE_PREFIX.length())
                : source + " key log";
        return where + ":" + line + ": " + message;
    }
}
