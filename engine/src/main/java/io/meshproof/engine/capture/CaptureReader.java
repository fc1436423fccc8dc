package io.meshproof.engine.capture;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalLong;
import java.util.zip.GZIPInputStream;

/**
 * Reads a saved capture frame by frame: pcap (micro- and nanosecond, either byte order) or pcapng (several
 * sections and interfaces, Enhanced, Simple and obsolete Packet Blocks, statistics and Decryption Secrets
 * Blocks), optionally gzip-compressed. Memory does not grow with the file: only one block is held at a time.
 *
 * <p>A file that cannot be read from the start fails in {@link #open} with a {@link CaptureException}. A file
 * that ends inside a frame, or turns to garbage after its first frame, yields every whole frame and then
 * ends, with exactly one {@link CaptureWarning} saying why.
 *
 * <p>Not thread-safe. The caller closes the reader.
 */
public final class CaptureReader implements Closeable {
    private static final int BUFFER_LENGTH = 64 * 1024;
    private static final int GZIP_MAGIC_0 = 0x1f;
    private static final int GZIP_MAGIC_1 = 0x8b;

    private final String name;
    private final CaptureInput input;
    private final FrameSource source;
    private final CountingInputStream counter;
    private final List<CaptureWarning> warnings = new ArrayList<>(1);
    private long framesRead;
    private boolean ended;

    private CaptureReader(String name, CaptureInput input, FrameSource source, CountingInputStream counter) {
        this.name = name;
        this.input = input;
        this.source = source;
        this.counter = counter;
    }

    /**
     * Opens a capture file. The file's path, as given, names it in messages.
     *
     * @throws CaptureException when the file cannot be opened or is not a capture it can read
     */
    public static CaptureReader open(Path path) throws CaptureException {
        String name = path.toString();
        InputStream in;
        try {
            in = Files.newInputStream(path);
        } catch (NoSuchFileException e) {
            throw new CaptureException(name + ": no such file", e);
        } catch (AccessDeniedException e) {
            throw new CaptureException(name + ": permission denied", e);
        } catch (IOException | UncheckedIOException e) {
            throw new CaptureException(name + ": cannot open (" + e.getMessage() + ")", e);
        }
        return open(in, name);
    }

    /**
     * Reads a capture from a stream, which the reader then owns and closes.
     *
     * @param name how messages name the capture, usually its file name
     * @throws CaptureException when the stream holds no capture it can read; the stream is closed then
     */
    public static CaptureReader open(InputStream in, String name) throws CaptureException {
        CountingInputStream counter = new CountingInputStream(in);
        try {
            return openCounted(counter, name);
        } catch (CaptureException e) {
            closeQuietly(counter);
            throw e;
        }
    }

    private static CaptureReader openCounted(CountingInputStream counter, String name) throws CaptureException {
        BufferedInputStream buffered = new BufferedInputStream(counter, BUFFER_LENGTH);
        boolean gzip = isGzip(buffered, name);
        InputStream data = buffered;
        if (gzip) {
            try {
                data = new BufferedInputStream(new GZIPInputStream(buffered, BUFFER_LENGTH), BUFFER_LENGTH);
            } catch (IOException e) {
                throw new CaptureException(name + ": corrupt gzip data (" + e.getMessage() + ")", e);
            }
        }
        CaptureInput input = new CaptureInput(data, gzip);
        try {
            FrameSource source = openSource(input, gzip, name);
            return new CaptureReader(name, input, source, counter);
        } catch (CaptureDamage e) {
            throw new CaptureException(name + ": " + e.getMessage());
        }
    }

