package io.meshproof.engine.keylog;

import java.util.Optional;

/** The NSS key log labels meshproof uses (the SSLKEYLOGFILE format of NSS, OpenSSL, BoringSSL). */
public enum SecretLabel {
    /** TLS 1.2 and older: the 48-byte master secret. */
    CLIENT_RANDOM,
    /** TLS 1.3 (RFC 8446 7.1): client_handshake_traffic_secret. */
    CLIENT_HANDSHAKE_TRAFFIC_SECRET,
    /** TLS 1.3: server_handshake_traffic_secret. */
    SERVER_HANDSHAKE_TRAFFIC_SECRET,
    /** TLS 1.3: client_application_traffic_secret_0. */
    CLIENT_TRAFFIC_SECRET_0,
    /** TLS 1.3: server_application_traffic_secret_0. */
    SERVER_TRAFFIC_SECRET_0,
    /** TLS 1.3: exporter_master_secret; read, not used for decryption. */
    EXPORTER_SECRET;

    /** The label written exactly as in a key log line. */
    static Optional<SecretLabel> find(String text) {
        for (SecretLabel label : values()) {
            if (label.name().equals(text)) {
                return Optional.of(label);
            }
        }
        return Optional.empty();
    }
}
