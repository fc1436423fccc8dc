package io.meshproof.engine.fingerprint;

/**
 * JA3S, the ServerHello fingerprint of {@code github.com/salesforce/ja3} (README, "JA3S"): the decimal
 * fields {@code SSLVersion,Cipher,SSLExtension}, extensions in the order sent and separated by {@code -},
 * then MD5.
 *
 * <p>GREASE is not removed: the README says nothing of it for JA3S and the reference {@code ja3s.py}
 * keeps every extension; a server must not send GREASE anyway (RFC 8701 4).
 */
public final class Ja3s {
    private Ja3s() {
    }

    /** The JA3S text and MD5 of a ServerHello. */
    public static Fingerprint of(ServerHelloFields hello) {
        StringBuilder text = new StringBuilder(64).append(hello.legacyVersion()).append(',')
                .append(hello.cipherSuite()).append(',');
        return Fingerprint.of(Ja3.appendDecimals(text, hello.extensionTypes(), false).toString());
    }
}
