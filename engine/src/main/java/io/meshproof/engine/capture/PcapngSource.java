package io.meshproof.engine.capture;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.OptionalLong;

/**
 * pcapng: a sequence of blocks, each {@code type, total length, body, total length again}, grouped into
 * sections that each start with a Section Header Block giving the byte order. Interface ids restart in
 * every section; frames are numbered across all of them.
 */
final class PcapngSource implements FrameSource {
    static final int SECTION_HEADER_BLOCK = 0x0a0d0d0a;

    private static final int BYTE_ORDER_MAGIC = 0x1a2b3c4d;
    private static final int OBSOLETE_PACKET_BLOCK = 0x00000002;
    private static final int INTERFACE_DESCRIPTION_BLOCK = 0x00000001;
    private static final int SIMPLE_PACKET_BLOCK = 0x00000003;
    private static final int INTERFACE_STATISTICS_BLOCK = 0x00000005;
    private static final int ENHANCED_PACKET_BLOCK = 0x00000006;
    private static final int DECRYPTION_SECRETS_BLOCK = 0x0000000a;

    private static final int BLOCK_HEADER_LENGTH = 8;
    private static final int BLOCK_TRAILER_LENGTH = 4;
    private static final int MIN_BLOCK_LENGTH = BLOCK_HEADER_LENGTH + BLOCK_TRAILER_LENGTH;
    private static final int MAX_BLOCK_LENGTH = 64 * 1024 * 1024;
    private static final int INITIAL_BUFFER_LENGTH = 64 * 1024;

    // Enhanced and obsolete Packet Blocks: interface, timestamp, captured and original length precede the data
    private static final int PACKET_BLOCK_FIELDS_LENGTH = 20;
    private static final int SIMPLE_PACKET_FIELDS_LENGTH = 4;

    private static final int OPT_END_OF_OPTIONS = 0;
    private static final int IF_NAME = 2;
    private static final int IF_TSRESOL = 9;
    private static final int IF_TSOFFSET = 14;
    // pcapng 4.6: isb_ifrecv is 4, isb_ifdrop 5, isb_osdrop 7
    private static final int ISB_IFDROP = 5;
    private static final int ISB_OSDROP = 7;

    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final long[] POWERS_OF_TEN = {
        1L, 10L, 100L, 1_000L, 10_000L, 100_000L, 1_000_000L, 10_000_000L, 100_000_000L, 1_000_000_000L,
        10_000_000_000L, 100_000_000_000L, 1_000_000_000_000L, 10_000_000_000_000L, 100_000_000_000_000L,
        1_000_000_000_000_000L, 10_000_000_000_000_000L, 100_000_000_000_000_000L, 1_000_000_000_000_000_000L,
    };

    private final CaptureInput input;
    private final List<CaptureInterface> interfaces = new ArrayList<>();
    private final List<SectionInterface> sectionInterfaces = new ArrayList<>();
    private final List<DecryptionSecrets> secrets = new ArrayList<>();
    private final byte[] header = new byte[MIN_BLOCK_LENGTH];
    private byte[] body = new byte[INITIAL_BUFFER_LENGTH];
    private Endian endian = Endian.LITTLE;
    private int section = -1;
    private long lastTimestamp;

    private PcapngSource(CaptureInput input) {
        this.input = input;
    }

    /**
     * Reads the first Section Header Block.
     *
     * @param input positioned after the block type, which was the section header magic number
     */
    static PcapngSource open(CaptureInput input) throws CaptureDamage {
        PcapngSource source = new PcapngSource(input);
        source.readSectionHeader(0, 4, 1);
        return source;
    }

    @Override
    public String format() {
        return "pcapng";
    }

    @Override
    public List<CaptureInterface> interfaces() {
        return Collections.unmodifiableList(interfaces);
    }

    @Override
    public List<DecryptionSecrets> secrets() {
        return Collections.unmodifiableList(secrets);
    }

