package io.meshproof.engine.tls;

import io.meshproof.engine.fingerprint.ClientHelloFields;
import io.meshproof.engine.fingerprint.ServerHelloFields;
import io.meshproof.engine.flow.Direction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Decodes handshake messages seen in clear into a {@link SessionState}. Each decode method reads its
 * message in the order the RFC's struct lays it out; a field that runs past its parent stops that message
 * (the reader reports it) and the facts read before it are kept.
 */
final class HandshakeDecoder {
    static final int CLIENT_HELLO = 1;
    static final int SERVER_HELLO = 2;
    static final int NEW_SESSION_TICKET = 4;
    static final int END_OF_EARLY_DATA = 5;
    static final int ENCRYPTED_EXTENSIONS = 8;
    static final int CERTIFICATE = 11;
    static final int SERVER_KEY_EXCHANGE = 12;
    static final int CERTIFICATE_REQUEST = 13;
    static final int SERVER_HELLO_DONE = 14;
    static final int CERTIFICATE_VERIFY = 15;
    static final int CLIENT_KEY_EXCHANGE = 16;
    static final int FINISHED = 20;
    static final int KEY_UPDATE = 24;

    private static final int EXT_SERVER_NAME = 0;
    private static final int EXT_SUPPORTED_GROUPS = 10;
    private static final int EXT_EC_POINT_FORMATS = 11;
    private static final int EXT_SIGNATURE_ALGORITHMS = 13;
    private static final int EXT_ALPN = 16;
    private static final int EXT_SESSION_TICKET = 35;
    private static final int EXT_PRE_SHARED_KEY = 41;
    private static final int EXT_EARLY_DATA = 42;
    private static final int EXT_SUPPORTED_VERSIONS = 43;
    private static final int EXT_KEY_SHARE = 51;
    private static final int SERVER_NAME_TYPE_HOST_NAME = 0;
    private static final int RANDOM_LENGTH = 32;
    private static final int MAX_SESSION_ID_LENGTH = 32;
    private static final int TLS13 = 0x0304;
    // RFC 8446 4.1.3: a HelloRetryRequest is a ServerHello whose random is SHA-256("HelloRetryRequest")
    private static final byte[] HELLO_RETRY_REQUEST_RANDOM = HexFormat.of().parseHex(
            "cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c");

    private final SessionState state;
    private final CertificateCache certificates;

    HandshakeDecoder(SessionState state, CertificateCache certificates) {
        this.state = state;
        this.certificates = certificates;
    }

    /** Decodes one message of the given type whose body {@code body} holds, sent in direction {@code from}. */
    void decode(int type, Direction from, TlsReader body) {
        boolean fromClient = from == Direction.TO_SERVER;
        switch (type) {
            case CLIENT_HELLO -> {
                if (expectSender(body, fromClient, true)) {
                    decodeClientHello(body);
                }
            }
            case SERVER_HELLO -> {
                if (expectSender(body, fromClient, false)) {
                    decodeServerHello(body);
                }
            }
            case CERTIFICATE -> decodeCertificate(body, fromClient);
            case CERTIFICATE_REQUEST -> state.certificateRequest = Boolean.TRUE;
            case ENCRYPTED_EXTENSIONS -> decodeEncryptedExtensions(body);
            case NEW_SESSION_TICKET -> {
                if (state.tls13 && !fromClient) {
                    decodeNewSessionTicket(body);
                }
            }
            case FINISHED -> {
                if (fromClient) {
                    state.clientFinishedSeen = true;
                } else {
                    state.serverFinishedSeen = true;
                    // RFC 8446 4.3.2: a CertificateRequest, if any, comes before the server's Finished
                    if (state.tls13 && state.certificateRequest == null) {
                        state.certificateRequest = Boolean.FALSE;
                    }
                }
            }
            case SERVER_HELLO_DONE -> {
                // RFC 5246 7.4.4: a CertificateRequest, if any, comes before ServerHelloDone
                if (state.certificateRequest == null) {
                    state.certificateRequest = Boolean.FALSE;
                }
                body.expectEnd();
            }
            case END_OF_EARLY_DATA, SERVER_KEY_EXCHANGE, CERTIFICATE_VERIFY, CLIENT_KEY_EXCHANGE, KEY_UPDATE -> {
                // carried, but nothing in them bears on the facts this decoder reports
            }
            default -> body.fail(TlsAnomalies.HANDSHAKE_UNKNOWN_TYPE,
                    "handshake type " + type + " is not a known message; skipped " + body.remaining() + " bytes");
        }
    }

