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
    public KeyLogWarning {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(message, "message");
    }

    /** E.g. {@code file seed.keys:3: expected 3 fields ...}. */
    public String format() {
        return source + ":" + line + ": " + message;
    }
}
