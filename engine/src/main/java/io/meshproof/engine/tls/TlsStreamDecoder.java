package io.meshproof.engine.tls;

import io.meshproof.engine.anomaly.Anomaly;
import io.meshproof.engine.anomaly.AnomalySink;
import io.meshproof.engine.anomaly.Severity;
import io.meshproof.engine.dissect.Field;
import io.meshproof.engine.dissect.FrameEvents;
import io.meshproof.engine.flow.Direction;
import io.meshproof.engine.keylog.SecretLabel;
import io.meshproof.engine.keylog.SecretStore;
import io.meshproof.engine.keylog.SessionSecrets;
import io.meshproof.engine.tcp.StreamConsumer;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Decodes the TLS of one TCP connection from its reassembled bytes, without keys: records, the handshake
 * messages sent in clear (reassembled across records and segments), alerts in clear, and the sizes of
 * encrypted records. {@link #session()} returns what was learnt.
 *
 * <p>What is encrypted is not decoded: in TLS 1.2 and older, everything a side sends after its
 * ChangeCipherSpec (its Finished included); in TLS 1.3, everything after the ServerHello (the
 * ChangeCipherSpec records of middlebox compatibility mode change nothing).
 *
 * <p>Evidence of client authentication ({@link ClientAuth}):
 * <ul>
 *   <li>UNKNOWN when no ClientHello or no ServerHello was seen (the capture started mid-stream), or the
 *       session was resumed (TLS 1.3: the ServerHello accepts a pre_shared_key; TLS 1.2: the ServerHello
 *       echoes the client's session id and the server's ChangeCipherSpec comes without a Certificate).
 *   <li>PROVEN when the client's Certificate message was seen in clear with a non-empty chain.
 *   <li>TLS 1.2 and older: ABSENT when the server's ServerHelloDone came without a CertificateRequest, or the
 *       client's Certificate message holds an empty chain; UNKNOWN while neither is known.
 *   <li>TLS 1.3: the client's flight is measured as the length of the client's <em>first application_data
 *       record after the ServerHello</em> (not a HelloRetryRequest; ChangeCipherSpec records do not count).
 *       INFERRED when it is over 300 bytes, ABSENT otherwise, UNKNOWN while no such record was seen. The
 *       client's Certificate is the first message of its flight and a TLS 1.3 record holds one content
 *       type, so that record holds the start of the chain when there is one, while a bare Finished is
 *       under 80 bytes. Summing every client record up to the server's next record would also count an
 *       HTTP request sent right behind the Finished (a 53-byte Finished followed by a 459-byte request
 *       in the corpus), which would turn a one-way TLS client into an inferred certificate holder.
 * </ul>
 *
 * <p>With secrets ({@link SecretStore}: NSS key logs, from files or from the capture) the decoder also opens
 * what is encrypted: in TLS 1.3 the handshake after the ServerHello (EncryptedExtensions, CertificateRequest,
 * both Certificates, CertificateVerify, Finished, NewSessionTicket, KeyUpdate) and the application data
 * (RFC 8446 5.2, 7.1-7.3); in TLS 1.2 the Finished and the application data of the AEAD suites (RFC 5246
 * 6.2.3.3, RFC 5288, RFC 7905) from the CLIENT_RANDOM master secret. Decrypted handshake messages are
 * decoded as if seen in clear, so a client Certificate makes the evidence PROVEN and a decrypted server
 * flight without CertificateRequest (or a client flight without a chain) makes it ABSENT. Decrypted
 * application data goes to the plaintext {@link StreamConsumer}. A record that does not authenticate stops
 * decryption of the connection with one {@link TlsAnomalies#DECRYPT_FAILED}; the facts seen without keys
 * stay. Secrets never reach an anomaly, a log line or {@link #session()}: only where they came from does.
 *
 * <p>A gap that ends inside a record only loses that record; after any other gap, decoding of that direction
 * resumes only if the next bytes start a record header, and stops otherwise. Malformed bytes never throw:
 * they are reported to the {@link AnomalySink} (ids in {@link TlsAnomalies}, offsets counted from the start
 * of the direction's stream) and decoding carries on where it can. Not thread-safe; one instance per flow.
 */
public final class TlsStreamDecoder implements StreamConsumer {
    private static final int CHANGE_CIPHER_SPEC = 20;
    private static final int ALERT = 21;
    private static final int HANDSHAKE = 22;
    private static final int APPLICATION_DATA = 23;
    private static final int ALERT_LENGTH = 2;
    // generous for certificate chains (RFC 8446 allows 2^24 - 1) while bounding memory per flow
    static final int MAX_HANDSHAKE_LENGTH = 1 << 18;

    // RFC 5246 6.3: the key block of an AEAD suite has no MAC keys, then two write keys and two write IVs
    private static final String KEY_EXPANSION = "key expansion";

    private final AnomalySink sink;
    private final SessionState state = new SessionState();
    private final HandshakeDecoder handshakes;
    private final SecretStore secretStore;
    private final StreamConsumer plaintext;
    private final Side client;
    private final Side server;
    private Optional<SessionSecrets> secrets;
    private AeadSuite suite;
    private FrameEvents events = FrameEvents.NONE;

    /** A decoder without keys: nothing encrypted is opened. */
    public TlsStreamDecoder(AnomalySink sink) {
        this(sink, SecretStore.NONE, null);
    }

    /**
     * @param secretStore where the connection's secrets are looked up, once its randoms are known
     * @param plaintext receives the decrypted application data of each direction, in order; may be null
     */
    public TlsStreamDecoder(AnomalySink sink, SecretStore secretStore, StreamConsumer plaintext) {
        this(sink, secretStore, plaintext, new CertificateCache());
    }

    /**
     * @param certificates decoded certificates shared by the connections of one analysis
     */
    public TlsStreamDecoder(AnomalySink sink, SecretStore secretStore, StreamConsumer plaintext,
            CertificateCache certificates) {
        this.handshakes = new HandshakeDecoder(state, certificates);
        this.secretStore = secretStore;
        this.plaintext = plaintext;
        this.sink = anomaly -> {
            if (anomaly.severity() != Severity.NOTE) {
                state.partial = true;
            }
            sink.report(anomaly);
        };
        this.client = new Side(Direction.TO_SERVER);
        this.server = new Side(Direction.TO_CLIENT);
    }

    /**
     * Reports every record from now on to {@code events}, with its handshake messages (those decrypted too),
     * for {@code meshproof dissect}. Without a call nothing is built for it.
     */
    public void reportFramesTo(FrameEvents events) {
        this.events = events;
    }

    /** An immutable snapshot of what was decoded so far; valid at any time, final after {@link #onEnd()}. */
    public TlsSession session() {
        return state.snapshot();
    }

    /** The ALPN protocol the server selected, once seen (in clear or decrypted); null before. */
    public String alpnSelected() {
        return state.alpnSelected;
    }

    /** True when the bytes start like a TLS record header (content type 20..24, version 3.0..3.4, sane length). */
    public static boolean looksLikeTls(byte[] data, int offset, int length) {
        return length >= RecordReader.HEADER_LENGTH && RecordHeader.check(data, offset) == null;
    }

    /** True when the bytes start a TLS record carrying a ClientHello (handshake type 1). */
    public static boolean looksLikeClientHello(byte[] data, int offset, int length) {
        return looksLikeTls(data, offset, length) && length > RecordReader.HEADER_LENGTH
                && data[offset] == HANDSHAKE && data[offset + RecordReader.HEADER_LENGTH] == 1;
    }

    @Override
    public void onData(Direction direction, byte[] data, int offset, int length, long frame) {
        side(direction).records.read(data, offset, length, frame);
    }

    @Override
    public void onGap(Direction direction, long missingBytes, long frame) {
        Side side = side(direction);
        side.handshake.clear();
        side.records.skip(missingBytes, frame);
        side.stopDecrypting(frame);
        if (plaintext != null) {
            plaintext.onGap(direction, missingBytes, frame);
        }
    }

    @Override
    public void onEnd() {
        client.end();
        server.end();
        if (plaintext != null && state.decryptedRecords > 0) {
            plaintext.onEnd();
        }
    }

    /** The secrets of this connection, looked up once its ClientHello random is known; a note when none. */
    private Optional<SessionSecrets> findSecrets(long frame) {
        if (secrets == null && state.clientRandom != null) {
            secrets = secretStore.find(state.clientRandom);
            if (secrets.isEmpty() && !secretStore.isEmpty()) {
                sink.report(new Anomaly(TlsAnomalies.DECRYPT_NO_SECRETS, frame, -1,
                        "the key logs hold no secrets for this connection's client random; not decrypted"));
            }
            secrets.ifPresent(found -> state.secretSource = found.source());
        }
        return secrets == null ? Optional.empty() : secrets;
    }

    /** The negotiated suite when meshproof can decrypt it; a note when secrets exist but it cannot. */
    private Optional<AeadSuite> findSuite(long frame) {
        if (suite == null) {
            Optional<AeadSuite> found = AeadSuite.find(state.cipherSuite).filter(s -> s.tls13 == state.tls13);
            if (found.isEmpty()) {
                sink.report(new Anomaly(TlsAnomalies.DECRYPT_UNSUPPORTED_CIPHER, frame, -1,
                        "cipher suite " + state.cipher + " is not decrypted (AES-GCM and ChaCha20-Poly1305 are)"));
                secrets = Optional.empty();
                return Optional.empty();
            }
            suite = found.get();
        }
        return Optional.of(suite);
    }

    /** RFC 8446 7.3: after the ServerHello both directions use their handshake traffic secrets. */
    private void startTls13Decryption(long frame) {
        Optional<SessionSecrets> found = findSecrets(frame);
        if (found.isEmpty() || findSuite(frame).isEmpty()) {
            return;
        }
        for (SecretLabel label : List.of(SecretLabel.CLIENT_HANDSHAKE_TRAFFIC_SECRET,
                SecretLabel.SERVER_HANDSHAKE_TRAFFIC_SECRET)) {
            int length = found.get().find(label).map(secret -> secret.length).orElse(suite.hash.lengthBytes);
            if (length != suite.hash.lengthBytes) {
                reportDecryptionFailed(frame, -1, String.format("the logged %s is %d bytes, %s needs %d (secrets "
                        + "of another connection?); not decrypted", label, length, state.cipher,
                        suite.hash.lengthBytes));
                return;
            }
        }
        client.decrypter = tls13Decrypter(found.get(), SecretLabel.CLIENT_HANDSHAKE_TRAFFIC_SECRET);
        server.decrypter = tls13Decrypter(found.get(), SecretLabel.SERVER_HANDSHAKE_TRAFFIC_SECRET);
    }

    private RecordDecrypter tls13Decrypter(SessionSecrets found, SecretLabel label) {
        Optional<byte[]> secret = found.find(label);
        if (secret.isEmpty() || secret.get().length != suite.hash.lengthBytes) {
            return null;
        }
        try {
            return RecordDecrypter.tls13(suite, secret.get());
        } catch (GeneralSecurityException e) {
            return null;
        }
    }

    /** RFC 5246 6.3: key_block = PRF(master_secret, "key expansion", server_random + client_random). */
    private RecordDecrypter tls12Decrypter(Direction direction, long frame) {
        Optional<SessionSecrets> found = findSecrets(frame);
        Optional<byte[]> master = found.flatMap(f -> f.find(SecretLabel.CLIENT_RANDOM));
        if (master.isEmpty() || state.serverRandom == null || findSuite(frame).isEmpty()) {
            return null;
        }
        int keyLength = suite.keyLength;
        int ivLength = suite.fixedIvLength();
        byte[] seed = Arrays.copyOf(state.serverRandom, state.serverRandom.length + state.clientRandom.length);
        System.arraycopy(state.clientRandom, 0, seed, state.serverRandom.length, state.clientRandom.length);
        try {
            byte[] block = KeySchedule.prf(suite.hash, master.get(), KEY_EXPANSION, seed,
                    2 * keyLength + 2 * ivLength);
            boolean fromClient = direction == Direction.TO_SERVER;
            int keyAt = fromClient ? 0 : keyLength;
            int ivAt = 2 * keyLength + (fromClient ? 0 : ivLength);
            return RecordDecrypter.tls12(suite, Arrays.copyOfRange(block, keyAt, keyAt + keyLength),
                    Arrays.copyOfRange(block, ivAt, ivAt + ivLength));
        } catch (GeneralSecurityException e) {
            return null;
        }
    }

    /** The logged secret for the next traffic keys of a TLS 1.3 direction, after its Finished. */
    private RecordDecrypter applicationDecrypter(Direction direction) {
        SecretLabel label = direction == Direction.TO_SERVER ? SecretLabel.CLIENT_TRAFFIC_SECRET_0
                : SecretLabel.SERVER_TRAFFIC_SECRET_0;
        return secrets == null || secrets.isEmpty() ? null : tls13Decrypter(secrets.get(), label);
    }

    private void reportRecordFailed(Direction direction, long streamOffset, long frame) {
        String from = direction == Direction.TO_SERVER ? "client's" : "server's";
        reportDecryptionFailed(frame, streamOffset, String.format(
                "the %s record %d does not authenticate under the secrets from %s (secrets of another "
                        + "connection?); decryption of this connection stops", from,
                direction == Direction.TO_SERVER ? client.protectedRecords : server.protectedRecords,
                state.secretSource));
    }

    /** Once per connection: decryption stops for both directions; what was seen without keys stays. */
    private void reportDecryptionFailed(long frame, long streamOffset, String detail) {
        if (state.decryptionFailed) {
            return;
        }
        state.decryptionFailed = true;
        client.decrypter = null;
        server.decrypter = null;
        sink.report(new Anomaly(TlsAnomalies.DECRYPT_FAILED, frame, streamOffset, detail));
    }

    private Side side(Direction direction) {
        return direction == Direction.TO_SERVER ? client : server;
    }

    /** One direction: its record framing, its handshake reassembly and whether it is encrypted yet. */
    private final class Side implements RecordReader.Handler {
        private final Direction direction;
        private final RecordReader records;
        private final HandshakeBuffer handshake = new HandshakeBuffer();
        private boolean encrypted;
        private boolean handshakeStopped;
        private long lastFrame;
        private RecordDecrypter decrypter;
        private long protectedRecords;
        private long openedRecords;
        // the messages and notes of the record being handled, only while frame events are reported
        private final List<String> infos = new ArrayList<>();
        private final List<Field> fields = new ArrayList<>();
        private boolean decryptedRecord;
        // decrypted application data held back until its record is reported, so the record comes first
        private byte[] heldPlaintext;

        Side(Direction direction) {
            this.direction = direction;
            this.records = new RecordReader(this, sink);
        }

        @Override
        public boolean wantsBody(int contentType) {
            if (encrypted && decrypter != null && contentType != CHANGE_CIPHER_SPEC) {
                return true;
            }
            return contentType == CHANGE_CIPHER_SPEC || contentType == ALERT
                    || contentType == HANDSHAKE && !encrypted && !handshakeStopped;
        }

        @Override
        public void onRecord(int contentType, int length, byte[] body, boolean lost, long streamOffset,
                long frame) {
            if (!events.enabled()) {
                handleRecord(contentType, length, body, lost, streamOffset, frame);
                return;
            }
            infos.clear();
            fields.clear();
            decryptedRecord = false;
            boolean wasEncrypted = encrypted;
            int recordVersion = records.recordVersion();
            handleRecord(contentType, length, body, lost, streamOffset, frame);
            if (lost) {
                fields.add(Field.undecoded("part of this record was not captured"));
            } else if (wasEncrypted && !decryptedRecord && contentType != CHANGE_CIPHER_SPEC) {
                fields.add(Field.undecoded("encrypted (no key log for this connection)"));
            }
            String info = infos.isEmpty() ? TlsFrameFields.recordInfo(contentType, wasEncrypted)
                    : String.join(", ", infos);
            // a HelloRetryRequest already means TLS 1.3 (RFC 8446 4.1.4), before any ServerHello says so
            String negotiated = state.version == null && state.tls13 ? "1.3" : state.version;
            events.layer(frame, TlsFrameFields.protocol(negotiated, recordVersion), info,
                    List.of(TlsFrameFields.record(contentType, recordVersion, length, fields)));
            if (heldPlaintext != null) {
                byte[] content = heldPlaintext;
                heldPlaintext = null;
                plaintext.onData(direction, content, 0, content.length, frame);
            }
        }

        private void handleRecord(int contentType, int length, byte[] body, boolean lost, long streamOffset,
                long frame) {
            lastFrame = frame;
            state.records++;
            if (encrypted && contentType != CHANGE_CIPHER_SPEC) {
                if (contentType == APPLICATION_DATA) {
                    onApplicationData(length);
                }
                if (decrypter != null && body != null) {
                    onProtectedRecord(contentType, body, streamOffset, frame);
                }
                return;
            }
            if (contentType != HANDSHAKE && !handshake.isEmpty()) {
                // RFC 8446 5.1: a handshake message split over records has no other records between them
                reportUnfinishedMessage(frame, "the next record is " + TlsNames.contentType(contentType));
            }
            switch (contentType) {
                case CHANGE_CIPHER_SPEC -> onChangeCipherSpec();
                case ALERT -> onAlert(body, lost, streamOffset, frame);
                case HANDSHAKE -> onHandshakeRecord(body, lost, streamOffset, frame);
                case APPLICATION_DATA -> onApplicationData(length);
                default -> {
                    // heartbeat (RFC 6520): nothing to learn from it
                }
            }
        }

        /** A record under this direction's keys: opened, then handled by its inner content type. */
        private void onProtectedRecord(int contentType, byte[] body, long streamOffset, long frame) {
            protectedRecords++;
            Optional<RecordDecrypter.Plaintext> opened = decrypter.decrypt(contentType, body);
            if (opened.isEmpty()) {
                // RFC 8446 4.2.10: rejected 0-RTT data is protected under keys the log may not hold; skip it
                boolean earlyData = direction == Direction.TO_SERVER && state.earlyDataOffered && openedRecords == 0;
                if (!earlyData) {
                    reportRecordFailed(direction, streamOffset, frame);
                }
                return;
            }
            openedRecords++;
            state.decryptedRecords++;
            decryptedRecord = true;
            int innerType = opened.get().contentType();
            byte[] content = opened.get().content();
            if (innerType != HANDSHAKE && !handshake.isEmpty()) {
                reportUnfinishedMessage(frame, "the next record is " + TlsNames.contentType(innerType));
            }
            switch (innerType) {
                case HANDSHAKE -> onHandshakeRecord(content, false, streamOffset, frame);
                case ALERT -> onAlert(content, false, streamOffset, frame);
                case APPLICATION_DATA -> {
                    if (events.enabled()) {
                        infos.add("Application Data");
                        fields.add(Field.of("tls.app_data_decrypted", content.length + " bytes"));
                        heldPlaintext = plaintext == null ? null : content;
                    } else if (plaintext != null) {
                        plaintext.onData(direction, content, 0, content.length, frame);
                    }
                }
                default -> {
                    // RFC 8446 5: nothing else may be protected; such content is left undecoded
                }
            }
        }

        /** A gap: the record sequence is lost, so this direction cannot be decrypted any further. */
        private void stopDecrypting(long frame) {
            if (decrypter != null) {
                decrypter = null;
                sink.report(new Anomaly(TlsAnomalies.DECRYPT_STOPPED, frame, -1, "bytes of the "
                        + (direction == Direction.TO_SERVER ? "client's" : "server's")
                        + " encrypted stream were not captured; its decryption stops"));
            }
        }

        private void onChangeCipherSpec() {
            // RFC 8446 D.4: in TLS 1.3 ChangeCipherSpec is a dummy for middleboxes; before 1.2 it switches keys
            if (state.tls13 || !state.serverHelloSeen) {
                return;
            }
            encrypted = true;
            if (!state.decryptionFailed) {
                decrypter = tls12Decrypter(direction, lastFrame);
            }
            if (direction == Direction.TO_CLIENT) {
                state.serverChangeCipherSpecSeen = true;
            }
        }

        private void onAlert(byte[] body, boolean lost, long streamOffset, long frame) {
            if (encrypted && decrypter == null || lost) {
                return;
            }
            if (body.length != ALERT_LENGTH) {
                sink.report(new Anomaly(TlsAnomalies.ALERT_MALFORMED, frame, streamOffset,
                        "alert record of " + body.length + " bytes, expected " + ALERT_LENGTH));
                return;
            }
            state.alerts.add(TlsNames.alert(body[0] & 0xFF, body[1] & 0xFF));
            if (events.enabled()) {
                infos.add("Alert (" + TlsNames.alert(body[0] & 0xFF, body[1] & 0xFF) + ")");
                fields.add(Field.of("tls.alert_message.level", body[0] & 0xFF));
                fields.add(Field.of("tls.alert_message.desc", TlsNames.alert(body[0] & 0xFF, body[1] & 0xFF)));
            }
        }

        private void onApplicationData(int length) {
            state.applicationDataRecords++;
            if (direction == Direction.TO_SERVER && state.tls13 && state.serverHelloSeen
                    && state.clientFlightBytes == null) {
                state.clientFlightBytes = length;
            }
        }

        private void onHandshakeRecord(byte[] body, boolean lost, long streamOffset, long frame) {
            if (body == null) {
                if (lost) {
                    handshake.clear();
                }
                return;
            }
            handshake.append(body, streamOffset + RecordReader.HEADER_LENGTH);
            while (!handshakeStopped && (!encrypted || decrypter != null) && decodeNextMessage(frame)) {
                // each pass decodes one whole message from the front of the buffer
            }
        }

        /** Decodes the message at the front of the buffer if it is complete; false when more bytes are needed. */
        private boolean decodeNextMessage(long frame) {
            int length = handshake.peekMessageLength();
            if (length < 0) {
                return false;
            }
            byte[] bytes = handshake.bytes();
            int type = bytes[0] & 0xFF;
            if (length > MAX_HANDSHAKE_LENGTH) {
                sink.report(new Anomaly(TlsAnomalies.HANDSHAKE_LENGTH_INVALID, frame, handshake.streamOffset(0),
                        String.format("%s declares %d bytes, at most %d are accepted; handshake decoding stops",
                                TlsNames.handshakeType(type), length, MAX_HANDSHAKE_LENGTH)));
                handshakeStopped = true;
                handshake.clear();
                return false;
            }
            int total = HandshakeBuffer.MESSAGE_HEADER_LENGTH + length;
            if (handshake.length() < total) {
                return false;
            }
            TlsReader.Site site = new TlsReader.Site(sink, frame, handshake::streamOffset);
            TlsReader reader = TlsReader.ofMessage(site, bytes, HandshakeBuffer.MESSAGE_HEADER_LENGTH, total,
                    TlsNames.handshakeType(type));
            handshakes.decode(type, direction, reader);
            handshake.consume(total);
            if (events.enabled()) {
                infos.add(TlsFrameFields.messageInfo(type, state, state.lastHelloWasRetry));
                fields.add(TlsFrameFields.message(type, length, state, direction == Direction.TO_SERVER,
                        decryptedRecord));
            }
            if (type == HandshakeDecoder.SERVER_HELLO && state.tls13 && state.serverHelloSeen && !encrypted) {
                // RFC 8446 2: everything after the ServerHello is encrypted
                client.encrypted = true;
                server.encrypted = true;
                startTls13Decryption(frame);
            } else if (state.tls13 && decrypter != null) {
                switchKeys(type);
            }
            return true;
        }

        /** RFC 8446 7.2, 7.3: a Finished moves its sender to application keys, a KeyUpdate to the next ones. */
        private void switchKeys(int type) {
            if (type == HandshakeDecoder.FINISHED) {
                decrypter = applicationDecrypter(direction);
            } else if (type == HandshakeDecoder.KEY_UPDATE) {
                try {
                    decrypter = decrypter.next();
                } catch (GeneralSecurityException e) {
                    decrypter = null;
                }
            }
        }

        private void reportUnfinishedMessage(long frame, String why) {
            byte[] bytes = handshake.bytes();
            String detail = handshake.length() < HandshakeBuffer.MESSAGE_HEADER_LENGTH
                    ? String.format("handshake message header needs %d bytes, its records hold %d; %s",
                            HandshakeBuffer.MESSAGE_HEADER_LENGTH, handshake.length(), why)
                    : String.format("%s declares %d bytes, its records hold %d; %s",
                            TlsNames.handshakeType(bytes[0] & 0xFF), handshake.peekMessageLength(),
                            handshake.length() - HandshakeBuffer.MESSAGE_HEADER_LENGTH, why);
            sink.report(new Anomaly(TlsAnomalies.HANDSHAKE_LENGTH_OVERRUN, frame, handshake.streamOffset(0),
                    detail));
            handshake.clear();
        }

        private void end() {
            boolean cutInsideRecord = records.end();
            if (!cutInsideRecord && !handshake.isEmpty()) {
                reportUnfinishedMessage(lastFrame, "the stream ended");
            }
        }
    }
}