    @Override
    public Frame readFrame(long number) throws CaptureDamage {
        while (true) {
            long blockOffset = input.offset();
            int got = input.read(header, 0, BLOCK_HEADER_LENGTH);
            if (got == 0) {
                return null;
            }
            if (got < BLOCK_HEADER_LENGTH) {
                throw new CaptureDamage("file ends inside a block header at offset " + blockOffset + " (" + got
                        + " of " + BLOCK_HEADER_LENGTH + " bytes present); " + (number - 1) + " whole frames read",
                        true);
            }

            // the section header's type reads the same in both byte orders; its length needs the new order
            int type = endian.int32(header, 0);
            if (type == SECTION_HEADER_BLOCK) {
                readSectionHeader(blockOffset, BLOCK_HEADER_LENGTH, number);
                continue;
            }
            int bodyLength = readBlock(blockOffset, type, number);
            Frame frame = decodeBlock(type, bodyLength, blockOffset, number);
            if (frame != null) {
                return frame;
            }
        }
    }

    /** Dispatches one block whose body is in {@link #body}; returns its frame if it is a packet block. */
    private Frame decodeBlock(int type, int bodyLength, long blockOffset, long number) throws CaptureDamage {
        switch (type) {
            case ENHANCED_PACKET_BLOCK:
                return decodeEnhancedPacket(bodyLength, blockOffset, number);
            case OBSOLETE_PACKET_BLOCK:
                return decodeObsoletePacket(bodyLength, blockOffset, number);
            case SIMPLE_PACKET_BLOCK:
                return decodeSimplePacket(bodyLength, blockOffset, number);
            case INTERFACE_DESCRIPTION_BLOCK:
                decodeInterfaceDescription(bodyLength, blockOffset);
                return null;
            case INTERFACE_STATISTICS_BLOCK:
                decodeInterfaceStatistics(bodyLength);
                return null;
            case DECRYPTION_SECRETS_BLOCK:
                decodeDecryptionSecrets(bodyLength, blockOffset);
                return null;
            default:
                // name resolution, custom, journal and future blocks say nothing about frames
                return null;
        }
    }

    /**
     * Reads a Section Header Block: byte-order magic, version, section length, options.
     *
     * @param present how many bytes of the block were already read into {@link #header} (4 or 8)
     */
    private void readSectionHeader(long blockOffset, int present, long number) throws CaptureDamage {
        int got = input.read(header, present, MIN_BLOCK_LENGTH - present);
        if (got < MIN_BLOCK_LENGTH - present) {
            throw new CaptureDamage("file ends inside the section header at offset " + blockOffset + " ("
                    + (present + got) + " of " + MIN_BLOCK_LENGTH + " bytes present); " + (number - 1)
                    + " whole frames read", true);
        }

        // the byte-order magic decides how everything in the section is read, the block length included
        int magic = Endian.BIG.int32(header, 8);
        if (magic == BYTE_ORDER_MAGIC) {
            endian = Endian.BIG;
        } else if (magic == Integer.reverseBytes(BYTE_ORDER_MAGIC)) {
            endian = Endian.LITTLE;
        } else {
            throw new CaptureDamage(String.format("section header at offset %d has byte-order magic 0x%08x, "
                    + "expected 0x1a2b3c4d in either byte order", blockOffset, magic), false);
        }
        long length = endian.uint32(header, 4);
        checkBlockLength(length, blockOffset);
        if (length < MIN_BLOCK_LENGTH + 4) {
            throw new CaptureDamage("section header at offset " + blockOffset + " has length " + length
                    + ", less than the minimum of 16", false);
        }

        // the rest: version, section length, options and the trailing length
        int rest = (int) length - MIN_BLOCK_LENGTH;
        int read = readInto(rest);
        if (read < rest) {
            throw new CaptureDamage("file ends inside the section header at offset " + blockOffset + " ("
                    + (MIN_BLOCK_LENGTH + read) + " of " + length + " bytes present); " + (number - 1)
                    + " whole frames read", true);
        }
        checkTrailer(length, rest - BLOCK_TRAILER_LENGTH, blockOffset);
        int major = endian.uint16(body, 0);
        if (major != 1) {
            throw new CaptureDamage("section header at offset " + blockOffset + " has version " + major + "."
                    + endian.uint16(body, 2) + ", expected 1.0", false);
        }
        section++;
        sectionInterfaces.clear();
    }

