package io.meshproof.engine.tls;

import io.meshproof.engine.dissect.Field;
import io.meshproof.engine.fingerprint.ClientHelloFields;
import io.meshproof.engine.fingerprint.Ja3;
import io.meshproof.engine.fingerprint.Ja3s;
import io.meshproof.engine.fingerprint.Ja4;
import io.meshproof.engine.fingerprint.ServerHelloFields;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The detail fields and info text {@code meshproof dissect} shows for TLS records and handshake messages,
 * with Wireshark's field names ({@code tls.record.content_type}, {@code tls.handshake.ciphersuite}) and its
 * info wording ({@code Client Hello}, {@code Change Cipher Spec}). Built from what {@link HandshakeDecoder}
 * put into the {@link SessionState}, right after each message was decoded.
 */
final class TlsFrameFields {
    // Wireshark's names of the handshake types in the info column (packet-tls-utils.c)
    private static final Map<Integer, String> MESSAGE_NAMES = Map.ofEntries(
            Map.entry(0, "Hello Request"), Map.entry(1, "Client Hello"), Map.entry(2, "Server Hello"),
            Map.entry(4, "New Session Ticket"), Map.entry(5, "End of Early Data"),
            Map.entry(8, "Encrypted Extensions"), Map.entry(11, "Certificate"),
            Map.entry(12, "Server Key Exchange"), Map.entry(13, "Certificate Request"),
            Map.entry(14, "Server Hello Done"), Map.entry(15, "Certificate Verify"),
            Map.entry(16, "Client Key Exchange"), Map.entry(20, "Finished"), Map.entry(24, "Key Update"));

    private TlsFrameFields() {
    }

    /** The protocol column: the negotiated version once known, else the record's, as Wireshark names them. */
    static String protocol(String negotiated, int recordVersion) {
        String version = negotiated != null ? negotiated : TlsNames.version(recordVersion);
        return switch (version) {
            case "1.0" -> "TLSv1";
            case "1.1", "1.2", "1.3" -> "TLSv" + version;
            case "SSL 3.0" -> "SSLv3";
            default -> "TLS";
        };
    }

    /** The info text of a record of this content type that carries no decoded handshake message. */
    static String recordInfo(int contentType, boolean encrypted) {
        return switch (contentType) {
            case 20 -> "Change Cipher Spec";
            case 21 -> encrypted ? "Encrypted Alert" : "Alert";
            case 22 -> encrypted ? "Encrypted Handshake Message" : "Handshake Fragment";
            case 23 -> "Application Data";
            case 24 -> "Heartbeat";
            default -> "Unknown Record (content type " + contentType + ")";
        };
    }

    /** The record header's fields, then {@code inner} (its messages or notes). */
    static Field record(int contentType, int recordVersion, int length, List<Field> inner) {
        List<Field> fields = new ArrayList<>();
        fields.add(Field.of("tls.record.content_type", TlsNames.contentType(contentType) + " (" + contentType + ")"));
        fields.add(Field.of("tls.record.version", versionText(recordVersion)));
        fields.add(Field.of("tls.record.length", length));
        fields.addAll(inner);
        return Field.tree("tls.record", TlsNames.contentType(contentType), fields);
    }

    /** The info text of a handshake message just decoded. */
    static String messageInfo(int type, SessionState state, boolean retry) {
        if (type == HandshakeDecoder.CLIENT_HELLO && state.sni != null) {
            return "Client Hello (SNI=" + state.sni + ")";
        }
        if (type == HandshakeDecoder.SERVER_HELLO && retry) {
            return "Hello Retry Request";
        }
        return MESSAGE_NAMES.getOrDefault(type, "Unknown Handshake Message (" + type + ")");
    }

    /** The fields of a handshake message just decoded: its header, then what meshproof reads of its body. */
    static Field message(int type, int length, SessionState state, boolean fromClient, boolean decrypted) {
        List<Field> fields = new ArrayList<>();
        fields.add(Field.of("tls.handshake.type", MESSAGE_NAMES.getOrDefault(type, "unknown") + " (" + type + ")"));
        fields.add(Field.of("tls.handshake.length", length));
        if (decrypted) {
            fields.add(Field.of("tls.decrypted", "decrypted with the key log"));
        }
        switch (type) {
            case HandshakeDecoder.CLIENT_HELLO -> clientHello(state, fields);
            case HandshakeDecoder.SERVER_HELLO -> serverHello(state, fields);
            case HandshakeDecoder.CERTIFICATE -> certificates(fromClient ? state.clientChain : state.serverChain,
                    fields);
            default -> fields.add(Field.undecoded("the body of this message is not shown"));
        }
        return Field.tree("tls.handshake", MESSAGE_NAMES.getOrDefault(type, "unknown"), fields);
    }

