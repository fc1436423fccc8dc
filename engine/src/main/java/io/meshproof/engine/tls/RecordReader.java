package io.meshproof.engine.tls;

import io.meshproof.engine.anomaly.Anomaly;
import io.meshproof.engine.anomaly.AnomalySink;

/**
 * Cuts one direction's reassembled bytes into TLS records (RFC 8446 5.1, RFC 5246 6.2) and hands each
 * complete record to a {@link Handler}. Only the bodies a handler asks for are buffered, so encrypted
 * application data costs no memory. A header that cannot start a record stops the direction for good.
 */
final class RecordReader {
    static final int HEADER_LENGTH = 5;
    // RFC 5246 6.2.3: a TLSCiphertext fragment is at most 2^14 + 2048 bytes
    static final int MAX_RECORD_LENGTH = (1 << 14) + 2048;

    /** Receives the records of one direction. */
    interface Handler {
        /** Whether the body of a record of this content type should be buffered and passed on. */
        boolean wantsBody(int contentType);

        /**
         * One complete record. {@code body} is lent for the call; it is null when not wanted or when a gap
         * took part of it ({@code lost}). {@code streamOffset} is where the record header starts in this
         * direction's stream.
         */
        void onRecord(int contentType, int length, byte[] body, boolean lost, long streamOffset, long frame);
    }

    private final Handler handler;
    private final AnomalySink sink;
    private final byte[] header = new byte[HEADER_LENGTH];
    private int headerFill;
    private int contentType;
    private int bodyLength = -1;
    private int bodyFill;
    private byte[] body;
    private boolean bodyLost;
    private long streamOffset;
    private long recordOffset;
    private long lastFrame;
    private boolean resynchronising;
    private boolean stopped;

    RecordReader(Handler handler, AnomalySink sink) {
        this.handler = handler;
        this.sink = sink;
    }

    /** The version field of the latest record header; during {@link Handler#onRecord}, that record's. */
    int recordVersion() {
        return (header[1] & 0xFF) << 8 | header[2] & 0xFF;
    }

    boolean stopped() {
        return stopped;
    }

    /** Reads the next in-order bytes; the array is only read during the call. */
    void read(byte[] data, int offset, int length, long frame) {
        lastFrame = frame;
        int end = offset + length;
        int at = offset;
        while (at < end && !stopped) {
            at = bodyLength < 0 ? readHeader(data, at, end, frame) : readBody(data, at, end, frame);
        }
    }

    /**
     * Bytes are missing. A gap that ends inside the current record's body only costs that body; any other
     * gap leaves the reader waiting for bytes that start a record header, or stops it.
     */
    void skip(long missingBytes, long frame) {
        if (stopped) {
            return;
        }
        boolean insideBody = bodyLength >= 0 && missingBytes >= 0 && missingBytes <= bodyLength - bodyFill;
        String where = bodyLength >= 0 ? "inside the current " + TlsNames.contentType(contentType) + " record"
                : headerFill > 0 ? "inside a record header" : "between records";
        String missing = missingBytes < 0 ? "an unknown number of" : Long.toString(missingBytes);
        if (insideBody) {
            sink.report(new Anomaly(TlsAnomalies.STREAM_GAP, frame, streamOffset,
                    String.format("%s bytes missing %s; that record's body is lost", missing, where)));
            bodyFill += (int) missingBytes;
            streamOffset += missingBytes;
            body = null;
            bodyLost = true;
            if (bodyFill == bodyLength) {
                completeRecord(frame);
            }
            return;
        }
        sink.report(new Anomaly(TlsAnomalies.STREAM_GAP, frame, streamOffset, String.format(
                "%s bytes missing %s; decoding resumes only where the next bytes start a record", missing, where)));
        if (missingBytes > 0) {
            streamOffset += missingBytes;
        }
        headerFill = 0;
        bodyLength = -1;
        body = null;
        resynchronising = true;
    }

    /** The stream ended: a record cut short is reported. Returns whether the stream ended inside a record. */
    boolean end() {
        if (stopped) {
            return false;
        }
        stopped = true;
        long frame = lastFrame;
        if (bodyLength >= 0) {
            sink.report(new Anomaly(TlsAnomalies.RECORD_LENGTH_OVERRUN, frame, recordOffset, String.format(
                    "%s record declares %d bytes, the stream ended after %d", TlsNames.contentType(contentType),
                    bodyLength, bodyFill)));
        } else if (headerFill > 0) {
            sink.report(new Anomaly(TlsAnomalies.RECORD_LENGTH_OVERRUN, frame, recordOffset, String.format(
                    "record header needs %d bytes, the stream ended after %d", HEADER_LENGTH, headerFill)));
        }
        return bodyLength >= 0 || headerFill > 0;
    }

    private int readHeader(byte[] data, int at, int end, long frame) {
        if (headerFill == 0) {
            recordOffset = streamOffset;
        }
        int n = Math.min(HEADER_LENGTH - headerFill, end - at);
        System.arraycopy(data, at, header, headerFill, n);
        headerFill += n;
        streamOffset += n;
        if (headerFill == HEADER_LENGTH) {
            decodeHeader(frame);
        }
        return at + n;
    }

    private void decodeHeader(long frame) {
        headerFill = 0;
        RecordHeader.Problem problem = RecordHeader.check(header, 0);
        if (problem != null) {
            stopped = true;
            sink.report(resynchronising
                    ? new Anomaly(TlsAnomalies.STREAM_RESYNC_FAILED, frame, recordOffset,
                            "bytes after the gap do not start a record: " + problem.detail())
                    : new Anomaly(problem.kind(), frame, recordOffset, problem.detail()));
            return;
        }
        resynchronising = false;
        contentType = header[0] & 0xFF;
        bodyLength = (header[3] & 0xFF) << 8 | header[4] & 0xFF;
        bodyFill = 0;
        bodyLost = false;
        body = handler.wantsBody(contentType) ? new byte[bodyLength] : null;
        if (bodyLength == 0) {
            completeRecord(frame);
        }
    }

    private int readBody(byte[] data, int at, int end, long frame) {
        int n = Math.min(bodyLength - bodyFill, end - at);
        if (body != null) {
            System.arraycopy(data, at, body, bodyFill, n);
        }
        bodyFill += n;
        streamOffset += n;
        if (bodyFill == bodyLength) {
            completeRecord(frame);
        }
        return at + n;
    }

    private void completeRecord(long frame) {
        int type = contentType;
        int length = bodyLength;
        byte[] complete = body;
        bodyLength = -1;
        body = null;
        handler.onRecord(type, length, complete, bodyLost, recordOffset, frame);
    }
}
