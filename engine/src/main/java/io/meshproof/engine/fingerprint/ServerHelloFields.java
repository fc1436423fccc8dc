package io.meshproof.engine.fingerprint;

import java.util.List;

/**
 * The fields of one ServerHello that JA3S reads, as sent.
 *
 * @param legacyVersion ServerHello.legacy_version (RFC 8446 4.1.3), {@code 0x0303} for TLS 1.2 and 1.3
 * @param cipherSuite the selected cipher_suite
 * @param extensionTypes the type of every extension, in the order sent
 */
public record ServerHelloFields(int legacyVersion, int cipherSuite, List<Integer> extensionTypes) {
    public ServerHelloFields {
        extensionTypes = List.copyOf(extensionTypes);
    }

    // Written out for speed, as in ClientHelloFields.
    @Override
    public boolean equals(Object other) {
        return other instanceof ServerHelloFields hello && legacyVersion == hello.legacyVersion
                && cipherSuite == hello.cipherSuite && extensionTypes.equals(hello.extensionTypes);
    }

    @Override
    public int hashCode() {
        return (31 * legacyVersion + cipherSuite) * 31 + extensionTypes.hashCode();
    }
}
