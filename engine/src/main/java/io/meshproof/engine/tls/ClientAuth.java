package io.meshproof.engine.tls;

import java.util.Locale;

/** How strongly a TLS session shows that the client authenticated with a certificate (DESIGN.md's ladder). */
public enum ClientAuth {
    /** The client's Certificate message was seen with a non-empty chain. */
    PROVEN,
    /** TLS 1.3 without keys: the client's first encrypted flight is large enough to hold a chain. */
    INFERRED,
    /** No CertificateRequest, an empty client chain, or a client flight too small to hold a chain. */
    ABSENT,
    /** The handshake was not captured, or the session was resumed. */
    UNKNOWN;

    /** The lower-case word used in reports and in expected results: "proven", "inferred", ... */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
