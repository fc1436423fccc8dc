package io.meshproof.engine.tls;

import java.util.List;

/**
 * What one TCP connection's TLS showed without keys, as an immutable value. Lists are never null (empty
 * when not seen); other reference fields are null when not seen.
 *
 * @param version negotiated version: "1.0" .. "1.3" ("1.3" from supported_versions in the ServerHello)
 * @param sni the server_name the client asked for
 * @param alpnOffered the client's ALPN protocols, in its order
 * @param alpnSelected the server's ALPN choice, visible in its ServerHello up to TLS 1.2 (null for 1.3,
 *     where it travels in the encrypted EncryptedExtensions)
 * @param cipher the selected cipher suite's IANA name, e.g. "TLS_AES_128_GCM_SHA256"
 * @param cipherSuitesOffered the client's cipher suites, as sent (GREASE values included)
 * @param supportedVersionsOffered the client's supported_versions ("1.3", "1.2", "GREASE", ...)
 * @param keyShareGroupsOffered the groups of the client's key_share entries (last ClientHello)
 * @param supportedGroupsOffered the client's supported_groups
 * @param signatureAlgorithmsOffered the client's signature_algorithms code points
 * @param pskOffered the client sent a pre_shared_key extension (TLS 1.3 resumption attempt)
 * @param sessionTicketOffered the client sent a non-empty session_ticket extension (TLS 1.2 resumption)
 * @param keyShareSelected the group of the server's key_share, or the group a HelloRetryRequest asked for
 * @param certificateRequest whether the server asked for a client certificate, when visible in clear;
 *     null when not visible (TLS 1.3 without keys, no handshake, resumption)
 * @param serverChain the server's certificates, leaf first, when seen in clear (those the JDK could parse)
 * @param clientChain the client's certificates, leaf first, when seen in clear (those the JDK could parse)
 * @param clientCertificateSeen the client's Certificate message was seen (its chain may be empty)
 * @param clientHelloSeen a ClientHello was decoded
 * @param serverHelloSeen a ServerHello (not only a HelloRetryRequest) was decoded
 * @param helloRetryRequest the server answered the first ClientHello with a HelloRetryRequest
 * @param resumed the session was resumed: TLS 1.3 pre_shared_key accepted, or a TLS 1.2 abbreviated
 *     handshake (session id echoed and ChangeCipherSpec without a server Certificate)
 * @param clientAuth the evidence level of client authentication, see {@link TlsStreamDecoder}
 * @param clientFlightBytes TLS 1.3: the length of the client's first encrypted record after the
 *     ServerHello (the measure behind {@link ClientAuth#INFERRED}); null when not seen or not TLS 1.3
 * @param clientIdentity the SPIFFE id of the client's leaf certificate
 * @param serverIdentity the SPIFFE id of the server's leaf certificate, else its first DNS SAN
 * @param alerts alerts seen in clear, in order, e.g. "fatal handshake_failure"
 * @param records well-formed record headers seen, both directions
 * @param applicationDataRecords of these, application_data records
 * @param partial something was malformed or missing, so some of the above may not have been decoded
 */
public record TlsSession(
        String version,
        String sni,
        List<String> alpnOffered,
        String alpnSelected,
        String cipher,
        List<Integer> cipherSuitesOffered,
        List<String> supportedVersionsOffered,
        List<String> keyShareGroupsOffered,
        List<String> supportedGroupsOffered,
        List<Integer> signatureAlgorithmsOffered,
        boolean pskOffered,
        boolean sessionTicketOffered,
        String keyShareSelected,
        Boolean certificateRequest,
        List<CertificateInfo> serverChain,
        List<CertificateInfo> clientChain,
        boolean clientCertificateSeen,
        boolean clientHelloSeen,
        boolean serverHelloSeen,
        boolean helloRetryRequest,
        boolean resumed,
        ClientAuth clientAuth,
        Integer clientFlightBytes,
        String clientIdentity,
        String serverIdentity,
        List<String> alerts,
        long records,
        long applicationDataRecords,
        boolean partial) {
    public TlsSession {
        alpnOffered = List.copyOf(alpnOffered);
        cipherSuitesOffered = List.copyOf(cipherSuitesOffered);
        supportedVersionsOffered = List.copyOf(supportedVersionsOffered);
        keyShareGroupsOffered = List.copyOf(keyShareGroupsOffered);
        supportedGroupsOffered = List.copyOf(supportedGroupsOffered);
        signatureAlgorithmsOffered = List.copyOf(signatureAlgorithmsOffered);
        serverChain = List.copyOf(serverChain);
        clientChain = List.copyOf(clientChain);
        alerts = List.copyOf(alerts);
    }

    /** True when any record of this connection looked like TLS. */
    public boolean isTls() {
        return records > 0;
    }
}