    /**
     * Reads the body and trailer of the block whose header is in {@link #header}.
     *
     * @return the length of the body, which is in {@link #body}
     */
    private int readBlock(long blockOffset, int type, long number) throws CaptureDamage {
        long length = endian.uint32(header, 4);
        checkBlockLength(length, blockOffset);
        int rest = (int) length - BLOCK_HEADER_LENGTH;
        int got = readInto(rest);
        if (got < rest) {
            throw new CaptureDamage(describeCut(type, blockOffset, length, got, number), true);
        }
        int bodyLength = rest - BLOCK_TRAILER_LENGTH;
        checkTrailer(length, bodyLength, blockOffset);
        return bodyLength;
    }

    private String describeCut(int type, long blockOffset, long length, int got, long number) {
        String whole = "; " + (number - 1) + " whole frames read";
        boolean packetBlock = type == ENHANCED_PACKET_BLOCK || type == OBSOLETE_PACKET_BLOCK;
        if (packetBlock && got >= PACKET_BLOCK_FIELDS_LENGTH) {
            long captured = endian.uint32(body, 12);
            long present = Math.min(captured, got - PACKET_BLOCK_FIELDS_LENGTH);
            return "file ends inside frame " + number + " (" + present + " of " + captured + " bytes present)"
                    + whole;
        }
        if (packetBlock || type == SIMPLE_PACKET_BLOCK) {
            return "file ends inside frame " + number + " (" + (BLOCK_HEADER_LENGTH + got) + " of " + length
                    + " block bytes present)" + whole;
        }
        return String.format("file ends inside a block of type 0x%08x at offset %d (%d of %d bytes present)%s",
                type, blockOffset, BLOCK_HEADER_LENGTH + got, length, whole);
    }

    private static void checkBlockLength(long length, long blockOffset) throws CaptureDamage {
        if (length % 4 != 0) {
            throw new CaptureDamage("block length " + length + " at offset " + blockOffset
                    + " is not a multiple of 4", false);
        }
        if (length < MIN_BLOCK_LENGTH) {
            throw new CaptureDamage("block length " + length + " at offset " + blockOffset
                    + " is less than the minimum of " + MIN_BLOCK_LENGTH, false);
        }
        if (length > MAX_BLOCK_LENGTH) {
            throw new CaptureDamage("block length " + length + " at offset " + blockOffset
                    + " exceeds the maximum of " + MAX_BLOCK_LENGTH, false);
        }
    }

    private void checkTrailer(long length, int trailerAt, long blockOffset) throws CaptureDamage {
        long trailing = endian.uint32(body, trailerAt);
        if (trailing != length) {
            throw new CaptureDamage("block at offset " + blockOffset + " ends with length " + trailing
                    + ", expected " + length + " as at its start", false);
        }
    }

    /**
     * Reads {@code length} bytes into {@link #body}, growing it only as the bytes arrive, so that a bogus
     * length near the end of a file does not allocate what the file does not hold.
     */
    private int readInto(int length) throws CaptureDamage {
        int done = 0;
        while (done < length) {
            if (body.length == done) {
                body = Arrays.copyOf(body, (int) Math.min(length, 2L * body.length));
            }
            int n = input.read(body, done, Math.min(length, body.length) - done);
            if (n == 0) {
                break;
            }
            done += n;
        }
        return done;
    }

    /** Interface Description Block: link type, reserved, snap length, options. */
    private void decodeInterfaceDescription(int bodyLength, long blockOffset) throws CaptureDamage {
        if (bodyLength < 8) {
            throw new CaptureDamage("interface description block at offset " + blockOffset + " has " + bodyLength
                    + " body bytes, expected at least 8", false);
        }
        int linkType = endian.uint16(body, 0);
        int snapLength = endian.int32(body, 4);
        String name = "";
        int tsresol = CaptureInterface.TSRESOL_MICROSECONDS;
        long offsetSeconds = 0;
        for (int at = 8; at + 4 <= bodyLength; ) {
            int code = endian.uint16(body, at);
            int length = endian.uint16(body, at + 2);
            int value = at + 4;
            if (code == OPT_END_OF_OPTIONS || value + length > bodyLength) {
                break;
            }
            if (code == IF_NAME) {
                name = new String(body, value, length, StandardCharsets.UTF_8);
            } else if (code == IF_TSRESOL && length >= 1) {
                tsresol = body[value] & 0xff;
            } else if (code == IF_TSOFFSET && length >= 8) {
                offsetSeconds = endian.int64(body, value);
            }
            at = value + ((length + 3) & ~3);
        }
        int id = sectionInterfaces.size();
        sectionInterfaces.add(new SectionInterface(interfaces.size(), linkType, snapLength, tsresol, offsetSeconds));
        interfaces.add(new CaptureInterface(section, id, linkType, name, snapLength, tsresol, OptionalLong.empty()));
    }

