package io.meshproof.engine.capture;

import java.util.List;
import java.util.OptionalLong;

/**
 * Classic pcap: a 24-byte file header, then per frame a 16-byte record header and the captured bytes.
 * The four magic numbers give the byte order and whether the fraction field counts micro- or nanoseconds.
 */
final class PcapSource implements FrameSource {
    static final int MAGIC_MICROSECONDS = 0xa1b2c3d4;
    static final int MAGIC_NANOSECONDS = 0xa1b23c4d;

    private static final int FILE_HEADER_LENGTH = 24;
    private static final int RECORD_HEADER_LENGTH = 16;
    private static final int MAX_FRAME_LENGTH = 262_144;
    private static final int MAX_SNAP_LENGTH = 64 * 1024 * 1024;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final CaptureInput input;
    private final Endian endian;
    private final long nanosPerFractionUnit;
    private final int maxFrameLength;
    private final CaptureInterface captureInterface;
    private final byte[] recordHeader = new byte[RECORD_HEADER_LENGTH];

    private PcapSource(CaptureInput input, Endian endian, boolean nanoseconds, int snapLength, int linkType) {
        this.input = input;
        this.endian = endian;
        this.nanosPerFractionUnit = nanoseconds ? 1 : 1000;
        this.maxFrameLength = Math.max(MAX_FRAME_LENGTH, (int) Math.min(snapLength & 0xffffffffL, MAX_SNAP_LENGTH));
        int tsresol = nanoseconds ? CaptureInterface.TSRESOL_NANOSECONDS : CaptureInterface.TSRESOL_MICROSECONDS;
        this.captureInterface = new CaptureInterface(0, 0, linkType, "", snapLength, tsresol, OptionalLong.empty());
    }

    /** True when the first four bytes, read big-endian, are one of the four pcap magic numbers. */
    static boolean isMagic(int magic) {
        return magic == MAGIC_MICROSECONDS || magic == MAGIC_NANOSECONDS
                || magic == Integer.reverseBytes(MAGIC_MICROSECONDS)
                || magic == Integer.reverseBytes(MAGIC_NANOSECONDS);
    }

    /**
     * Reads the rest of the file header.
     *
     * @param magic the first four bytes, already read, as a big-endian integer
     */
    static PcapSource open(CaptureInput input, int magic) throws CaptureDamage {
        Endian endian = magic == MAGIC_MICROSECONDS || magic == MAGIC_NANOSECONDS ? Endian.BIG : Endian.LITTLE;
        boolean nanoseconds = magic == MAGIC_NANOSECONDS || magic == Integer.reverseBytes(MAGIC_NANOSECONDS);

        byte[] header = new byte[FILE_HEADER_LENGTH];
        int got = input.read(header, 4, FILE_HEADER_LENGTH - 4);
        if (got < FILE_HEADER_LENGTH - 4) {
            throw new CaptureDamage("file ends inside the pcap file header (" + (4 + got) + " of "
                    + FILE_HEADER_LENGTH + " bytes present)", true);
        }

        // version 2.4 since 1998; readers accept any minor version of major version 2
        int major = endian.uint16(header, 4);
        if (major != 2) {
            throw new CaptureDamage("unsupported pcap version " + major + "." + endian.uint16(header, 6)
                    + ", expected 2.4", false);
        }
        int snapLength = endian.int32(header, 16);

        // the upper bits of the link type field carry FCS information, not the link type
        int linkType = endian.int32(header, 20) & 0xffff;
        return new PcapSource(input, endian, nanoseconds, snapLength, linkType);
    }

    @Override
    public String format() {
        return "pcap";
    }

    @Override
    public Frame readFrame(long number) throws CaptureDamage {
        long recordOffset = input.offset();
        int got = input.read(recordHeader, 0, RECORD_HEADER_LENGTH);
        if (got == 0) {
            return null;
        }
        if (got < RECORD_HEADER_LENGTH) {
            throw new CaptureDamage("file ends inside the record header of frame " + number + " (" + got + " of "
                    + RECORD_HEADER_LENGTH + " bytes present); " + (number - 1) + " whole frames read", true);
        }

        long seconds = endian.uint32(recordHeader, 0);
        long fraction = endian.uint32(recordHeader, 4);
        long capturedLength = endian.uint32(recordHeader, 8);
        long originalLength = endian.uint32(recordHeader, 12);
        if (capturedLength > maxFrameLength) {
            throw new CaptureDamage("frame " + number + " at offset " + recordOffset + " has a captured length of "
                    + capturedLength + " bytes, more than the maximum of " + maxFrameLength, false);
        }

        byte[] data = new byte[(int) capturedLength];
        got = input.read(data, 0, data.length);
        if (got < data.length) {
            throw new CaptureDamage("file ends inside frame " + number + " (" + got + " of " + data.length
                    + " bytes present); " + (number - 1) + " whole frames read", true);
        }
        long timestamp = seconds * NANOS_PER_SECOND + fraction * nanosPerFractionUnit;
        int wireLength = (int) Math.min(originalLength, Integer.MAX_VALUE);
        return new Frame(number, timestamp, captureInterface.linkType(), 0, data, wireLength);
    }

    @Override
    public List<CaptureInterface> interfaces() {
        return List.of(captureInterface);
    }

    @Override
    public List<DecryptionSecrets> secrets() {
        return List.of();
    }
}
