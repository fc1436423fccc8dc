package io.meshproof.engine.tls;

import java.util.HashMap;
import java.util.Map;

/**
 * One shared instance for equal values of one capture. The connections of a mesh repeat the same offered
 * cipher suites, groups, ALPN lists, server names and hello fields, so a finished flow that waits for late
 * packets keeps references to values held once rather than its own copies (a TLS 1.3 ClientHello's fields
 * alone are about a hundred boxed numbers). Holds at most {@link #MAX_VALUES} values; past that it starts
 * again, so memory does not grow with the capture. Values must be immutable. Not thread-safe: one analysis
 * reads on one thread.
 */
public final class SharedValues {
    static final int MAX_VALUES = 16_384;

    private final Map<Object, Object> values = new HashMap<>();

    /** The instance equal to {@code value} shared so far, else {@code value} itself, now shared; null for null. */
    @SuppressWarnings("unchecked")
    public <T> T share(T value) {
        if (value == null) {
            return null;
        }
        Object known = values.get(value);
        if (known != null) {
            return (T) known;
        }
        if (values.size() >= MAX_VALUES) {
            values.clear();
        }
        values.put(value, value);
        return value;
    }
}
