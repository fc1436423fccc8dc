package io.meshproof.engine.packet;

import io.meshproof.engine.anomaly.Anomaly;
import io.meshproof.engine.anomaly.AnomalyKind;
import io.meshproof.engine.anomaly.AnomalySink;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Collects the fragments of IPv4 and IPv6 datagrams until each datagram is whole (RFC 791 3.2, RFC 8200
 * 4.5). Fragments may come in any order; where two overlap, the bytes that arrived first are kept (the
 * choice of Linux and Wireshark) and the overlap is reported.
 *
 * <p>Memory is bounded: at most {@link #MAX_PENDING_DATAGRAMS} datagrams and {@link #MAX_PENDING_BYTES}
 * buffered bytes are pending at once, and a datagram not whole within {@link #TIMEOUT_NANOS} of capture
 * time after its first fragment is given up. A datagram given up either way is reported as incomplete,
 * naming the frame of its first fragment.
 *
 * <p>Not thread-safe; one per {@link PacketDecoder}.
 */
final class FragmentReassembler {
    /** The reassembly timeout of Linux ({@code ipfrag_time}) and of RFC 8200 4.5, in capture time. */
    static final long TIMEOUT_NANOS = 30_000_000_000L;
    static final int MAX_PENDING_DATAGRAMS = 1024;
    static final int MAX_PENDING_BYTES = 16 * 1024 * 1024;
    /** The IP length fields are 16 bits, so no datagram's fragmentable part exceeds this many bytes. */
    static final int MAX_PAYLOAD_LENGTH = 65_535;
    private static final int INITIAL_BUFFER_LENGTH = 4096;

    private final AnomalySink sink;
    private final Map<Key, Datagram> pending = new LinkedHashMap<>();
    private long pendingBytes;

    FragmentReassembler(AnomalySink sink) {
        this.sink = sink;
    }

    /**
     * Identifies a datagram: RFC 791 keys IPv4 fragments by addresses, protocol and identification; RFC 8200
     * keys IPv6 fragments by addresses and identification, so their {@code protocol} is -1. Fragments inside
     * a tunnel are also keyed by its VNI ({@code vni}, -1 outside tunnels), as overlays reuse addresses.
     */
    record Key(int ipVersion, InetAddress source, InetAddress destination, int protocol, long id, long vni) {
    }

    /**
     * A datagram made whole.
     *
     * @param header the IP header of the fragment at offset 0 (IPv6: the unfragmentable part), as the
     *     decoder prepared it; its length field is not yet updated
     * @param payload the fragmentable part, {@code payloadLength} bytes from index 0; owned by the caller now
     * @param fragments how many fragments contributed, duplicates included
     */
    record Whole(byte[] header, byte[] payload, int payloadLength, int fragments) {
    }

    /**
     * Adds one fragment.
     *
     * @param header the IP header to rebuild the datagram with, given for the fragment at offset 0 only
     *     (null for others); the reassembler keeps this array
     * @param offset where the fragment's bytes belong in the datagram's fragmentable part, in bytes
     * @param more the more-fragments flag: false for the fragment that ends the datagram
     * @param data the frame's bytes, of which {@code length} from {@code at} are the fragment's; copied
     * @return the whole datagram when this fragment completed it, otherwise null
     */
    Whole offer(Key key, long frame, long timestampNanos, byte[] header, int offset, boolean more, byte[] data,
            int at, int length) {
        expire(timestampNanos, frame);
        Datagram datagram = pending.get(key);
        if (datagram == null) {
            datagram = new Datagram(frame, timestampNanos);
            pending.put(key, datagram);
        }
        datagram.fragments++;
        if (header != null && datagram.header == null) {
            datagram.header = header;
        }

        // the last fragment fixes the datagram's end; a later claim to another end loses, like an overlap
        int end = offset + length;
        if (!more) {
            if (datagram.end < 0 && datagram.highest <= end) {
                datagram.end = end;
            } else if (datagram.end != end) {
                report(key, PacketAnomalies.overlap(key.ipVersion()), frame, "fragment at offset " + offset
                        + " ends the datagram at " + end + " bytes, but "
                        + (datagram.end < 0 ? "bytes up to " + datagram.highest + " arrived already"
                                : "an earlier fragment ended it at " + datagram.end) + "; the earlier is kept");
            }
        }
        int limit = datagram.end < 0 ? end : Math.min(end, datagram.end);
        if (more && limit < end) {
            report(key, PacketAnomalies.overlap(key.ipVersion()), frame, "fragment at offset " + offset + " runs "
                    + "to " + end + " bytes, past the datagram's end at " + datagram.end + "; the excess is dropped");
        }
        int kept = datagram.add(data, at, offset, limit, this);
        if (kept < limit - offset) {
            report(key, PacketAnomalies.overlap(key.ipVersion()), frame, "fragment of " + length + " bytes at "
                    + "offset " + offset + " overlaps " + (limit - offset - kept) + " bytes that arrived earlier"
                    + (datagram.conflicting ? ", with different content" : " with the same content")
                    + "; the earlier bytes are kept");
            datagram.conflicting = false;
        }
        evictOverLimits(frame);
        if (!datagram.isWhole()) {
            return null;
        }
        pending.remove(key);
        pendingBytes -= datagram.buffer.length;
        return new Whole(datagram.header, datagram.buffer, datagram.end, datagram.fragments);
    }

    /** Reports every datagram still pending as incomplete and forgets them; for the end of a capture. */
    void finish() {
        for (Iterator<Map.Entry<Key, Datagram>> it = pending.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Key, Datagram> entry = it.next();
            reportIncomplete(entry.getKey(), entry.getValue(), "the capture ended");
            it.remove();
        }
        pendingBytes = 0;
    }

    /** Datagrams pending now, for tests of the bounds. */
    int pendingDatagrams() {
        return pending.size();
    }

    /** Gives up datagrams whose first fragment is older than the timeout; the oldest come first. */
    private void expire(long now, long frame) {
        for (Iterator<Map.Entry<Key, Datagram>> it = pending.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Key, Datagram> entry = it.next();
            Datagram datagram = entry.getValue();
            if (now - datagram.firstNanos <= TIMEOUT_NANOS) {
                return;
            }
            reportIncomplete(entry.getKey(), datagram, "no fragment completed it within "
                    + TIMEOUT_NANOS / 1_000_000_000L + " s of capture time (given up at frame " + frame + ")");
            pendingBytes -= datagram.buffer.length;
            it.remove();
        }
    }

    private void evictOverLimits(long frame) {
        Iterator<Map.Entry<Key, Datagram>> it = pending.entrySet().iterator();
        while ((pending.size() > MAX_PENDING_DATAGRAMS || pendingBytes > MAX_PENDING_BYTES) && it.hasNext()) {
            Map.Entry<Key, Datagram> entry = it.next();
            reportIncomplete(entry.getKey(), entry.getValue(), "evicted at frame " + frame + " to stay within "
                    + MAX_PENDING_DATAGRAMS + " pending datagrams and " + MAX_PENDING_BYTES + " buffered bytes");
            pendingBytes -= entry.getValue().buffer.length;
            it.remove();
        }
    }

    private void reportIncomplete(Key key, Datagram datagram, String why) {
        int missing = datagram.end < 0 ? -1 : datagram.end - datagram.received.cardinality();
        report(key, PacketAnomalies.incomplete(key.ipVersion()), datagram.firstFrame, datagram.fragments
                + " fragments with " + datagram.received.cardinality() + " bytes received, "
                + (missing < 0 ? "last fragment missing" : missing + " bytes missing") + "; " + why);
    }

    private void report(Key key, AnomalyKind kind, long frame, String detail) {
        sink.report(new Anomaly(kind, frame, -1, String.format("datagram id 0x%x from %s to %s: %s", key.id(),
                key.source().getHostAddress(), key.destination().getHostAddress(), detail)));
    }

    /** One datagram being reassembled: its bytes so far and which of them arrived. */
    private static final class Datagram {
        final long firstFrame;
        final long firstNanos;
        final BitSet received = new BitSet();
        byte[] header;
        byte[] buffer = new byte[0];
        int end = -1;
        int highest;
        int fragments;
        boolean conflicting;

        Datagram(long firstFrame, long firstNanos) {
            this.firstFrame = firstFrame;
            this.firstNanos = firstNanos;
        }

        /**
         * Copies the bytes of {@code [from, to)} that have not arrived yet, leaving earlier ones in place.
         *
         * @return how many bytes were new
         */
        int add(byte[] data, int at, int from, int to, FragmentReassembler owner) {
            if (to <= from) {
                return 0;
            }
            ensureCapacity(to, owner);
            int kept = 0;
            for (int gap = received.nextClearBit(from); gap < to; ) {
                int gapEnd = Math.min(to, nextSetBit(gap));
                System.arraycopy(data, at + gap - from, buffer, gap, gapEnd - gap);
                kept += gapEnd - gap;
                gap = gapEnd >= to ? to : received.nextClearBit(gapEnd);
            }
            conflicting = overlapDiffers(data, at, from, to);
            received.set(from, to);
            highest = Math.max(highest, to);
            return kept;
        }

        /** True when a byte that arrived earlier differs from this fragment's byte at the same place. */
        private boolean overlapDiffers(byte[] data, int at, int from, int to) {
            for (int i = received.nextSetBit(from); i >= 0 && i < to; i = received.nextSetBit(i + 1)) {
                if (buffer[i] != data[at + i - from]) {
                    return true;
                }
            }
            return false;
        }

        private int nextSetBit(int from) {
            int next = received.nextSetBit(from);
            return next < 0 ? Integer.MAX_VALUE : next;
        }

        private void ensureCapacity(int length, FragmentReassembler owner) {
            if (buffer.length >= length) {
                return;
            }
            int capacity = Math.min(MAX_PAYLOAD_LENGTH, Math.max(length, Math.max(INITIAL_BUFFER_LENGTH,
                    buffer.length * 2)));
            owner.pendingBytes += capacity - buffer.length;
            buffer = Arrays.copyOf(buffer, capacity);
        }

        boolean isWhole() {
            return end >= 0 && header != null && received.nextClearBit(0) >= end;
        }
    }
}
