package io.meshproof.engine.tls;

import io.meshproof.engine.fingerprint.ClientHelloFields;
import io.meshproof.engine.fingerprint.Ja3;
import io.meshproof.engine.fingerprint.Ja3s;
import io.meshproof.engine.fingerprint.Ja4;
import io.meshproof.engine.fingerprint.ServerHelloFields;
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
 * @param decrypted records of this connection were decrypted with a key log, so the facts above include
 *     what travelled encrypted (TLS 1.3 handshake, application data)
 * @param secretSource where the secrets came from when decrypted: "file NAME" or "embedded"; null otherwise.
 *     The secrets themselves are never kept here
 * @param resumedFrom the id of the flow whose session ticket this resumed connection used, when that flow
 *     is in the same capture and its ticket was decrypted; null otherwise
 * @param connectionClientAuth the evidence this connection shows alone; {@link #clientAuth} differs from it
 *     only for a resumption linked to its full handshake, whose evidence it inherits
 * @param ticketIds SHA-256, in hex, of each TLS 1.3 session ticket the server sent (decrypted)
 * @param pskIdentityIds SHA-256, in hex, of each PSK identity the client offered in its ClientHello
 * @param clientHello the fingerprint inputs of the connection's first ClientHello, in wire order with GREASE
 *     values; after a HelloRetryRequest, the ClientHello it answered, not the second one. Null when not seen
 * @param serverHello the fingerprint inputs of the server's first hello: the HelloRetryRequest when there was
 *     one (as tshark's JA3S), else the ServerHello. Null when not seen
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
        boolean partial,
        boolean decrypted,
        String secretSource,
        Integer resumedFrom,
        ClientAuth connectionClientAuth,
        List<String> ticketIds,
        List<String> pskIdentityIds,
        ClientHelloFields clientHello,
        ServerHelloFields serverHello) {
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
        ticketIds = List.copyOf(ticketIds);
        pskIdentityIds = List.copyOf(pskIdentityIds);
    }

    /**
     * This resumed session linked to the full handshake of flow {@code flowId}, whose session is {@code full}:
     * client authentication and identity are inherited from it (RFC 8446 4.6.1: a resumption carries the
     * identity of the connection that issued its ticket).
     */
    public TlsSession resuming(int flowId, TlsSession full) {
        return new TlsSession(version, sni, alpnOffered, alpnSelected, cipher, cipherSuitesOffered,
                supportedVersionsOffered, keyShareGroupsOffered, supportedGroupsOffered, signatureAlgorithmsOffered,
                pskOffered, sessionTicketOffered, keyShareSelected, certificateRequest, serverChain, clientChain,
                clientCertificateSeen, clientHelloSeen, serverHelloSeen, helloRetryRequest, resumed,
                full.clientAuth(), clientFlightBytes, full.clientIdentity(), serverIdentity, alerts, records,
                applicationDataRecords, partial, decrypted, secretSource, flowId, connectionClientAuth, ticketIds,
                pskIdentityIds, clientHello, serverHello);
    }

    /**
     * This session with the values that repeat across connections (offered lists, names, hello fields) replaced
     * by the equal instances {@code shared} holds; equal to this session. Certificate chains are left as they
     * are: their certificates are shared already ({@link CertificateCache}).
     */
    public TlsSession sharing(SharedValues shared) {
        return new TlsSession(version, shared.share(sni), shared.share(alpnOffered), alpnSelected, cipher,
                shared.share(cipherSuitesOffered), shared.share(supportedVersionsOffered),
                shared.share(keyShareGroupsOffered), shared.share(supportedGroupsOffered),
                shared.share(signatureAlgorithmsOffered), pskOffered, sessionTicketOffered, keyShareSelected,
                certificateRequest, serverChain, clientChain, clientCertificateSeen,
                clientHelloSeen, serverHelloSeen, helloRetryRequest, resumed, clientAuth, clientFlightBytes,
                clientIdentity, serverIdentity, alerts, records, applicationDataRecords, partial, decrypted,
                secretSource, resumedFrom, connectionClientAuth, ticketIds, pskIdentityIds,
                shared.share(clientHello), shared.share(serverHello));
    }

    /** The JA3 MD5 of the first ClientHello (see {@link #clientHello}), 32 hex digits; null when not seen. */
    public String ja3() {
        return clientHello == null ? null : Ja3.of(clientHello).md5();
    }

    /** The JA3S MD5 of the server's first hello (see {@link #serverHello}); null when not seen. */
    public String ja3s() {
        return serverHello == null ? null : Ja3s.of(serverHello).md5();
    }

    /** The JA4 of the first ClientHello, e.g. {@code t13d0411i1_16476d049b0b_78f1d400d464}; null when not seen. */
    public String ja4() {
        return clientHello == null ? null : Ja4.of(clientHello);
    }

    /** True when any record of this connection looked like TLS. */
    public boolean isTls() {
        return records > 0;
    }
}
