package io.meshproof.engine.http;

import io.meshproof.engine.anomaly.Anomaly;
import io.meshproof.engine.anomaly.AnomalyKind;
import io.meshproof.engine.anomaly.AnomalySink;
import io.meshproof.engine.dissect.Field;
import io.meshproof.engine.dissect.FrameEvents;
import io.meshproof.engine.flow.Direction;
import io.meshproof.engine.tcp.StreamConsumer;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http2.DefaultHttp2HeadersDecoder;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2Headers;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes the exchanges of one HTTP/2 cleartext connection started with prior knowledge (RFC 9113 3.3):
 * the client preface, then frames in both directions. Header blocks (HEADERS, PUSH_PROMISE and their
 * CONTINUATION frames) are decoded with HPACK, one decoder state per direction, to the pseudo-headers of
 * each stream; every other frame is skipped by its length. One exchange per stream.
 */
public final class H2cStreamDecoder implements StreamConsumer {
    /** RFC 9113 4.1: length (24 bits), type, flags, reserved bit and stream id (31 bits). */
    static final int FRAME_HEADER_LENGTH = 9;

    /** RFC 9113 6.5.2: SETTINGS_MAX_FRAME_SIZE before any SETTINGS frame. */
    static final int DEFAULT_MAX_FRAME_SIZE = 16_384;

    /** A header block, with its CONTINUATION frames, longer than this is refused. */
    static final int MAX_HEADER_BLOCK_BYTES = 256 * 1024;

    /** Passed to HPACK as the header list limit: an observer takes what the peers accepted. */
    private static final long MAX_HEADER_LIST_BYTES = 1L << 30;

    /** RFC 7541 4.2: accept any dynamic table size update the encoder signals. */
    private static final long MAX_HEADER_TABLE_BYTES = 0xFFFF_FFFFL;

    private static final int TYPE_HEADERS = 0x1;
    private static final int TYPE_SETTINGS = 0x4;
    private static final int TYPE_PUSH_PROMISE = 0x5;
    private static final int TYPE_CONTINUATION = 0x9;

    private static final int FLAG_ACK = 0x1;
    private static final int FLAG_END_HEADERS = 0x4;
    private static final int FLAG_PADDED = 0x8;
    private static final int FLAG_PRIORITY = 0x20;

    private static final int SETTINGS_ENTRY_LENGTH = 6;
    private static final int SETTINGS_MAX_FRAME_SIZE = 0x5;
    private static final int PRIORITY_FIELDS_LENGTH = 5;
    private static final int PROMISED_STREAM_ID_LENGTH = 4;

    private final AnomalySink sink;
    private final FrameReader client = new FrameReader(Direction.TO_SERVER);
    private final FrameReader server = new FrameReader(Direction.TO_CLIENT);
    private final Map<Integer, PendingExchange> exchanges = new LinkedHashMap<>();
    private long lastFrame;
    private FrameEvents events = FrameEvents.NONE;

    // RFC 9113 6: the frame types, by their number, as Wireshark's info column names them
    private static final List<String> FRAME_TYPES = List.of("DATA", "HEADERS", "PRIORITY", "RST_STREAM",
            "SETTINGS", "PUSH_PROMISE", "PING", "GOAWAY", "WINDOW_UPDATE", "CONTINUATION");

    public H2cStreamDecoder(AnomalySink sink) {
        this.sink = sink;
    }

    /**
     * Reports the preface and every frame from now on to {@code events}, for {@code meshproof dissect}; a header
     * block is reported once its last frame is decoded, with its header fields.
     */
    public void reportFramesTo(FrameEvents events) {
        this.events = events;
    }

    private void reportFrame(long frame, int type, int streamId, int length, int flags) {
        String name = type < FRAME_TYPES.size() ? FRAME_TYPES.get(type) : "Unknown type (" + type + ")";
        events.layer(frame, "HTTP2", name + "[" + streamId + "]", List.of(
                Field.of("http2.type", name + " (" + type + ")"), Field.of("http2.streamid", streamId),
                Field.of("http2.length", length), Field.of("http2.flags", String.format("0x%02x", flags)),
                Field.undecoded("the payload of this frame is not shown")));
    }

