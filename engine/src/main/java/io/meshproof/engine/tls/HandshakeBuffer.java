package io.meshproof.engine.tls;

import java.util.Arrays;

/**
 * Joins the bodies of one direction's handshake records into a byte sequence from which whole handshake
 * messages are taken (RFC 8446 5.1: a message may span records, and a record may hold several). It
 * remembers where each record's body sits in the stream, so that a position in a message maps back to a
 * stream offset even when the message spans records.
 */
final class HandshakeBuffer {
    static final int MESSAGE_HEADER_LENGTH = 4;

    private byte[] bytes = new byte[0];
    private int length;
    // fragmentStart[i] is where fragment i begins in bytes; fragmentOffset[i] where it began in the stream
    private int[] fragmentStart = new int[4];
    private long[] fragmentOffset = new long[4];
    private int fragments;

    boolean isEmpty() {
        return length == 0;
    }

    int length() {
        return length;
    }

    byte[] bytes() {
        return bytes;
    }

    /** Appends one record body, copying it; {@code streamOffset} is the stream offset of its first byte. */
    void append(byte[] body, long streamOffset) {
        if (body.length == 0) {
            return;
        }
        if (length + body.length > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(length + body.length, bytes.length * 2));
        }
        System.arraycopy(body, 0, bytes, length, body.length);
        if (fragments == fragmentStart.length) {
            fragmentStart = Arrays.copyOf(fragmentStart, fragments * 2);
            fragmentOffset = Arrays.copyOf(fragmentOffset, fragments * 2);
        }
        fragmentStart[fragments] = length;
        fragmentOffset[fragments] = streamOffset;
        fragments++;
        length += body.length;
    }

    /** The declared body length of the message at the front, or -1 while its header is incomplete. */
    int peekMessageLength() {
        if (length < MESSAGE_HEADER_LENGTH) {
            return -1;
        }
        return (bytes[1] & 0xFF) << 16 | (bytes[2] & 0xFF) << 8 | bytes[3] & 0xFF;
    }

    /** The stream offset of the byte at {@code position} of this buffer. */
    long streamOffset(int position) {
        int i = fragments - 1;
        while (i > 0 && fragmentStart[i] > position) {
            i--;
        }
        return fragments == 0 ? -1 : fragmentOffset[i] + (position - fragmentStart[i]);
    }

    /** Drops the first {@code count} bytes (a message that was decoded). */
    void consume(int count) {
        int keep = length - count;
        long[] offsets = new long[Math.max(4, fragments)];
        int[] starts = new int[offsets.length];
        int kept = 0;
        for (int i = 0; i < fragments; i++) {
            int end = i + 1 < fragments ? fragmentStart[i + 1] : length;
            if (end > count) {
                int start = Math.max(fragmentStart[i], count);
                starts[kept] = start - count;
                offsets[kept] = fragmentOffset[i] + (start - fragmentStart[i]);
                kept++;
            }
        }
        System.arraycopy(bytes, count, bytes, 0, keep);
        length = keep;
        fragmentStart = starts;
        fragmentOffset = offsets;
        fragments = kept;
    }

    void clear() {
        length = 0;
        fragments = 0;
    }
}