    private static boolean expectSender(TlsReader body, boolean fromClient, boolean clientMessage) {
        if (fromClient != clientMessage) {
            body.fail(TlsAnomalies.HANDSHAKE_UNEXPECTED_SENDER, "sent by the " + (fromClient ? "client" : "server")
                    + ", expected from the " + (clientMessage ? "client" : "server") + "; skipped");
            return false;
        }
        return true;
    }

    /** RFC 8446 4.1.2 / RFC 5246 7.4.1.2. */
    private void decodeClientHello(TlsReader in) {
        state.clientHelloSeen = true;
        int legacyVersion = in.readUint16("legacy_version");
        byte[] random = in.readBytes(RANDOM_LENGTH, "random");
        byte[] sessionId = readSessionId(in, "legacy_session_id");
        if (!in.ok()) {
            return;
        }
        state.clientRandom = random;
        state.clientSessionId = sessionId;

        TlsReader suites = in.readVector(2, "cipher_suites");
        if (suites == null) {
            return;
        }
        state.cipherSuitesOffered = readUint16List(suites, "cipher_suite");

        if (in.readVector(1, "legacy_compression_methods") == null) {
            return;
        }

        // RFC 5246 7.4.1.2: a ClientHello may end here, without extensions
        HelloInputs inputs = new HelloInputs();
        if (in.hasRemaining()) {
            TlsReader extensions = in.readVector(2, "extensions");
            if (extensions != null) {
                readClientExtensions(extensions, inputs);
            }
        }
        in.expectEnd();

        // the fingerprints describe the first ClientHello (the one a HelloRetryRequest answers)
        state.lastClientHelloFields = new ClientHelloFields(legacyVersion, state.cipherSuitesOffered,
                inputs.extensionTypes, inputs.supportedGroups, inputs.ecPointFormats,
                inputs.signatureAlgorithms, inputs.alpn, inputs.supportedVersions, false);
        if (state.clientHelloFields == null) {
            state.clientHelloFields = state.lastClientHelloFields;
        }
    }

    /** The ClientHello fields only the fingerprints read, numeric and in wire order (GREASE included). */
    private static final class HelloInputs {
        final List<Integer> extensionTypes = new ArrayList<>();
        List<Integer> supportedGroups = List.of();
        List<Integer> ecPointFormats = List.of();
        List<Integer> signatureAlgorithms = List.of();
        List<String> alpn = List.of();
        List<Integer> supportedVersions = List.of();
    }

    /** RFC 8446 4.1.3 / RFC 5246 7.4.1.3; a HelloRetryRequest has the same layout. */
    private void decodeServerHello(TlsReader in) {
        int legacyVersion = in.readUint16("legacy_version");
        byte[] random = in.readBytes(RANDOM_LENGTH, "random");
        byte[] sessionIdEcho = readSessionId(in, "legacy_session_id_echo");
        int cipherSuite = in.readUint16("cipher_suite");
        in.readUint8("legacy_compression_method");
        if (!in.ok()) {
            return;
        }
        boolean retry = Arrays.equals(random, HELLO_RETRY_REQUEST_RANDOM);
        state.cipher = TlsNames.cipherSuite(cipherSuite);
        state.cipherSuite = cipherSuite;
        if (retry) {
            state.helloRetryRequest = true;
            state.tls13 = true;
        } else {
            state.serverHelloSeen = true;
            state.version = TlsNames.version(legacyVersion);
            state.recordServerSessionId(sessionIdEcho);
            state.serverRandom = random;
        }

        List<Integer> extensionTypes = new ArrayList<>();
        if (in.hasRemaining()) {
            TlsReader extensions = in.readVector(2, "extensions");
            if (extensions != null) {
                readServerExtensions(extensions, retry, extensionTypes);
            }
        }
        in.expectEnd();

        // like the ClientHello's, the first server hello is fingerprinted, a HelloRetryRequest if one came
        state.lastServerHelloFields = new ServerHelloFields(legacyVersion, cipherSuite, extensionTypes);
        state.lastHelloWasRetry = retry;
        if (state.serverHelloFields == null) {
            state.serverHelloFields = state.lastServerHelloFields;
        }
    }