    private void reportHeaderBlock(long frame, int streamId, Http2Headers headers) {
        List<Field> fields = new ArrayList<>();
        fields.add(Field.of("http2.type", "HEADERS (1)"));
        fields.add(Field.of("http2.streamid", streamId));
        for (Map.Entry<CharSequence, CharSequence> header : headers) {
            fields.add(Field.tree("http2.header", header.getKey(), List.of(Field.of("http2.header.name",
                    header.getKey()), Field.of("http2.header.value", header.getValue()))));
        }
        String info = headers.method() != null ? headers.method() + " " + headers.path()
                : headers.status() != null ? headers.status() + reason(headers.status()) : "";
        events.layer(frame, "HTTP2", "HEADERS[" + streamId + "]" + (info.isEmpty() ? "" : ": " + info), fields);
    }

    /** " OK" after "200", as Wireshark adds the standard reason phrase; "" for codes it is not listed for. */
    private static String reason(CharSequence status) {
        return switch (status.toString()) {
            case "200" -> " OK";
            case "201" -> " Created";
            case "204" -> " No Content";
            case "301" -> " Moved Permanently";
            case "302" -> " Found";
            case "304" -> " Not Modified";
            case "400" -> " Bad Request";
            case "401" -> " Unauthorized";
            case "403" -> " Forbidden";
            case "404" -> " Not Found";
            case "500" -> " Internal Server Error";
            case "502" -> " Bad Gateway";
            case "503" -> " Service Unavailable";
            default -> "";
        };
    }

    /** The exchanges decoded so far, in the order their streams were first seen. */
    public List<HttpExchange> exchanges() {
        return exchanges.values().stream().map(PendingExchange::toExchange).toList();
    }

    @Override
    public void onData(Direction direction, byte[] data, int offset, int length, long frame) {
        lastFrame = frame;
        reader(direction).read(data, offset, length, frame);
    }

    @Override
    public void onGap(Direction direction, long missingBytes, long frame) {
        lastFrame = frame;
        reader(direction).gap(missingBytes, frame);
    }

    @Override
    public void onEnd() {
        client.end(lastFrame);
        server.end(lastFrame);
    }

    private FrameReader reader(Direction direction) {
        return direction == Direction.TO_SERVER ? client : server;
    }

    private void onHeaderBlock(Direction direction, int streamId, Http2Headers headers, long frame) {
        if (direction == Direction.TO_SERVER) {
            PendingExchange exchange = exchanges.computeIfAbsent(streamId, id -> new PendingExchange());
            if (exchange.method == null && headers.method() != null) {
                exchange.setRequest(headers, frame);
            }
            return;
        }
        CharSequence status = headers.status();
        if (status == null) {
            return;
        }
        int code = decodeStatus(status);
        // RFC 9113 8.1: 1xx responses are interim; the final response follows on the same stream.
        if (code / 100 == 1) {
            return;
        }
        PendingExchange exchange = exchanges.get(streamId);
        if (exchange == null) {
            sink.report(new Anomaly(HttpAnomalies.H2_RESPONSE_UNSOLICITED, frame, -1,
                    "response " + status + " on stream " + streamId + ", expected request headers first"));
            exchange = new PendingExchange();
            exchanges.put(streamId, exchange);
        }
        if (exchange.status == null) {
            exchange.status = code;
            exchange.responseFrame = frame;
        }
    }

    private void onPushPromise(int promisedStreamId, Http2Headers headers, long frame) {
        PendingExchange exchange = exchanges.computeIfAbsent(promisedStreamId, id -> new PendingExchange());
        exchange.setRequest(headers, frame);
    }

    private static int decodeStatus(CharSequence status) {
        String text = status.toString();
        boolean valid = text.length() == 3 && text.chars().allMatch(Character::isDigit);
        return valid ? Integer.parseInt(text) : 0;
    }

    /** One stream's exchange while it is decoded. */
    private static final class PendingExchange {
        private String method;
        private String path;
        private String host;
        private long requestFrame;
        private Integer status;
        private Long responseFrame;

        void setRequest(Http2Headers headers, long frame) {
            method = text(headers.method());
            path = text(headers.path());
            CharSequence authority = headers.authority() != null ? headers.authority() : headers.get("host");
            host = text(authority);
            requestFrame = frame;
        }

        HttpExchange toExchange() {
            return new HttpExchange(method, path, host, status, "HTTP/2", requestFrame, responseFrame);
        }

        private static String text(CharSequence value) {
            return value == null ? null : value.toString();
        }
    }

