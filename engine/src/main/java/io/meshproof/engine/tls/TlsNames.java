package io.meshproof.engine.tls;

import java.util.HexFormat;
import java.util.Map;

/** Names of TLS code points as the IANA TLS registries spell them; unknown values print in hex. */
final class TlsNames {
    private static final Map<Integer, String> CIPHER_SUITES = Map.ofEntries(
            Map.entry(0x1301, "TLS_AES_128_GCM_SHA256"),
            Map.entry(0x1302, "TLS_AES_256_GCM_SHA384"),
            Map.entry(0x1303, "TLS_CHACHA20_POLY1305_SHA256"),
            Map.entry(0x1304, "TLS_AES_128_CCM_SHA256"),
            Map.entry(0x1305, "TLS_AES_128_CCM_8_SHA256"),
            Map.entry(0xC02B, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"),
            Map.entry(0xC02C, "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384"),
            Map.entry(0xC02F, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"),
            Map.entry(0xC030, "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"),
            Map.entry(0xCCA8, "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"),
            Map.entry(0xCCA9, "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256"),
            Map.entry(0xCCAA, "TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256"),
            Map.entry(0xC009, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA"),
            Map.entry(0xC00A, "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA"),
            Map.entry(0xC013, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA"),
            Map.entry(0xC014, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA"),
            Map.entry(0xC023, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256"),
            Map.entry(0xC024, "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384"),
            Map.entry(0xC027, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256"),
            Map.entry(0xC028, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384"),
            Map.entry(0x009E, "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256"),
            Map.entry(0x009F, "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384"),
            Map.entry(0x009C, "TLS_RSA_WITH_AES_128_GCM_SHA256"),
            Map.entry(0x009D, "TLS_RSA_WITH_AES_256_GCM_SHA384"),
            Map.entry(0x002F, "TLS_RSA_WITH_AES_128_CBC_SHA"),
            Map.entry(0x0035, "TLS_RSA_WITH_AES_256_CBC_SHA"),
            Map.entry(0x003C, "TLS_RSA_WITH_AES_128_CBC_SHA256"),
            Map.entry(0x003D, "TLS_RSA_WITH_AES_256_CBC_SHA256"),
            Map.entry(0x000A, "TLS_RSA_WITH_3DES_EDE_CBC_SHA"),
            Map.entry(0x0005, "TLS_RSA_WITH_RC4_128_SHA"),
            Map.entry(0x0004, "TLS_RSA_WITH_RC4_128_MD5"),
            Map.entry(0x0000, "TLS_NULL_WITH_NULL_NULL"),
            Map.entry(0x00FF, "TLS_EMPTY_RENEGOTIATION_INFO_SCSV"),
            Map.entry(0x5600, "TLS_FALLBACK_SCSV"));

    private static final Map<Integer, String> GROUPS = Map.ofEntries(
            Map.entry(23, "secp256r1"),
            Map.entry(24, "secp384r1"),
            Map.entry(25, "secp521r1"),
            Map.entry(29, "x25519"),
            Map.entry(30, "x448"),
            Map.entry(256, "ffdhe2048"),
            Map.entry(257, "ffdhe3072"),
            Map.entry(258, "ffdhe4096"),
            Map.entry(259, "ffdhe6144"),
            Map.entry(260, "ffdhe8192"),
            Map.entry(0x11EC, "X25519MLKEM768"),
            Map.entry(0x6399, "X25519Kyber768Draft00"));

    private static final Map<Integer, String> ALERTS = Map.ofEntries(
            Map.entry(0, "close_notify"),
            Map.entry(10, "unexpected_message"),
            Map.entry(20, "bad_record_mac"),
            Map.entry(22, "record_overflow"),
            Map.entry(40, "handshake_failure"),
            Map.entry(42, "bad_certificate"),
            Map.entry(43, "unsupported_certificate"),
            Map.entry(44, "certificate_revoked"),
            Map.entry(45, "certificate_expired"),
            Map.entry(46, "certificate_unknown"),
            Map.entry(47, "illegal_parameter"),
            Map.entry(48, "unknown_ca"),
            Map.entry(49, "access_denied"),
            Map.entry(50, "decode_error"),
            Map.entry(51, "decrypt_error"),
            Map.entry(70, "protocol_version"),
            Map.entry(71, "insufficient_security"),
            Map.entry(80, "internal_error"),
            Map.entry(86, "inappropriate_fallback"),
            Map.entry(90, "user_canceled"),
            Map.entry(100, "no_renegotiation"),
            Map.entry(109, "missing_extension"),
            Map.entry(110, "unsupported_extension"),
            Map.entry(112, "unrecognized_name"),
            Map.entry(113, "bad_certificate_status_response"),
            Map.entry(115, "unknown_psk_identity"),
            Map.entry(116, "certificate_required"),
            Map.entry(120, "no_application_protocol"));

    private static final Map<Integer, String> HANDSHAKE_TYPES = Map.ofEntries(
            Map.entry(0, "HelloRequest"),
            Map.entry(1, "ClientHello"),
            Map.entry(2, "ServerHello"),
            Map.entry(4, "NewSessionTicket"),
            Map.entry(5, "EndOfEarlyData"),
            Map.entry(8, "EncryptedExtensions"),
            Map.entry(11, "Certificate"),
            Map.entry(12, "ServerKeyExchange"),
            Map.entry(13, "CertificateRequest"),
            Map.entry(14, "ServerHelloDone"),
            Map.entry(15, "CertificateVerify"),
            Map.entry(16, "ClientKeyExchange"),
            Map.entry(20, "Finished"),
            Map.entry(22, "CertificateStatus"),
            Map.entry(24, "KeyUpdate"),
            Map.entry(254, "MessageHash"));

    private static final Map<Integer, String> EXTENSIONS = Map.ofEntries(
            Map.entry(0, "server_name"),
            Map.entry(5, "status_request"),
            Map.entry(10, "supported_groups"),
            Map.entry(11, "ec_point_formats"),
            Map.entry(13, "signature_algorithms"),
            Map.entry(16, "application_layer_protocol_negotiation"),
            Map.entry(18, "signed_certificate_timestamp"),
            Map.entry(21, "padding"),
            Map.entry(22, "encrypt_then_mac"),
            Map.entry(23, "extended_master_secret"),
            Map.entry(35, "session_ticket"),
            Map.entry(41, "pre_shared_key"),
            Map.entry(42, "early_data"),
            Map.entry(43, "supported_versions"),
            Map.entry(44, "cookie"),
            Map.entry(45, "psk_key_exchange_modes"),
            Map.entry(49, "post_handshake_auth"),
            Map.entry(51, "key_share"),
            Map.entry(0xFF01, "renegotiation_info"));

    private TlsNames() {
    }

    /** RFC 8701: GREASE values are 0x?A?A with both bytes equal. */
    static boolean isGrease(int value) {
        return (value & 0x0F0F) == 0x0A0A && (value >> 8) == (value & 0xFF);
    }

    /** "1.0" .. "1.3" for TLS, "SSL 3.0", "GREASE", or the value in hex. */
    static String version(int version) {
        if (version == 0x0300) {
            return "SSL 3.0";
        }
        if (version >= 0x0301 && version <= 0x0304) {
            return "1." + (version - 0x0301);
        }
        return isGrease(version) ? "GREASE" : hex(version);
    }

    static String cipherSuite(int suite) {
        String name = CIPHER_SUITES.get(suite);
        return name != null ? name : isGrease(suite) ? "GREASE" : hex(suite);
    }

    static String group(int group) {
        String name = GROUPS.get(group);
        return name != null ? name : isGrease(group) ? "GREASE" : hex(group);
    }

    static String alert(int level, int description) {
        String levelName = level == 1 ? "warning" : level == 2 ? "fatal" : "level_" + level;
        String name = ALERTS.get(description);
        return levelName + " " + (name != null ? name : "alert_" + description);
    }

    static String handshakeType(int type) {
        String name = HANDSHAKE_TYPES.get(type);
        return name != null ? name : "handshake_type_" + type;
    }

    static String extension(int type) {
        String name = EXTENSIONS.get(type);
        return name != null ? name : isGrease(type) ? "GREASE" : "extension_" + type;
    }

    static String contentType(int type) {
        return switch (type) {
            case 20 -> "change_cipher_spec";
            case 21 -> "alert";
            case 22 -> "handshake";
            case 23 -> "application_data";
            case 24 -> "heartbeat";
            default -> "content_type_" + type;
        };
    }

    private static String hex(int value) {
        return "0x" + HexFormat.of().withUpperCase().toHexDigits((short) value);
    }
}