    /** RFC 8446 4.3.1: the extensions the server sends encrypted, the selected ALPN among them. */
    private void decodeEncryptedExtensions(TlsReader in) {
        TlsReader extensions = in.readVector(2, "extensions");
        if (extensions != null) {
            readServerExtensions(extensions, false, new ArrayList<>());
        }
        in.expectEnd();
    }

    /** RFC 8446 4.6.1: lifetime, age_add, nonce, ticket, extensions; the ticket is kept to link resumptions. */
    private void decodeNewSessionTicket(TlsReader in) {
        in.readBytes(4, "ticket_lifetime");
        in.readBytes(4, "ticket_age_add");
        in.readVector(1, "ticket_nonce");
        TlsReader ticket = in.readVector(2, "ticket");
        if (ticket == null) {
            return;
        }
        state.tickets.add(ticket.readBytes(ticket.remaining(), "ticket"));
        in.readVector(2, "extensions");
        in.expectEnd();
    }

    /** RFC 8446 4.2.11: OfferedPsks starts with the identities, each an opaque ticket and its age. */
    private static List<byte[]> readPskIdentities(TlsReader data) {
        List<byte[]> identities = new ArrayList<>();
        TlsReader list = data.readVector(2, "identities");
        while (list != null && list.hasRemaining()) {
            TlsReader identity = list.readVector(2, "identity");
            list.readBytes(4, "obfuscated_ticket_age");
            if (identity == null || !list.ok()) {
                break;
            }
            identities.add(identity.readBytes(identity.remaining(), "identity"));
        }
        return identities;
    }

    /** RFC 5246 7.4.2 (a list of certificates) or RFC 8446 4.4.2 (context, then entries with extensions). */
    private void decodeCertificate(TlsReader in, boolean fromClient) {
        if (state.tls13 && in.readVector(1, "certificate_request_context") == null) {
            return;
        }
        TlsReader list = in.readVector(3, "certificate_list");
        if (list == null) {
            return;
        }
        List<CertificateInfo> chain = fromClient ? state.clientChain : state.serverChain;
        chain.clear();
        if (fromClient) {
            state.clientCertificateSeen = true;
        } else {
            state.serverCertificateSeen = true;
        }
        int index = 0;
        boolean leafDecoded = false;
        while (list.hasRemaining()) {
            index++;
            int entryAt = list.position();
            byte[] der = readCertificateData(list);
            if (!list.ok()) {
                break;
            }
            String[] problem = new String[1];
            Optional<CertificateInfo> info = certificates.decode(der, problem);
            if (info.isPresent()) {
                chain.add(info.get());
                leafDecoded |= index == 1;
            } else {
                list.report(TlsAnomalies.CERTIFICATE_UNDECODABLE, entryAt, String.format(
                        "certificate %d (%d bytes) of the %s: %s", index, der.length,
                        fromClient ? "client" : "server", problem[0]));
            }
        }
        if (fromClient) {
            state.clientCertificateEntries = index;
            state.clientLeafDecoded = leafDecoded;
        } else {
            state.serverLeafDecoded = leafDecoded;
        }
        in.expectEnd();
    }