    /** Looks at the first two bytes without consuming them. */
    private static boolean isGzip(BufferedInputStream in, String name) throws CaptureException {
        try {
            in.mark(2);
            int first = in.read();
            int second = in.read();
            in.reset();
            if (first < 0) {
                throw new CaptureException(name + ": empty file");
            }
            return first == GZIP_MAGIC_0 && second == GZIP_MAGIC_1;
        } catch (IOException e) {
            throw new CaptureException(name + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    /** Tells the format by its magic number and reads the file header. */
    private static FrameSource openSource(CaptureInput input, boolean gzip, String name)
            throws CaptureDamage, CaptureException {
        byte[] magic = new byte[4];
        int got = input.read(magic, 0, magic.length);
        if (got == 0) {
            throw new CaptureException(name + ": empty file" + (gzip ? " inside the gzip data" : ""));
        }
        if (got < magic.length) {
            throw new CaptureException(name + ": not a capture file (" + got + " bytes, too short to hold "
                    + "a pcap or pcapng magic number)");
        }
        int value = Endian.BIG.int32(magic, 0);
        if (PcapSource.isMagic(value)) {
            return PcapSource.open(input, value);
        }
        if (value == PcapngSource.SECTION_HEADER_BLOCK) {
            return PcapngSource.open(input);
        }
        String compression = otherCompression(magic);
        if (compression != null) {
            throw new CaptureException(name + ": " + compression + "-compressed; only gzip is read directly "
                    + "(decompress the file first)");
        }
        throw new CaptureException(String.format("%s: not a capture file (starts with %02x %02x %02x %02x, "
                + "expected a pcap or pcapng magic number)", name, magic[0], magic[1], magic[2], magic[3]));
    }

    /** Names the compression format whose magic number starts the file, for the ones users meet. */
    private static String otherCompression(byte[] magic) {
        int b0 = magic[0] & 0xff;
        int b1 = magic[1] & 0xff;
        int b2 = magic[2] & 0xff;
        int b3 = magic[3] & 0xff;
        if (b0 == 0xfd && b1 == '7' && b2 == 'z' && b3 == 'X') {
            return "xz";
        }
        if (b0 == 'B' && b1 == 'Z' && b2 == 'h') {
            return "bzip2";
        }
        if (b0 == 0x28 && b1 == 0xb5 && b2 == 0x2f && b3 == 0xfd) {
            return "zstd";
        }
        if (b0 == 0x04 && b1 == 0x22 && b2 == 0x4d && b3 == 0x18) {
            return "lz4";
        }
        if (b0 == 'P' && b1 == 'K' && b2 == 3 && b3 == 4) {
            return "zip";
        }
        return null;
    }

    /**
     * The next frame, or null at the end of the capture (and on every call after it). Frames are numbered
     * from 1 across all pcapng sections; {@link Frame#interfaceId()} is an index into {@link #interfaces()}.
     *
     * @throws CaptureException when the capture turns out unreadable before its first frame
     */
    public Frame next() throws CaptureException {
        if (ended) {
            return null;
        }
        try {
            Frame frame = source.readFrame(framesRead + 1);
            if (frame == null) {
                ended = true;
                return null;
            }
            framesRead++;
            return frame;
        } catch (CaptureDamage e) {
            ended = true;
            if (!e.truncation() && framesRead == 0) {
                throw new CaptureException(name + ": " + e.getMessage());
            }
            String message = e.truncation() ? e.getMessage()
                    : e.getMessage() + "; the rest of the file was not read (" + framesRead
                            + (framesRead == 1 ? " frame" : " frames") + " read)";
            warnings.add(new CaptureWarning(message, framesRead + 1));
            return null;
        }
    }

    /** "pcap" or "pcapng". */
    public String format() {
        return source.format();
    }

    /** The name given at opening: the path as given, or the name passed with the stream. */
    public String name() {
        return name;
    }

    /** What ended reading early, if anything: at most one warning. */
    public List<CaptureWarning> warnings() {
        return Collections.unmodifiableList(warnings);
    }

    /**
     * The capture interfaces described so far: for pcapng, those of the blocks read up to now (all of them
     * once {@link #next()} returned null), with the dropped count of the latest statistics block.
     */
    public List<CaptureInterface> interfaces() {
        return List.copyOf(source.interfaces());
    }

    /**
     * Packets the capturing side dropped, summed over the interfaces whose statistics give a count; empty when
     * none does (every pcap file, and a pcapng file without Interface Statistics Blocks). pcapng writers put
     * the statistics at the end of a section, so the sum is final once {@link #next()} returned null.
     */
    public OptionalLong droppedPackets() {
        long total = 0;
        boolean known = false;
        for (CaptureInterface captureInterface : source.interfaces()) {
            if (captureInterface.dropped().isPresent()) {
                total += captureInterface.dropped().getAsLong();
                known = true;
            }
        }
        return known ? OptionalLong.of(total) : OptionalLong.empty();
    }

    /** The Decryption Secrets Blocks read so far, in file order. */
    public List<DecryptionSecrets> secrets() {
        return List.copyOf(source.secrets());
    }

    /**
     * The Decryption Secrets Blocks read after the first {@code seen}, in file order; asked once per frame, so
     * the usual answer (none new) costs no copy.
     */
    public List<DecryptionSecrets> secretsSince(int seen) {
        List<DecryptionSecrets> all = source.secrets();
        return all.size() <= seen ? List.of() : List.copyOf(all.subList(seen, all.size()));
    }

    /** Frames returned so far. */
    public long framesRead() {
        return framesRead;
    }

    /**
     * Bytes consumed from the file or stream so far (compressed bytes for a gzip file), to show progress
     * against the file's size. It runs ahead of the frames returned by up to one read buffer.
     */
    public long bytesRead() {
        return counter.count;
    }

    @Override
    public void close() throws IOException {
        ended = true;
        input.close();
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            // the open already failed; that failure is what the caller needs to hear about
        }
    }

    /** Counts the bytes read from the underlying stream, for {@link #bytesRead()}. */
    private static final class CountingInputStream extends FilterInputStream {
        long count;

        CountingInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            count += skipped;
            return skipped;
        }
    }
}
