package io.meshproof.engine.fingerprint;

import java.util.List;

/**
 * JA3, the ClientHello fingerprint of {@code github.com/salesforce/ja3} (README, "How it works"): the
 * decimal values of five fields joined as
 * {@code SSLVersion,Cipher,SSLExtension,EllipticCurve,EllipticCurvePointFormat}, values within a field
 * separated by {@code -}, then MD5. A field with no values stays empty ({@code 769,4-5-10,,,}).
 *
 * <p>GREASE values are ignored "completely" (README): left out of the ciphers, the extensions and the
 * groups. Point formats are single bytes and cannot be GREASE.
 */
public final class Ja3 {
    private Ja3() {
    }

    /** The JA3 text and MD5 of a ClientHello. */
    public static Fingerprint of(ClientHelloFields hello) {
        StringBuilder text = new StringBuilder(256).append(hello.legacyVersion()).append(',');
        appendDecimals(text, hello.cipherSuites(), true).append(',');
        appendDecimals(text, hello.extensionTypes(), true).append(',');
        appendDecimals(text, hello.supportedGroups(), true).append(',');
        appendDecimals(text, hello.ecPointFormats(), false);
        return Fingerprint.of(text.toString());
    }

    /**
     * Appends the values in decimal, separated by {@code -}, GREASE values left out when {@code dropGrease};
     * shared with {@link Ja3s}.
     */
    static StringBuilder appendDecimals(StringBuilder text, List<Integer> values, boolean dropGrease) {
        boolean first = true;
        for (int value : values) {
            if (dropGrease && Grease.isGrease(value)) {
                continue;
            }
            if (!first) {
                text.append('-');
            }
            text.append(value);
            first = false;
        }
        return text;
    }
}