    /**
     * Interface Statistics Block: interface id, timestamp, options. Only the dropped count is kept: isb_ifdrop,
     * or isb_osdrop when a writer gives only that one.
     */
    private void decodeInterfaceStatistics(int bodyLength) {
        if (bodyLength < 12) {
            return;
        }
        long id = endian.uint32(body, 0);
        if (id >= sectionInterfaces.size()) {
            return;
        }
        int global = sectionInterfaces.get((int) id).globalIndex;
        long osDropped = -1;
        boolean ifDropped = false;
        for (int at = 12; at + 4 <= bodyLength; ) {
            int code = endian.uint16(body, at);
            int length = endian.uint16(body, at + 2);
            int value = at + 4;
            if (code == OPT_END_OF_OPTIONS || value + length > bodyLength) {
                break;
            }
            if (code == ISB_IFDROP && length == 8) {
                interfaces.set(global, interfaces.get(global).withDropped(endian.int64(body, value)));
                ifDropped = true;
            } else if (code == ISB_OSDROP && length == 8) {
                osDropped = endian.int64(body, value);
            }
            at = value + ((length + 3) & ~3);
        }
        if (!ifDropped && osDropped >= 0) {
            interfaces.set(global, interfaces.get(global).withDropped(osDropped));
        }
    }

    /** Decryption Secrets Block: secrets type, secrets length, the secrets, options. */
    private void decodeDecryptionSecrets(int bodyLength, long blockOffset) throws CaptureDamage {
        long length = bodyLength >= 8 ? endian.uint32(body, 4) : -1;
        if (length < 0 || length > bodyLength - 8) {
            throw new CaptureDamage("decryption secrets block at offset " + blockOffset + " declares " + length
                    + " bytes of secrets, its body holds " + Math.max(0, bodyLength - 8), false);
        }
        int type = endian.int32(body, 0);
        secrets.add(new DecryptionSecrets(type, Arrays.copyOfRange(body, 8, 8 + (int) length)));
    }

    /** Enhanced Packet Block: interface id, timestamp (high, low), captured length, original length, data. */
    private Frame decodeEnhancedPacket(int bodyLength, long blockOffset, long number) throws CaptureDamage {
        checkPacketFields(bodyLength, blockOffset, number);
        long id = endian.uint32(body, 0);
        return packetFrame(id, endian.highLow(body, 4), endian.uint32(body, 12), endian.uint32(body, 16),
                bodyLength, blockOffset, number);
    }

    /** Obsolete Packet Block: interface id (16 bits), drops count (16 bits), then as the Enhanced one. */
    private Frame decodeObsoletePacket(int bodyLength, long blockOffset, long number) throws CaptureDamage {
        checkPacketFields(bodyLength, blockOffset, number);
        long id = endian.uint16(body, 0);
        return packetFrame(id, endian.highLow(body, 4), endian.uint32(body, 12), endian.uint32(body, 16),
                bodyLength, blockOffset, number);
    }

    private static void checkPacketFields(int bodyLength, long blockOffset, long number) throws CaptureDamage {
        if (bodyLength < PACKET_BLOCK_FIELDS_LENGTH) {
            throw new CaptureDamage("frame " + number + " at offset " + blockOffset + " has a packet block of "
                    + (bodyLength + MIN_BLOCK_LENGTH) + " bytes, expected at least 32", false);
        }
    }