    private byte[] readCertificateData(TlsReader list) {
        TlsReader data = list.readVector(3, "cert_data");
        if (data == null) {
            return new byte[0];
        }
        byte[] der = data.readBytes(data.remaining(), "cert_data");
        if (state.tls13) {
            // RFC 8446 4.4.2: each CertificateEntry carries its own extensions (OCSP, SCT)
            list.readVector(2, "certificate entry extensions");
        }
        return der;
    }

    private static byte[] readSessionId(TlsReader in, String field) {
        int at = in.position();
        TlsReader id = in.readVector(1, field);
        if (id == null) {
            return new byte[0];
        }
        // RFC 8446 4.1.2: legacy_session_id is 0..32 bytes
        if (id.remaining() > MAX_SESSION_ID_LENGTH) {
            in.report(TlsAnomalies.SESSION_ID_LENGTH_INVALID, at, String.format("%s: %s is %d bytes, at most %d",
                    in.what(), field, id.remaining(), MAX_SESSION_ID_LENGTH));
        }
        return id.readBytes(id.remaining(), field);
    }

    private void readClientExtensions(TlsReader extensions, HelloInputs inputs) {
        while (extensions.hasRemaining()) {
            int type = extensions.readUint16("extension type");
            TlsReader data = extensions.readVector(2, "extension " + TlsNames.extension(type),
                    TlsAnomalies.EXTENSION_LENGTH_OVERRUN, TlsAnomalies.EXTENSION_MALFORMED,
                    TlsAnomalies.EXTENSION_MALFORMED);
            if (data == null) {
                return;
            }
            inputs.extensionTypes.add(type);
            readClientExtension(type, data, inputs);
        }
    }

    private void readClientExtension(int type, TlsReader data, HelloInputs inputs) {
        switch (type) {
            case EXT_SERVER_NAME -> state.sni = readServerName(data);
            case EXT_ALPN -> {
                List<byte[]> names = readProtocolNames(data);
                state.alpnOffered = names.stream().map(HandshakeDecoder::ascii).toList();
                inputs.alpn = names.stream().map(name -> new String(name, StandardCharsets.ISO_8859_1)).toList();
            }
            case EXT_SUPPORTED_VERSIONS -> {
                inputs.supportedVersions = readVersions(data);
                state.supportedVersionsOffered = inputs.supportedVersions.stream().map(TlsNames::version).toList();
            }
            case EXT_KEY_SHARE -> state.keyShareGroupsOffered = readKeyShareGroups(data);
            case EXT_SUPPORTED_GROUPS -> {
                inputs.supportedGroups = readGroups(data);
                state.supportedGroupsOffered = inputs.supportedGroups.stream().map(TlsNames::group).toList();
            }
            case EXT_EC_POINT_FORMATS -> inputs.ecPointFormats = readPointFormats(data);
            case EXT_SIGNATURE_ALGORITHMS -> {
                state.signatureAlgorithmsOffered = readSignatureAlgorithms(data);
                inputs.signatureAlgorithms = state.signatureAlgorithmsOffered;
            }
            case EXT_PRE_SHARED_KEY -> {
                state.pskOffered = true;
                state.pskIdentities = readPskIdentities(data);
            }
            case EXT_EARLY_DATA -> state.earlyDataOffered = true;
            case EXT_SESSION_TICKET -> state.sessionTicketOffered = data.remaining() > 0;
            default -> {
                // other extensions are carried but not decoded
            }
        }
    }

    private void readServerExtensions(TlsReader extensions, boolean retry, List<Integer> types) {
        while (extensions.hasRemaining()) {
            int type = extensions.readUint16("extension type");
            TlsReader data = extensions.readVector(2, "extension " + TlsNames.extension(type),
                    TlsAnomalies.EXTENSION_LENGTH_OVERRUN, TlsAnomalies.EXTENSION_MALFORMED,
                    TlsAnomalies.EXTENSION_MALFORMED);
            if (data == null) {
                return;
            }
            types.add(type);
            readServerExtension(type, data, retry);
        }
    }

