package io.meshproof.engine.tls;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What a certificate on the wire says about its holder.
 *
 * @param subject the subject's RDNs in the order they are encoded, joined by ", " (e.g. "O=cluster.local,
 *     CN=istio-ca-rsa"); "" for an empty subject, as Istio workload certificates have
 * @param issuer the issuer, formatted like the subject
 * @param uriSans the URI subject alternative names, in certificate order
 * @param dnsSans the DNS subject alternative names, in certificate order
 * @param notBefore start of validity
 * @param notAfter end of validity
 * @param key the public key, e.g. "EC P-256", "RSA 2048", "Ed25519"
 */
public record CertificateInfo(String subject, String issuer, List<String> uriSans, List<String> dnsSans,
        Instant notBefore, Instant notAfter, String key) {
    private static final String SPIFFE_SCHEME = "spiffe://";

    public CertificateInfo {
        uriSans = List.copyOf(uriSans);
        dnsSans = List.copyOf(dnsSans);
    }

    /** The first URI SAN that is a SPIFFE id ({@code spiffe://trust-domain/path}). */
    public Optional<String> findSpiffeId() {
        return uriSans.stream().filter(uri -> uri.startsWith(SPIFFE_SCHEME)).findFirst();
    }
}