    /** Reads the frames of one direction, keeping that direction's HPACK state. */
    private final class FrameReader {
        private final Direction direction;
        /** Built at the first header block: most directions of most flows carry few, some none. */
        private DefaultHttp2HeadersDecoder hpack;

        private byte[] buffer = new byte[4096];
        private int readIndex;
        private int writeIndex;
        private long bufferStreamOffset;

        private boolean prefaceExpected;
        private boolean firstFrame = true;
        private boolean stopped;
        private long skipRemaining;
        /** Set by the peer's SETTINGS: the largest frame this direction may carry. */
        private int maxFrameSize = DEFAULT_MAX_FRAME_SIZE;

        private ByteArrayOutputStream openBlock;
        private int openBlockStreamId;
        private int openBlockPromisedStreamId;

        FrameReader(Direction direction) {
            this.direction = direction;
            this.prefaceExpected = direction == Direction.TO_SERVER;
        }

        private DefaultHttp2HeadersDecoder hpack() {
            if (hpack == null) {
                hpack = new DefaultHttp2HeadersDecoder(false, false, MAX_HEADER_LIST_BYTES);
                try {
                    hpack.maxHeaderTableSize(MAX_HEADER_TABLE_BYTES);
                } catch (Http2Exception e) {
                    throw new IllegalStateException("HPACK refused its documented maximum table size", e);
                }
            }
            return hpack;
        }

        void read(byte[] data, int offset, int length, long frame) {
            if (stopped) {
                return;
            }
            int skipped = (int) Math.min(skipRemaining, length);
            skipRemaining -= skipped;
            bufferStreamOffset += skipped;
            append(data, offset + skipped, length - skipped);
            boolean progressed = true;
            while (progressed && !stopped) {
                progressed = prefaceExpected ? readPreface(frame) : readFrame(frame);
            }
            compact();
        }

        void gap(long missingBytes, long frame) {
            if (stopped) {
                return;
            }
            boolean insideSkippedPayload = readIndex == writeIndex && missingBytes >= 0
                    && missingBytes <= skipRemaining;
            if (insideSkippedPayload) {
                skipRemaining -= missingBytes;
                bufferStreamOffset += missingBytes;
                return;
            }
            stop(HttpAnomalies.H2_STREAM_GAP, frame, writeIndex,
                    (missingBytes < 0 ? "an unknown number of" : missingBytes)
                            + " bytes missing, expected contiguous frames");
        }

        void end(long frame) {
            boolean partial = readIndex < writeIndex || skipRemaining > 0 || openBlock != null;
            if (!stopped && partial) {
                stop(HttpAnomalies.H2_FRAME_INCOMPLETE, frame, readIndex, "stream ended with "
                        + (writeIndex - readIndex + skipRemaining) + " bytes of an unfinished frame"
                        + (openBlock != null ? " inside a header block" : "") + ", expected whole frames");
            }
        }

        /** RFC 9113 3.4: the client sends the 24-byte preface before its first frame. */
        private boolean readPreface(long frame) {
            int available = writeIndex - readIndex;
            if (!HttpDetector.looksLikeH2Preface(buffer, readIndex, available)) {
                stop(HttpAnomalies.H2_PREFACE_INVALID, frame, readIndex,
                        "found " + hex(readIndex, Math.min(available, 24)) + ", expected 'PRI * HTTP/2.0'");
                return false;
            }
            if (available < HttpDetector.H2_PREFACE.length) {
                return false;
            }
            readIndex += HttpDetector.H2_PREFACE.length;
            prefaceExpected = false;
            if (events.enabled()) {
                events.layer(frame, "HTTP2", "Magic", List.of(Field.of("http2.magic", "PRI * HTTP/2.0")));
            }
            return true;
        }