    private void readServerExtension(int type, TlsReader data, boolean retry) {
        switch (type) {
            case EXT_SUPPORTED_VERSIONS -> {
                // RFC 8446 4.2.1: the server names the one version it selected
                int selected = data.readUint16("selected_version");
                if (data.ok() && !retry) {
                    state.version = TlsNames.version(selected);
                    state.tls13 = selected == TLS13;
                }
            }
            case EXT_KEY_SHARE -> {
                // RFC 8446 4.2.8: a HelloRetryRequest names a group, a ServerHello a whole KeyShareEntry
                int group = data.readUint16(retry ? "selected_group" : "group");
                if (data.ok()) {
                    state.keyShareSelected = TlsNames.group(group);
                }
            }
            case EXT_PRE_SHARED_KEY -> {
                data.readUint16("selected_identity");
                state.pskAccepted = data.ok() && !retry;
            }
            case EXT_ALPN -> {
                List<byte[]> selected = readProtocolNames(data);
                state.alpnSelected = selected.isEmpty() ? null : ascii(selected.get(0));
            }
            default -> {
                // other extensions are carried but not decoded
            }
        }
    }

    /** RFC 6066 3: the first host_name of the ServerNameList. */
    private static String readServerName(TlsReader data) {
        TlsReader list = data.readVector(2, "server_name_list");
        String hostName = null;
        while (list != null && list.hasRemaining()) {
            int nameType = list.readUint8("name_type");
            TlsReader name = list.readVector(2, "host_name");
            if (name == null) {
                break;
            }
            if (nameType == SERVER_NAME_TYPE_HOST_NAME && hostName == null) {
                hostName = ascii(name.readBytes(name.remaining(), "host_name"));
            }
        }
        return hostName;
    }

    /** RFC 7301 3.1: ProtocolNameList, each name's bytes as sent. */
    private static List<byte[]> readProtocolNames(TlsReader data) {
        List<byte[]> names = new ArrayList<>();
        TlsReader list = data.readVector(2, "protocol_name_list");
        while (list != null && list.hasRemaining()) {
            TlsReader name = list.readVector(1, "protocol_name");
            if (name == null) {
                break;
            }
            names.add(name.readBytes(name.remaining(), "protocol_name"));
        }
        return names;
    }

    private static List<Integer> readVersions(TlsReader data) {
        List<Integer> versions = new ArrayList<>();
        TlsReader list = data.readVector(1, "versions");
        if (list != null) {
            versions.addAll(readUint16List(list, "version"));
        }
        return versions;
    }

    /** RFC 8422 5.1.2: ECPointFormatList, one byte per format. */
    private static List<Integer> readPointFormats(TlsReader data) {
        List<Integer> formats = new ArrayList<>();
        TlsReader list = data.readVector(1, "ec_point_format_list");
        while (list != null && list.hasRemaining()) {
            formats.add(list.readUint8("ec_point_format"));
        }
        return formats;
    }

    private static List<String> readKeyShareGroups(TlsReader data) {
        List<String> groups = new ArrayList<>();
        TlsReader shares = data.readVector(2, "client_shares");
        while (shares != null && shares.hasRemaining()) {
            int group = shares.readUint16("group");
            if (shares.readVector(2, "key_exchange") == null) {
                break;
            }
            groups.add(TlsNames.group(group));
        }
        return groups;
    }

    private static List<Integer> readGroups(TlsReader data) {
        TlsReader list = data.readVector(2, "named_group_list");
        return list == null ? List.of() : readUint16List(list, "named_group");
    }

    private static List<Integer> readSignatureAlgorithms(TlsReader data) {
        TlsReader list = data.readVector(2, "supported_signature_algorithms");
        return list == null ? List.of() : readUint16List(list, "signature_scheme");
    }

    private static List<Integer> readUint16List(TlsReader list, String field) {
        List<Integer> values = new ArrayList<>();
        while (list.hasRemaining()) {
            int value = list.readUint16(field);
            if (list.ok()) {
                values.add(value);
            }
        }
        return values;
    }

    private static String ascii(byte[] bytes) {
        return new String(bytes, StandardCharsets.US_ASCII);
    }
}
