package io.meshproof.engine.differential;

import java.util.List;
import java.util.Map;

/** The fields tshark printed for one frame; a field that occurs several times keeps every value in order. */
record TsharkFrame(Map<String, List<String>> values) {
    TsharkFrame {
        values = Map.copyOf(values);
    }

    List<String> all(String field) {
        return values.getOrDefault(field, List.of());
    }

    boolean has(String field) {
        return values.containsKey(field);
    }

    /** The first value, or null. */
    String first(String field) {
        List<String> all = all(field);
        return all.isEmpty() ? null : all.get(0);
    }

    /** The last value (the innermost layer when a header repeats), or null. */
    String last(String field) {
        List<String> all = all(field);
        return all.isEmpty() ? null : all.get(all.size() - 1);
    }

    /** tshark 4.0 prints booleans as 1 and 0, later versions as True and False. */
    boolean flag(String field) {
        String value = first(field);
        return "1".equals(value) || "True".equals(value);
    }
}
