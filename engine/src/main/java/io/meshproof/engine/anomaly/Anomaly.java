package io.meshproof.engine.anomaly;

import java.util.Objects;

/**
 * One occurrence of an {@link AnomalyKind}.
 *
 * @param kind what went wrong
 * @param frame the 1-based frame number it was found in, or 0 when it concerns no single frame
 * @param offset byte offset within the frame's captured bytes (or within the stream, for stream-level
 *     decoders), or -1 when unknown
 * @param detail found versus expected, e.g. "IPv4 IHL = 3 (12 bytes), minimum is 5 (20 bytes)"
 */
public record Anomaly(AnomalyKind kind, long frame, long offset, String detail) {
    public Anomaly {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(detail, "detail");
    }

    public String id() {
        return kind.id();
    }

    public Severity severity() {
        return kind.severity();
    }
}