    private static void clientHello(SessionState state, List<Field> fields) {
        ClientHelloFields hello = state.lastClientHelloFields;
        if (hello == null) {
            fields.add(Field.undecoded("the ClientHello is malformed before its extensions"));
            return;
        }
        fields.add(Field.of("tls.handshake.version", versionText(hello.legacyVersion())));
        for (int suite : hello.cipherSuites()) {
            fields.add(Field.of("tls.handshake.ciphersuite", TlsNames.cipherSuite(suite) + " (" + hex(suite) + ")"));
        }
        for (int extension : hello.extensionTypes()) {
            fields.add(extensionType(extension));
        }
        if (state.sni != null) {
            fields.add(Field.of("tls.handshake.extensions_server_name", state.sni));
        }
        for (String alpn : hello.alpn()) {
            fields.add(Field.of("tls.handshake.extensions_alpn_str", alpn));
        }
        for (int version : hello.supportedVersions()) {
            fields.add(Field.of("tls.handshake.extensions.supported_version", versionText(version)));
        }
        for (int group : hello.supportedGroups()) {
            fields.add(Field.of("tls.handshake.extensions_supported_group", TlsNames.group(group) + " (" + hex(group)
                    + ")"));
        }
        for (int scheme : hello.signatureAlgorithms()) {
            fields.add(Field.of("tls.handshake.sig_hash_alg", hex(scheme)));
        }
        fields.add(Field.of("tls.handshake.ja3", Ja3.of(hello).md5()));
        fields.add(Field.of("tls.handshake.ja4", Ja4.of(hello)));
    }

    private static void serverHello(SessionState state, List<Field> fields) {
        ServerHelloFields hello = state.lastServerHelloFields;
        if (hello == null) {
            fields.add(Field.undecoded("the ServerHello is malformed before its extensions"));
            return;
        }
        fields.add(Field.of("tls.handshake.version", versionText(hello.legacyVersion())));
        fields.add(Field.of("tls.handshake.ciphersuite", TlsNames.cipherSuite(hello.cipherSuite()) + " ("
                + hex(hello.cipherSuite()) + ")"));
        for (int extension : hello.extensionTypes()) {
            fields.add(extensionType(extension));
        }
        if (state.version != null) {
            fields.add(Field.of("tls.handshake.extensions.supported_version", "TLS " + state.version));
        }
        fields.add(Field.of("tls.handshake.ja3s", Ja3s.of(hello).md5()));
    }

    private static void certificates(List<CertificateInfo> chain, List<Field> fields) {
        for (CertificateInfo certificate : chain) {
            List<Field> details = new ArrayList<>();
            details.add(Field.of("x509af.subject", certificate.subject()));
            details.add(Field.of("x509af.issuer", certificate.issuer()));
            for (String uri : certificate.uriSans()) {
                details.add(Field.of("x509ce.uniformResourceIdentifier", uri));
            }
            for (String dns : certificate.dnsSans()) {
                details.add(Field.of("x509ce.dNSName", dns));
            }
            details.add(Field.of("x509af.notBefore", certificate.notBefore()));
            details.add(Field.of("x509af.notAfter", certificate.notAfter()));
            details.add(Field.of("x509af.subjectPublicKeyInfo", certificate.key()));
            fields.add(Field.tree("tls.handshake.certificate", certificate.subject(), details));
        }
    }

    private static Field extensionType(int type) {
        return Field.of("tls.handshake.extension.type", TlsNames.extension(type) + " (" + type + ")");
    }

    /** {@code TLS 1.2 (0x0303)}, as Wireshark writes versions. */
    static String versionText(int version) {
        String name = TlsNames.version(version);
        String text = name.startsWith("1.") ? "TLS " + name : name;
        return text + " (" + hex(version) + ")";
    }

    private static String hex(int value) {
        return String.format(Locale.ROOT, "0x%04x", value);
    }
}
