package io.meshproof.engine.capture;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * The capture's bytes after any decompression, read sequentially, with the offset of the next byte.
 * The end of the data is an ordinary short read; a gzip stream cut off counts as an end too.
 */
final class CaptureInput {
    private final InputStream in;
    private final boolean compressed;
    private long offset;

    CaptureInput(InputStream in, boolean compressed) {
        this.in = in;
        this.compressed = compressed;
    }

    /** Offset of the next byte within the (decompressed) capture. */
    long offset() {
        return offset;
    }

    /**
     * Reads up to {@code length} bytes into {@code buffer}, fewer only at the end of the data.
     *
     * @return the number of bytes read
     */
    int read(byte[] buffer, int start, int length) throws CaptureDamage {
        int done = 0;
        try {
            while (done < length) {
                int n = in.read(buffer, start + done, length - done);
                if (n < 0) {
                    break;
                }
                done += n;
            }
        } catch (EOFException e) {
            // GZIPInputStream's way of saying the compressed data stops early: the same as a cut file
            offset += done;
            return done;
        } catch (IOException e) {
            offset += done;
            String what = compressed ? "corrupt gzip data" : "read error";
            throw new CaptureDamage(what + " at offset " + offset + " (" + e.getMessage() + ")", false);
        }
        offset += done;
        return done;
    }

    /**
     * Skips {@code length} bytes.
     *
     * @return the number of bytes skipped, fewer than asked only at the end of the data
     */
    long skip(long length, byte[] scratch) throws CaptureDamage {
        long done = 0;
        while (done < length) {
            int n = read(scratch, 0, (int) Math.min(scratch.length, length - done));
            if (n == 0) {
                break;
            }
            done += n;
        }
        return done;
    }

    void close() throws IOException {
        in.close();
    }
}
