package io.meshproof.engine.fingerprint;

import java.util.List;

/**
 * GREASE code points (RFC 8701): the sixteen 16-bit values {@code 0x0A0A, 0x1A1A, .. 0xFAFA}, whose two
 * bytes are equal and end in the nibble {@code A}. They are reserved for clients to send so servers learn
 * to ignore unknown values; fingerprints drop them because clients pick them at random.
 */
final class Grease {
    private Grease() {
    }

    /** True for a GREASE cipher suite, extension type, group, signature scheme or version. */
    static boolean isGrease(int value) {
        return (value & 0x0f0f) == 0x0a0a && (value >> 8) == (value & 0xff);
    }

    /** The values in their order, GREASE values left out. */
    static List<Integer> without(List<Integer> values) {
        return values.stream().filter(value -> !isGrease(value)).toList();
    }
}
