package io.meshproof.engine.tls;

import io.meshproof.engine.anomaly.AnomalyKind;
import io.meshproof.engine.anomaly.Severity;

/**
 * Every kind of malformation the TLS decoder reports. Offsets of TLS anomalies count bytes from the start
 * of the direction's reassembled stream, not from the start of a frame.
 */
public final class TlsAnomalies {
    public static final AnomalyKind RECORD_UNKNOWN_TYPE = new AnomalyKind("tls.record.unknown_type",
            Severity.ERROR, "a record header names a content type other than 20..24; the direction stops");
    public static final AnomalyKind RECORD_VERSION_INVALID = new AnomalyKind("tls.record.version_invalid",
            Severity.ERROR, "a record header's version is not 3.x; the direction stops");
    public static final AnomalyKind RECORD_LENGTH_INVALID = new AnomalyKind("tls.record.length_invalid",
            Severity.ERROR, "a record declares more than 2^14 + 2048 bytes; the direction stops");
    public static final AnomalyKind RECORD_LENGTH_OVERRUN = new AnomalyKind("tls.record.length_overrun",
            Severity.WARNING, "a record declares more bytes than the stream delivered before it ended");
    public static final AnomalyKind HANDSHAKE_LENGTH_OVERRUN = new AnomalyKind("tls.handshake.length_overrun",
            Severity.ERROR, "a handshake message declares more bytes than the handshake records that carry it");
    public static final AnomalyKind HANDSHAKE_LENGTH_INVALID = new AnomalyKind("tls.handshake.length_invalid",
            Severity.ERROR, "a handshake message declares more bytes than the decoder accepts; handshake stops");
    public static final AnomalyKind HANDSHAKE_TRUNCATED = new AnomalyKind("tls.handshake.truncated",
            Severity.ERROR, "a handshake message ends before one of its fields");
    public static final AnomalyKind HANDSHAKE_VECTOR_OVERRUN = new AnomalyKind("tls.handshake.vector_overrun",
            Severity.ERROR, "a length-prefixed field of a handshake message runs past the message");
    public static final AnomalyKind HANDSHAKE_TRAILING_BYTES = new AnomalyKind("tls.handshake.trailing_bytes",
            Severity.NOTE, "a handshake message has bytes after its last field");
    public static final AnomalyKind HANDSHAKE_UNKNOWN_TYPE = new AnomalyKind("tls.handshake.unknown_type",
            Severity.NOTE, "a handshake message type the decoder does not know, skipped by its length");
    public static final AnomalyKind HANDSHAKE_UNEXPECTED_SENDER = new AnomalyKind("tls.handshake.unexpected_sender",
            Severity.WARNING, "a handshake message sent by the side that never sends it; skipped");
    public static final AnomalyKind SESSION_ID_LENGTH_INVALID = new AnomalyKind(
            "tls.handshake.session_id.length_invalid", Severity.ERROR,
            "a legacy_session_id longer than 32 bytes (RFC 8446 4.1.2)");
    public static final AnomalyKind EXTENSION_LENGTH_OVERRUN = new AnomalyKind("tls.extension.length_overrun",
            Severity.ERROR, "an extension declares more bytes than remain in its extensions block");
    public static final AnomalyKind EXTENSION_MALFORMED = new AnomalyKind("tls.extension.malformed",
            Severity.WARNING, "the inside of an extension does not match its structure; the extension is skipped");
    public static final AnomalyKind CERTIFICATE_UNDECODABLE = new AnomalyKind("tls.certificate.undecodable",
            Severity.WARNING, "a certificate the JDK cannot parse as X.509; it is left out of the chain");
    public static final AnomalyKind ALERT_MALFORMED = new AnomalyKind("tls.alert.malformed",
            Severity.WARNING, "an alert record in clear that is not 2 bytes long");
    public static final AnomalyKind STREAM_GAP = new AnomalyKind("tls.stream.gap",
            Severity.WARNING, "bytes of the stream were not captured; what they carried is lost");
    public static final AnomalyKind STREAM_RESYNC_FAILED = new AnomalyKind("tls.stream.resync_failed",
            Severity.WARNING, "after a gap the bytes do not start a record header; the direction stops");
    public static final AnomalyKind DECRYPT_NO_SECRETS = new AnomalyKind("tls.decrypt.no_secrets",
            Severity.NOTE, "key logs were given but hold no secrets for this connection; it is not decrypted");
    public static final AnomalyKind DECRYPT_FAILED = new AnomalyKind("tls.decrypt.failed",
            Severity.WARNING, "a record does not authenticate under the logged secrets; decryption stops");
    public static final AnomalyKind DECRYPT_UNSUPPORTED_CIPHER = new AnomalyKind(
            "tls.decrypt.unsupported_cipher", Severity.NOTE,
            "secrets were logged but the cipher suite is not one meshproof decrypts");
    public static final AnomalyKind DECRYPT_STOPPED = new AnomalyKind("tls.decrypt.stopped",
            Severity.NOTE, "bytes of a decrypted direction were not captured; its decryption stops there");

    private TlsAnomalies() {
    }
}
