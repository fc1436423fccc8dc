package io.meshproof.engine.tcp;

import io.meshproof.engine.flow.Direction;

/**
 * Consumes the application bytes of one flow after reassembly: each direction arrives in order, without
 * retransmitted or overlapping bytes. Application decoders (TLS, HTTP, ...) implement this.
 * Calls for the two directions interleave in capture order.
 */
public interface StreamConsumer {
    /**
     * The next in-order bytes of one direction. The array is only lent for the duration of the call:
     * an implementation that needs the bytes later copies them.
     *
     * @param frame the frame number of the segment that completed these bytes
     */
    void onData(Direction direction, byte[] data, int offset, int length, long frame);

    /**
     * Bytes of one direction were never captured (a hole the reassembler gave up waiting for, or the
     * start of a stream that predates the capture). What follows is not contiguous with what came before.
     *
     * @param missingBytes how many bytes are missing, or -1 when unknown
     */
    default void onGap(Direction direction, long missingBytes, long frame) {
    }

    /** The flow ended (FIN, RST, or the end of the capture); no more calls follow. */
    default void onEnd() {
    }
}
