package io.meshproof.engine.dissect;

import java.util.List;
import java.util.Objects;

/**
 * One line of a frame's detail tree: a field with Wireshark's dotted name where Wireshark has one
 * ({@code tls.handshake.extensions_server_name}), its value as text, and the fields below it.
 *
 * @param name the dotted field name, or a note's label such as {@code undecoded}
 * @param value the value as shown, never null (empty for a pure heading)
 * @param children the fields nested under this one, in wire order
 */
public record Field(String name, String value, List<Field> children) {
    public Field {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        children = List.copyOf(children);
    }

    /** A leaf field. */
    public static Field of(String name, Object value) {
        return new Field(name, String.valueOf(value), List.of());
    }

    /** A field with fields below it. */
    public static Field tree(String name, Object value, List<Field> children) {
        return new Field(name, String.valueOf(value), children);
    }

    /** A note for what was not decoded, shown to the user rather than hidden. */
    public static Field undecoded(String what) {
        return new Field("undecoded", what, List.of());
    }
}
