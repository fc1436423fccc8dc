package io.meshproof.engine.tls;

import io.meshproof.engine.anomaly.Anomaly;
import io.meshproof.engine.anomaly.AnomalyKind;
import io.meshproof.engine.anomaly.AnomalySink;
import java.util.Arrays;
import java.util.function.IntToLongFunction;

/**
 * A cursor over one fully received handshake message, or over a part of it whose length its parent
 * declared. It never reads past its limit: a read that would is reported once, with the field's name, and
 * the reader is then failed, returning zeros, so a decoder checks {@link #ok()} between steps instead of
 * catching exceptions. The reader borrows the message's array and never writes to it.
 */
final class TlsReader {
    /** Where a message came from, so that anomalies can name the frame and stream offset. */
    record Site(AnomalySink sink, long frame, IntToLongFunction streamOffset) {
        void report(AnomalyKind kind, int position, String detail) {
            sink.report(new Anomaly(kind, frame, streamOffset.applyAsLong(position), detail));
        }
    }

    private final Site site;
    private final byte[] data;
    /** The enclosing reader, or null for a whole message; with {@link #name}, this reader's name. */
    private final TlsReader parent;
    /** The message's name, or the field's name within {@link #parent}. */
    private final String name;
    private final int limit;
    private final AnomalyKind truncatedKind;
    private final AnomalyKind overrunKind;
    private int position;
    private boolean failed;

    private TlsReader(Site site, byte[] data, int start, int limit, TlsReader parent, String name,
            AnomalyKind truncatedKind, AnomalyKind overrunKind) {
        this.site = site;
        this.data = data;
        this.position = start;
        this.limit = limit;
        this.parent = parent;
        this.name = name;
        this.truncatedKind = truncatedKind;
        this.overrunKind = overrunKind;
    }

    /** A reader over {@code data[start, limit)}, a handshake message body named {@code what}. */
    static TlsReader ofMessage(Site site, byte[] data, int start, int limit, String what) {
        return new TlsReader(site, data, start, limit, null, what, TlsAnomalies.HANDSHAKE_TRUNCATED,
                TlsAnomalies.HANDSHAKE_VECTOR_OVERRUN);
    }

    boolean ok() {
        return !failed;
    }

    int remaining() {
        return limit - position;
    }

    boolean hasRemaining() {
        return !failed && position < limit;
    }

    int position() {
        return position;
    }

    /** E.g. "ClientHello extensions extension server_name"; built only when an anomaly names it. */
    String what() {
        return parent == null ? name : parent.what() + " " + name;
    }

    int readUint8(String field) {
        return require(1, field) ? data[position++] & 0xFF : 0;
    }

    int readUint16(String field) {
        if (!require(2, field)) {
            return 0;
        }
        int value = (data[position] & 0xFF) << 8 | data[position + 1] & 0xFF;
        position += 2;
        return value;
    }

    int readUint24(String field) {
        if (!require(3, field)) {
            return 0;
        }
        int value = (data[position] & 0xFF) << 16 | (data[position + 1] & 0xFF) << 8 | data[position + 2] & 0xFF;
        position += 3;
        return value;
    }

    /** A copy of the next {@code length} bytes, or an empty array when they are not there. */
    byte[] readBytes(int length, String field) {
        if (!require(length, field)) {
            return new byte[0];
        }
        byte[] bytes = Arrays.copyOfRange(data, position, position + length);
        position += length;
        return bytes;
    }

    /**
     * Reads a vector's length ({@code lengthBytes} wide) and returns a reader bounded to its contents,
     * moving this reader past them; null (and this reader failed) when the length overruns this reader.
     */
    TlsReader readVector(int lengthBytes, String field) {
        return readVector(lengthBytes, field, overrunKind, truncatedKind, overrunKind);
    }

    /**
     * As {@link #readVector(int, String)}, reporting an overrun as {@code overrun} and giving the child
     * reader its own kinds for what goes wrong inside it.
     */
    TlsReader readVector(int lengthBytes, String field, AnomalyKind overrun, AnomalyKind childTruncated,
            AnomalyKind childOverrun) {
        int lengthAt = position;
        int length = readLength(lengthBytes == 1 || lengthBytes == 2 ? lengthBytes : 3, field);
        if (failed) {
            return null;
        }
        if (length > remaining()) {
            failed = true;
            site.report(overrun, lengthAt, String.format("%s: %s declares %d bytes, %d remain",
                    what(), field, length, remaining()));
            return null;
        }
        TlsReader child = new TlsReader(site, data, position, position + length, this, field,
                childTruncated, childOverrun);
        position += length;
        return child;
    }

    /** Reports the given kind at the current position and fails this reader. */
    void fail(AnomalyKind kind, String detail) {
        if (!failed) {
            failed = true;
            site.report(kind, position, what() + ": " + detail);
        }
    }

    /** Reports an anomaly at {@code position} of the message without failing this reader. */
    void report(AnomalyKind kind, int position, String detail) {
        site.report(kind, position, detail);
    }

    /** Reports bytes left over after the last field, if any, as a note. */
    void expectEnd() {
        if (!failed && position < limit) {
            site.report(TlsAnomalies.HANDSHAKE_TRAILING_BYTES, position,
                    String.format("%s: %d bytes after the last field, expected none", what(), limit - position));
        }
    }

    private boolean require(int length, String field) {
        if (failed) {
            return false;
        }
        if (length > remaining()) {
            failed = true;
            site.report(truncatedKind, position, String.format("%s ends %d bytes before the end of %s",
                    what(), length - remaining(), field));
            return false;
        }
        return true;
    }

    /** A vector's length of {@code lengthBytes} bytes, big-endian; the field's name is built only on failure. */
    private int readLength(int lengthBytes, String field) {
        if (failed || lengthBytes > remaining()) {
            require(lengthBytes, field + " length");
            return 0;
        }
        int value = 0;
        for (int i = 0; i < lengthBytes; i++) {
            value = value << 8 | data[position++] & 0xFF;
        }
        return value;
    }
}
