package io.meshproof.engine.tcp;

import io.meshproof.engine.anomaly.Anomaly;
import io.meshproof.engine.anomaly.AnomalySink;
import io.meshproof.engine.flow.Direction;
import java.util.Map;
import java.util.TreeMap;

/**
 * Puts one direction of a TCP connection back in order. Segments arrive as captured; bytes leave, in
 * sequence order and each exactly once, through a {@link StreamConsumer}. Retransmitted and overlapping
 * bytes are trimmed (the first copy wins, as in most stacks); out-of-order segments wait in a bounded
 * buffer. When that buffer is full, or the stream ends with a hole, the hole is declared a gap.
 *
 * <p>Sequence numbers are unwrapped against the next expected byte, so streams longer than 4 GiB work.
 */
public final class StreamReassembler {
    /** Out-of-order bytes held per direction before a hole is given up on. */
    static final int MAX_BUFFERED_BYTES = 1 << 20;

    private final Direction direction;
    private final StreamConsumer consumer;
    private final AnomalySink sink;
    private final TreeMap<Long, Pending> pending = new TreeMap<>();
    private boolean started;
    private long nextSeq;
    private long bufferedBytes;
    private boolean finished;

    private record Pending(byte[] bytes, long frame) {
    }

    /** @param direction the direction the consumer is told these bytes travel in */
    public StreamReassembler(Direction direction, StreamConsumer consumer, AnomalySink sink) {
        this.direction = direction;
        this.consumer = consumer;
        this.sink = sink;
    }

    /**
     * Takes one segment of this direction.
     *
     * @param seq the segment's 32-bit sequence number (as an unsigned value)
     * @param syn whether the SYN flag is set (it occupies one sequence number before the data)
     * @param data the frame's bytes; only {@code [offset, offset+length)} is the payload, and it is copied
     *     when it has to wait
     */
    public void onSegment(long seq, boolean syn, byte[] data, int offset, int length, long frame) {
        if (finished) {
            return;
        }
        if (syn) {
            startAt(seq + 1);
            seq = seq + 1;
        }
        if (length == 0) {
            return;
        }
        if (!started) {
            // RFC 793 gives no way to know where a stream began without its SYN: take the first byte seen.
            sink.report(new Anomaly(TcpAnomalies.STREAM_START_MISSED, frame, -1,
                    "first bytes of the " + label() + " stream seen without its SYN"));
            consumer.onGap(direction, -1, frame);
            startAt(seq);
        }
        long absolute = unwrap(seq);
        accept(absolute, data, offset, length, frame);
    }

    /** Ends the stream: waiting bytes behind a hole are delivered after a gap. Idempotent. */
    public void finish(long frame) {
        if (finished) {
            return;
        }
        while (!pending.isEmpty()) {
            Map.Entry<Long, Pending> first = pending.firstEntry();
            declareGap(first.getKey(), frame);
            drain();
        }
        finished = true;
    }

    /** The next sequence number expected (unwrapped), for tests and diagnostics. */
    long nextSeq() {
        return nextSeq;
    }

    private void startAt(long seq) {
        if (!started) {
            started = true;
            nextSeq = seq & 0xffffffffL;
        }
    }

    private long unwrap(long seq) {
        int delta = (int) (seq - nextSeq);
        return nextSeq + delta;
    }

    private void accept(long absolute, byte[] data, int offset, int length, long frame) {
        long end = absolute + length;
        if (end <= nextSeq) {
            return;
        }
        if (absolute < nextSeq) {
            int skip = (int) (nextSeq - absolute);
            offset += skip;
            length -= skip;
            absolute = nextSeq;
        }
        if (absolute == nextSeq) {
            nextSeq = end;
            consumer.onData(direction, data, offset, length, frame);
            drain();
            return;
        }
        hold(absolute, data, offset, length, frame);
    }

    private void hold(long absolute, byte[] data, int offset, int length, long frame) {
        Pending existing = pending.get(absolute);
        if (existing != null && existing.bytes().length >= length) {
            return;
        }
        byte[] copy = new byte[length];
        System.arraycopy(data, offset, copy, 0, length);
        if (existing != null) {
            bufferedBytes -= existing.bytes().length;
        }
        pending.put(absolute, new Pending(copy, frame));
        bufferedBytes += length;
        while (bufferedBytes > MAX_BUFFERED_BYTES && !pending.isEmpty()) {
            declareGap(pending.firstKey(), frame);
            drain();
        }
    }

    /** Delivers every waiting segment that now starts at or before the next expected byte. */
    private void drain() {
        while (!pending.isEmpty() && pending.firstKey() <= nextSeq) {
            Map.Entry<Long, Pending> first = pending.pollFirstEntry();
            byte[] bytes = first.getValue().bytes();
            bufferedBytes -= bytes.length;
            long start = first.getKey();
            long end = start + bytes.length;
            if (end > nextSeq) {
                int skip = (int) (nextSeq - start);
                nextSeq = end;
                consumer.onData(direction, bytes, skip, bytes.length - skip, first.getValue().frame());
            }
        }
    }

    private void declareGap(long resumeAt, long frame) {
        long missing = resumeAt - nextSeq;
        sink.report(new Anomaly(TcpAnomalies.STREAM_GAP, frame, -1,
                missing + " bytes of the " + label() + " stream missing before sequence offset " + resumeAt));
        consumer.onGap(direction, missing, frame);
        nextSeq = resumeAt;
    }

    private String label() {
        return direction == Direction.TO_SERVER ? "client-to-server" : "server-to-client";
    }
}