        private boolean readFrame(long frame) {
            if (writeIndex - readIndex < FRAME_HEADER_LENGTH) {
                return false;
            }
            int headerIndex = readIndex;
            int length = readUnsigned24(headerIndex);
            int type = buffer[headerIndex + 3] & 0xFF;
            int flags = buffer[headerIndex + 4] & 0xFF;
            int streamId = readInt(headerIndex + 5) & 0x7FFF_FFFF;
            boolean needsPayload = type == TYPE_HEADERS || type == TYPE_PUSH_PROMISE
                    || type == TYPE_CONTINUATION || type == TYPE_SETTINGS;
            if (needsPayload && writeIndex - readIndex < FRAME_HEADER_LENGTH + length) {
                return false;
            }
            checkFrameHeader(headerIndex, length, type, frame);
            if (stopped) {
                return false;
            }
            readIndex += FRAME_HEADER_LENGTH;
            boolean headerBlock = type == TYPE_HEADERS || type == TYPE_PUSH_PROMISE || type == TYPE_CONTINUATION;
            if (events.enabled() && !headerBlock) {
                reportFrame(frame, type, streamId, length, flags);
            }
            if (!needsPayload) {
                skipPayload(length);
                return true;
            }
            int payloadIndex = readIndex;
            readIndex += length;
            switch (type) {
                case TYPE_SETTINGS -> readSettings(payloadIndex, length, flags);
                case TYPE_CONTINUATION -> readContinuation(headerIndex, payloadIndex, length, flags, streamId,
                        frame);
                default -> readHeaderBlockStart(headerIndex, payloadIndex, length, type, flags, streamId, frame);
            }
            return !stopped;
        }

        /** Anomalies that concern the frame header alone, in the order RFC 9113 checks them. */
        private void checkFrameHeader(int headerIndex, int length, int type, long frame) {
            if (openBlock != null && type != TYPE_CONTINUATION) {
                stop(HttpAnomalies.H2_CONTINUATION_MISSING, frame, headerIndex, "frame type " + type
                        + " inside the header block of stream " + openBlockStreamId + ", expected CONTINUATION");
                return;
            }
            if (firstFrame && type != TYPE_SETTINGS) {
                report(HttpAnomalies.H2_SETTINGS_MISSING, frame, headerIndex,
                        "first frame has type " + type + ", expected SETTINGS (4)");
            }
            firstFrame = false;
            if (length > maxFrameSize) {
                report(HttpAnomalies.H2_FRAME_TOO_LARGE, frame, headerIndex,
                        "frame length " + length + ", expected at most " + maxFrameSize);
            }
        }

        private void skipPayload(int length) {
            int skipped = Math.min(length, writeIndex - readIndex);
            readIndex += skipped;
            skipRemaining = length - skipped;
        }

        /** RFC 9113 6.5.1: a list of (identifier, value) pairs; MAX_FRAME_SIZE limits the other direction. */
        private void readSettings(int payloadIndex, int length, int flags) {
            if ((flags & FLAG_ACK) != 0) {
                return;
            }
            for (int i = 0; i + SETTINGS_ENTRY_LENGTH <= length; i += SETTINGS_ENTRY_LENGTH) {
                int identifier = ((buffer[payloadIndex + i] & 0xFF) << 8) | (buffer[payloadIndex + i + 1] & 0xFF);
                long value = readInt(payloadIndex + i + 2) & 0xFFFF_FFFFL;
                if (identifier == SETTINGS_MAX_FRAME_SIZE && value <= 0xFF_FFFF) {
                    peer().maxFrameSize = (int) value;
                }
            }
        }

        /**
         * RFC 9113 6.2 and 6.6: [pad length] [priority: 5 bytes] or [promised stream id: 4 bytes],
         * then the header block fragment, then padding.
         */
        private void readHeaderBlockStart(int headerIndex, int payloadIndex, int length, int type, int flags,
                int streamId, long frame) {
            boolean padded = (flags & FLAG_PADDED) != 0;
            int padLength = padded && length > 0 ? buffer[payloadIndex] & 0xFF : 0;
            int fieldsLength = (padded ? 1 : 0)
                    + (type == TYPE_PUSH_PROMISE ? PROMISED_STREAM_ID_LENGTH
                    : (flags & FLAG_PRIORITY) != 0 ? PRIORITY_FIELDS_LENGTH : 0);
            if ((padded && length == 0) || fieldsLength + padLength > length) {
                stop(HttpAnomalies.H2_PADDING_INVALID, frame, headerIndex, "payload of " + length
                        + " bytes, expected at least " + (fieldsLength + padLength)
                        + " for pad length, priority or promised stream id and padding");
                return;
            }
            if (streamId == 0) {
                report(HttpAnomalies.H2_STREAM_ID_INVALID, frame, headerIndex,
                        "frame type " + type + " on stream 0, expected a stream id above 0");
            }
            int promisedIdIndex = payloadIndex + (padded ? 1 : 0);
            openBlockPromisedStreamId = type == TYPE_PUSH_PROMISE ? readInt(promisedIdIndex) & 0x7FFF_FFFF : 0;
            openBlockStreamId = streamId;
            openBlock = new ByteArrayOutputStream();
            openBlock.write(buffer, payloadIndex + fieldsLength, length - fieldsLength - padLength);
            if ((flags & FLAG_END_HEADERS) != 0) {
                decodeOpenBlock(headerIndex, frame);
            }
        }

