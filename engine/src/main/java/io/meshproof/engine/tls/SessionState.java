package io.meshproof.engine.tls;

import io.meshproof.engine.fingerprint.ClientHelloFields;
import io.meshproof.engine.fingerprint.ServerHelloFields;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/** The mutable facts a {@link TlsStreamDecoder} has gathered; {@link #snapshot()} freezes them. */
final class SessionState {
    // the corpus's ground truth and DESIGN.md: a client flight over 300 bytes holds a certificate chain
    static final int INFERRED_FLIGHT_THRESHOLD_BYTES = 300;

    boolean clientHelloSeen;
    boolean serverHelloSeen;
    boolean helloRetryRequest;
    boolean tls13;
    String version;
    String sni;
    List<String> alpnOffered = List.of();
    String alpnSelected;
    String cipher;
    List<Integer> cipherSuitesOffered = List.of();
    List<String> supportedVersionsOffered = List.of();
    List<String> keyShareGroupsOffered = List.of();
    List<String> supportedGroupsOffered = List.of();
    List<Integer> signatureAlgorithmsOffered = List.of();
    boolean pskOffered;
    boolean sessionTicketOffered;
    String keyShareSelected;
    byte[] clientSessionId = new byte[0];
    boolean sessionIdEchoed;
    boolean pskAccepted;
    boolean serverCertificateSeen;
    boolean serverChangeCipherSpecSeen;
    Boolean certificateRequest;
    final List<CertificateInfo> serverChain = new ArrayList<>();
    final List<CertificateInfo> clientChain = new ArrayList<>();
    boolean clientCertificateSeen;
    int clientCertificateEntries;
    boolean serverLeafDecoded;
    boolean clientLeafDecoded;
    Integer clientFlightBytes;
    final List<String> alerts = new ArrayList<>();
    byte[] clientRandom;
    byte[] serverRandom;
    int cipherSuite = -1;
    boolean earlyDataOffered;
    List<byte[]> pskIdentities = List.of();
    final List<byte[]> tickets = new ArrayList<>();
    boolean serverFinishedSeen;
    boolean clientFinishedSeen;
    String secretSource;
    long decryptedRecords;
    boolean decryptionFailed;
    long records;
    long applicationDataRecords;
    boolean partial;
    ClientHelloFields clientHelloFields;
    ServerHelloFields serverHelloFields;
    // the latest hellos, for the detail view of meshproof dissect
    ClientHelloFields lastClientHelloFields;
    ServerHelloFields lastServerHelloFields;
    boolean lastHelloWasRetry;

    void recordServerSessionId(byte[] echo) {
        sessionIdEchoed = echo.length > 0 && Arrays.equals(echo, clientSessionId);
    }

    boolean resumed() {
        if (tls13) {
            return pskAccepted;
        }
        // RFC 5246 7.3: an abbreviated handshake echoes the session id and goes straight to ChangeCipherSpec
        return sessionIdEchoed && serverChangeCipherSpecSeen && !serverCertificateSeen;
    }

    ClientAuth clientAuth() {
        if (!clientHelloSeen || !serverHelloSeen || resumed()) {
            return ClientAuth.UNKNOWN;
        }
        if (clientCertificateEntries > 0) {
            return ClientAuth.PROVEN;
        }
        if (tls13) {
            // decrypted: the server's flight says whether it asked, the client's whether it answered
            boolean unanswered = Boolean.TRUE.equals(certificateRequest) && (clientCertificateSeen
                    || clientFinishedSeen);
            if (serverFinishedSeen && (Boolean.FALSE.equals(certificateRequest) || unanswered)) {
                return ClientAuth.ABSENT;
            }
            if (clientFlightBytes == null) {
                return ClientAuth.UNKNOWN;
            }
            return clientFlightBytes > INFERRED_FLIGHT_THRESHOLD_BYTES ? ClientAuth.INFERRED : ClientAuth.ABSENT;
        }
        if (Boolean.FALSE.equals(certificateRequest) || clientCertificateSeen) {
            return ClientAuth.ABSENT;
        }
        return ClientAuth.UNKNOWN;
    }

    TlsSession snapshot() {
        String clientIdentity = clientLeafDecoded ? clientChain.get(0).findSpiffeId().orElse(null) : null;
        ClientAuth auth = clientAuth();
        boolean decrypted = decryptedRecords > 0;
        return new TlsSession(version, sni, alpnOffered, alpnSelected, cipher, cipherSuitesOffered,
                supportedVersionsOffered, keyShareGroupsOffered, supportedGroupsOffered,
                signatureAlgorithmsOffered, pskOffered, sessionTicketOffered, keyShareSelected,
                certificateRequest, serverChain, clientChain, clientCertificateSeen, clientHelloSeen,
                serverHelloSeen, helloRetryRequest, resumed(), auth, clientFlightBytes,
                clientIdentity, serverIdentity(), alerts, records, applicationDataRecords, partial,
                decrypted, decrypted ? secretSource : null, null, auth, fingerprints(tickets),
                fingerprints(pskIdentities), clientHelloFields, serverHelloFields);
    }

    /** SHA-256 of each ticket, in hex: enough to match a resumption to its ticket without keeping it. */
    private static List<String> fingerprints(List<byte[]> values) {
        if (values.isEmpty()) {
            // most connections: looking up a digest costs more than the rest of the snapshot
            return List.of();
        }
        List<String> out = new ArrayList<>(values.size());
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (byte[] value : values) {
                out.add(HexFormat.of().formatHex(digest.digest(value)));
            }
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
        return out;
    }

    private String serverIdentity() {
        if (!serverLeafDecoded) {
            return null;
        }
        CertificateInfo leaf = serverChain.get(0);
        return leaf.findSpiffeId().orElse(leaf.dnsSans().isEmpty() ? null : leaf.dnsSans().get(0));
    }
}
