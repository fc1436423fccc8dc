package io.meshproof.engine.fingerprint;

import java.util.List;

/**
 * The fields of one ClientHello that JA3 and JA4 read, as sent: wire order, GREASE values included, each
 * 16-bit code point as an int {@code 0..0xFFFF} (point formats are 8-bit). Lists are never null: an
 * extension that was not sent gives an empty list. The fingerprint methods drop GREASE themselves.
 *
 * <p>JA4 takes "SNI present" from {@code extensionTypes} holding server_name (0x0000), as its
 * specification says, so the host name itself is not a field here.
 *
 * @param legacyVersion ClientHello.legacy_version (RFC 8446 4.1.2), e.g. {@code 0x0303}; not the record's
 * @param cipherSuites cipher_suites
 * @param extensionTypes the type of every extension, in the order sent
 * @param supportedGroups supported_groups (0x000a, once called elliptic_curves)
 * @param ecPointFormats ec_point_formats (0x000b)
 * @param signatureAlgorithms signature_algorithms (0x000d)
 * @param alpn application_layer_protocol_negotiation (0x0010) protocol names; each name's bytes as
 *     ISO-8859-1 characters (one char per byte), so a name that is not ASCII keeps its byte values
 * @param supportedVersions supported_versions (0x002b)
 * @param quic the ClientHello travelled in QUIC CRYPTO frames rather than TLS records over TCP
 */
public record ClientHelloFields(
        int legacyVersion,
        List<Integer> cipherSuites,
        List<Integer> extensionTypes,
        List<Integer> supportedGroups,
        List<Integer> ecPointFormats,
        List<Integer> signatureAlgorithms,
        List<String> alpn,
        List<Integer> supportedVersions,
        boolean quic) {
    public ClientHelloFields {
        cipherSuites = List.copyOf(cipherSuites);
        extensionTypes = List.copyOf(extensionTypes);
        supportedGroups = List.copyOf(supportedGroups);
        ecPointFormats = List.copyOf(ecPointFormats);
        signatureAlgorithms = List.copyOf(signatureAlgorithms);
        alpn = List.copyOf(alpn);
        supportedVersions = List.copyOf(supportedVersions);
    }

    // Written out: a record's generated equals and hashCode are slow before the JIT's second tier, and every
    // finished TLS flow looks its hello up (shared values, fingerprint memo).
    @Override
    public boolean equals(Object other) {
        return other instanceof ClientHelloFields hello && legacyVersion == hello.legacyVersion
                && quic == hello.quic && cipherSuites.equals(hello.cipherSuites)
                && extensionTypes.equals(hello.extensionTypes) && supportedGroups.equals(hello.supportedGroups)
                && ecPointFormats.equals(hello.ecPointFormats)
                && signatureAlgorithms.equals(hello.signatureAlgorithms) && alpn.equals(hello.alpn)
                && supportedVersions.equals(hello.supportedVersions);
    }

    @Override
    public int hashCode() {
        int hash = legacyVersion;
        hash = 31 * hash + cipherSuites.hashCode();
        hash = 31 * hash + extensionTypes.hashCode();
        hash = 31 * hash + supportedGroups.hashCode();
        hash = 31 * hash + ecPointFormats.hashCode();
        hash = 31 * hash + signatureAlgorithms.hashCode();
        hash = 31 * hash + alpn.hashCode();
        hash = 31 * hash + supportedVersions.hashCode();
        return 31 * hash + Boolean.hashCode(quic);
    }
}