    private Frame packetFrame(long id, long units, long captured, long original, int bodyLength, long blockOffset,
            long number) throws CaptureDamage {
        SectionInterface anInterface = findInterface(id, blockOffset, number);
        if (captured > bodyLength - PACKET_BLOCK_FIELDS_LENGTH) {
            throw new CaptureDamage("frame " + number + " at offset " + blockOffset + " has a captured length of "
                    + captured + " bytes, its block holds " + (bodyLength - PACKET_BLOCK_FIELDS_LENGTH), false);
        }
        byte[] data = Arrays.copyOfRange(body, PACKET_BLOCK_FIELDS_LENGTH,
                PACKET_BLOCK_FIELDS_LENGTH + (int) captured);
        lastTimestamp = anInterface.toNanos(units);
        return new Frame(number, lastTimestamp, anInterface.linkType, anInterface.globalIndex, data,
                (int) Math.min(original, Integer.MAX_VALUE));
    }

    /**
     * Simple Packet Block: original length, then the data, cut to the snap length of interface 0. It has
     * no timestamp; the frame gets the previous frame's time so that time never runs backwards.
     */
    private Frame decodeSimplePacket(int bodyLength, long blockOffset, long number) throws CaptureDamage {
        if (bodyLength < SIMPLE_PACKET_FIELDS_LENGTH) {
            throw new CaptureDamage("frame " + number + " at offset " + blockOffset + " has a simple packet block "
                    + "of " + (bodyLength + MIN_BLOCK_LENGTH) + " bytes, expected at least 16", false);
        }
        SectionInterface anInterface = findInterface(0, blockOffset, number);
        long original = endian.uint32(body, 0);
        long captured = Math.min(original, bodyLength - SIMPLE_PACKET_FIELDS_LENGTH);
        if (anInterface.snapLength > 0) {
            captured = Math.min(captured, anInterface.snapLength);
        }
        byte[] data = Arrays.copyOfRange(body, SIMPLE_PACKET_FIELDS_LENGTH,
                SIMPLE_PACKET_FIELDS_LENGTH + (int) captured);
        return new Frame(number, lastTimestamp, anInterface.linkType, anInterface.globalIndex, data,
                (int) Math.min(original, Integer.MAX_VALUE));
    }

    private SectionInterface findInterface(long id, long blockOffset, long number) throws CaptureDamage {
        if (id >= sectionInterfaces.size()) {
            throw new CaptureDamage("frame " + number + " at offset " + blockOffset + " refers to interface " + id
                    + ", section " + section + " describes " + sectionInterfaces.size(), false);
        }
        return sectionInterfaces.get((int) id);
    }

    /** What a packet block of the current section needs to know about its interface. */
    private static final class SectionInterface {
        final int globalIndex;
        final int linkType;
        final int snapLength;
        final int tsresol;
        final long offsetNanos;

        SectionInterface(int globalIndex, int linkType, int snapLength, int tsresol, long offsetSeconds) {
            this.globalIndex = globalIndex;
            this.linkType = linkType;
            this.snapLength = snapLength;
            this.tsresol = tsresol;
            this.offsetNanos = offsetSeconds * NANOS_PER_SECOND;
        }

        /** Converts a timestamp in the interface's units to nanoseconds since the epoch. */
        long toNanos(long units) {
            int exponent = tsresol & 0x7f;
            if ((tsresol & 0x80) != 0) {
                return offsetNanos + binaryToNanos(units, Math.min(exponent, 63));
            }
            if (exponent <= 9) {
                return offsetNanos + units * POWERS_OF_TEN[9 - exponent];
            }
            return offsetNanos + (exponent - 9 < POWERS_OF_TEN.length ? units / POWERS_OF_TEN[exponent - 9] : 0);
        }

        /** Units of 2^-shift seconds: whole seconds, then the fraction with at most 30 bits kept. */
        private static long binaryToNanos(long units, int shift) {
            long seconds = units >>> shift;
            long fraction = units & ((1L << shift) - 1);
            int bits = shift;
            if (bits > 30) {
                fraction >>>= bits - 30;
                bits = 30;
            }
            return seconds * NANOS_PER_SECOND + ((fraction * NANOS_PER_SECOND) >>> bits);
        }
    }
}
