package io.meshproof.engine.anomaly;

import java.util.Objects;

/**
 * One declared kind of malformation or surprise in traffic, such as {@code tcp.data_offset.invalid}.
 * Each dissector declares its kinds once as constants; occurrences are {@link Anomaly} values.
 *
 * @param id dotted name following the protocol's field path
 * @param severity how much it matters
 * @param meaning one line for a person: what this kind of anomaly is
 */
public record AnomalyKind(String id, Severity severity, String meaning) {
    public AnomalyKind {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(meaning, "meaning");
    }
}
