package io.meshproof.engine.capture;

/** The byte order a pcap file or pcapng section was written in, and how to read its integers. */
enum Endian {
    BIG {
        @Override
        int uint16(byte[] b, int at) {
            return (b[at] & 0xff) << 8 | (b[at + 1] & 0xff);
        }

        @Override
        int int32(byte[] b, int at) {
            return (b[at] & 0xff) << 24 | (b[at + 1] & 0xff) << 16 | (b[at + 2] & 0xff) << 8 | (b[at + 3] & 0xff);
        }
    },
    LITTLE {
        @Override
        int uint16(byte[] b, int at) {
            return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8;
        }

        @Override
        int int32(byte[] b, int at) {
            return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8 | (b[at + 2] & 0xff) << 16 | (b[at + 3] & 0xff) << 24;
        }
    };

    abstract int uint16(byte[] b, int at);

    abstract int int32(byte[] b, int at);

    long uint32(byte[] b, int at) {
        return int32(b, at) & 0xffffffffL;
    }

    /** A 64-bit value stored as two 32-bit halves, most significant first (pcapng timestamps). */
    long highLow(byte[] b, int at) {
        return uint32(b, at) << 32 | uint32(b, at + 4);
    }

    /** A 64-bit value stored whole in this byte order (pcapng option values). */
    long int64(byte[] b, int at) {
        return this == BIG ? highLow(b, at) : uint32(b, at + 4) << 32 | uint32(b, at);
    }
}
