package io.meshproof.engine.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The start line and header fields of one HTTP/1.x message. For a request {@code status} is 0; for a
 * response {@code method} and {@code target} are null, and {@code reason} is the reason phrase as sent (null for
 * a request, "" when the status line has none). Field names keep their case; look-ups ignore it.
 */
record Http1Head(String method, String target, int status, String version, List<Field> fields, String reason) {
    /** One header field, its value with surrounding whitespace removed and folded lines joined. */
    record Field(String name, String value) {
    }

    Http1Head {
        fields = List.copyOf(fields);
    }

    boolean isRequest() {
        return method != null;
    }

    /** The first value of the named field, or null. */
    String field(String name) {
        for (Field field : fields) {
            if (field.name().equalsIgnoreCase(name)) {
                return field.value();
            }
        }
        return null;
    }

    /** Every comma-separated element of every copy of the named field, trimmed and lower-cased. */
    List<String> fieldElements(String name) {
        List<String> elements = new ArrayList<>();
        for (Field field : fields) {
            if (field.name().equalsIgnoreCase(name)) {
                for (String element : field.value().split(",")) {
                    if (!element.isBlank()) {
                        elements.add(element.trim().toLowerCase(Locale.ROOT));
                    }
                }
            }
        }
        return elements;
    }
}
