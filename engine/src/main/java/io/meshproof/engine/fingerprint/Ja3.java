package io.meshproof.engine.fingerprint;

import java.util.List;
import java.util.stream.Collectors;

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
        String text = hello.legacyVersion()
                + "," + decimals(Grease.without(hello.cipherSuites()))
                + "," + decimals(Grease.without(hello.extensionTypes()))
                + "," + decimals(Grease.without(hello.supportedGroups()))
                + "," + decimals(hello.ecPointFormats());
        return Fingerprint.of(text);
    }

    /** The values in decimal, separated by {@code -}; shared with {@link Ja3s}. */
    static String decimals(List<Integer> values) {
        return values.stream().map(String::valueOf).collect(Collectors.joining("-"));
    }
}
