package io.meshproof.engine.tls;

import io.meshproof.engine.anomaly.Anomaly;
import io.meshproof.engine.anomaly.AnomalySink;
import io.meshproof.engine.anomaly.Severity;
import io.meshproof.engine.flow.Direction;
import io.meshproof.engine.tcp.StreamConsumer;

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

    private final AnomalySink sink;
    private final SessionState state = new SessionState();
    private final HandshakeDecoder handshakes = new HandshakeDecoder(state);
    private final Side client;
    private final Side server;

    public TlsStreamDecoder(AnomalySink sink) {
        this.sink = anomaly -> {
            if (anomaly.severity() != Severity.NOTE) {
                state.partial = true;
            }
            sink.report(anomaly);
        };
        this.client = new Side(Direction.TO_SERVER);
        this.server = new Side(Direction.TO_CLIENT);
    }

    /** An immutable snapshot of what was decoded so far; valid at any time, final after {@link #onEnd()}. */
    public TlsSession session() {
        return state.snapshot();
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
    }

    @Override
    public void onEnd() {
        client.end();
        server.end();
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

        Side(Direction direction) {
            this.direction = direction;
            this.records = new RecordReader(this, sink);
        }

        @Override
        public boolean wantsBody(int contentType) {
            return contentType == CHANGE_CIPHER_SPEC || contentType == ALERT
                    || contentType == HANDSHAKE && !encrypted && !handshakeStopped;
        }

        @Override
        public void onRecord(int contentType, int length, byte[] body, boolean lost, long streamOffset,
                long frame) {
            lastFrame = frame;
            state.records++;
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

        private void onChangeCipherSpec() {
            // RFC 8446 D.4: in TLS 1.3 ChangeCipherSpec is a dummy for middleboxes; before 1.2 it switches keys
            if (state.tls13 || !state.serverHelloSeen) {
                return;
            }
            encrypted = true;
            if (direction == Direction.TO_CLIENT) {
                state.serverChangeCipherSpecSeen = true;
            }
        }

        private void onAlert(byte[] body, boolean lost, long streamOffset, long frame) {
            if (encrypted || lost) {
                return;
            }
            if (body.length != ALERT_LENGTH) {
                sink.report(new Anomaly(TlsAnomalies.ALERT_MALFORMED, frame, streamOffset,
                        "alert record of " + body.length + " bytes, expected " + ALERT_LENGTH));
                return;
            }
            state.alerts.add(TlsNames.alert(body[0] & 0xFF, body[1] & 0xFF));
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
            while (!handshakeStopped && !encrypted && decodeNextMessage(frame)) {
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
            if (type == HandshakeDecoder.SERVER_HELLO && state.tls13 && state.serverHelloSeen) {
                // RFC 8446 2: everything after the ServerHello is encrypted
                client.encrypted = true;
                server.encrypted = true;
            }
            return true;
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