        /** RFC 9113 6.10: more of the open header block, on the same stream. */
        private void readContinuation(int headerIndex, int payloadIndex, int length, int flags, int streamId,
                long frame) {
            if (openBlock == null || streamId != openBlockStreamId) {
                String expected = openBlock == null ? "no CONTINUATION outside a header block"
                        : "stream " + openBlockStreamId;
                stop(HttpAnomalies.H2_CONTINUATION_UNEXPECTED, frame, headerIndex,
                        "CONTINUATION on stream " + streamId + ", expected " + expected);
                return;
            }
            if (openBlock.size() + length > MAX_HEADER_BLOCK_BYTES) {
                stop(HttpAnomalies.H2_HEADER_BLOCK_TOO_LARGE, frame, headerIndex,
                        "header block over " + MAX_HEADER_BLOCK_BYTES + " bytes, expected less");
                return;
            }
            openBlock.write(buffer, payloadIndex, length);
            if ((flags & FLAG_END_HEADERS) != 0) {
                decodeOpenBlock(headerIndex, frame);
            }
        }

        private void decodeOpenBlock(int headerIndex, long frame) {
            byte[] block = openBlock.toByteArray();
            openBlock = null;
            Http2Headers headers;
            try {
                headers = hpack().decodeHeaders(openBlockStreamId, Unpooled.wrappedBuffer(block));
            } catch (Http2Exception | RuntimeException e) {
                // HPACK state is shared by every later block of this direction: after a failure it is lost.
                stop(HttpAnomalies.H2_HPACK_INVALID, frame, headerIndex,
                        "header block of " + block.length + " bytes on stream " + openBlockStreamId + ": "
                                + e.getMessage() + ", expected valid HPACK");
                return;
            }
            if (events.enabled()) {
                reportHeaderBlock(frame, openBlockStreamId, headers);
            }
            if (openBlockStreamId == 0) {
                return;
            }
            if (openBlockPromisedStreamId != 0) {
                onPushPromise(openBlockPromisedStreamId, headers, frame);
            } else {
                onHeaderBlock(direction, openBlockStreamId, headers, frame);
            }
        }

        private FrameReader peer() {
            return this == client ? server : client;
        }

        private void stop(AnomalyKind kind, long frame, int bufferIndex, String detail) {
            report(kind, frame, bufferIndex, detail);
            stopped = true;
            openBlock = null;
            readIndex = writeIndex;
        }

        private void report(AnomalyKind kind, long frame, int bufferIndex, String detail) {
            String side = direction == Direction.TO_SERVER ? "client: " : "server: ";
            sink.report(new Anomaly(kind, frame, bufferStreamOffset + bufferIndex, side + detail));
        }

        private int readUnsigned24(int index) {
            return ((buffer[index] & 0xFF) << 16) | ((buffer[index + 1] & 0xFF) << 8) | (buffer[index + 2] & 0xFF);
        }

        private int readInt(int index) {
            return ((buffer[index] & 0xFF) << 24) | ((buffer[index + 1] & 0xFF) << 16)
                    | ((buffer[index + 2] & 0xFF) << 8) | (buffer[index + 3] & 0xFF);
        }

        private String hex(int from, int length) {
            StringBuilder out = new StringBuilder();
            for (int i = from; i < from + length; i++) {
                out.append(String.format("%02x", buffer[i] & 0xFF));
            }
            return out.length() == 0 ? "nothing" : out.toString();
        }

        private void append(byte[] data, int offset, int length) {
            if (length == 0) {
                return;
            }
            if (writeIndex + length > buffer.length) {
                compact();
                if (writeIndex + length > buffer.length) {
                    buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, writeIndex + length));
                }
            }
            System.arraycopy(data, offset, buffer, writeIndex, length);
            writeIndex += length;
        }

        private void compact() {
            if (readIndex == 0) {
                return;
            }
            System.arraycopy(buffer, readIndex, buffer, 0, writeIndex - readIndex);
            bufferStreamOffset += readIndex;
            writeIndex -= readIndex;
            readIndex = 0;
        }
    }
}
