package io.meshproof.engine.capture;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Writes small pcapng files block by block, for the cases the real captures do not hold. */
final class PcapngBuilder {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private ByteOrder order = ByteOrder.LITTLE_ENDIAN;

    PcapngBuilder section(ByteOrder byteOrder) {
        order = byteOrder;
        ByteBuffer body = buffer(16);
        body.putInt(0x1a2b3c4d).putShort((short) 1).putShort((short) 0).putLong(-1);
        return block(0x0a0d0d0a, body.array());
    }

    PcapngBuilder interfaceDescription(int linkType, String name, int tsresol) {
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        ByteBuffer body = buffer(8 + 4 + padded(nameBytes.length) + 8 + 4);
        body.putShort((short) linkType).putShort((short) 0).putInt(262144);
        body.putShort((short) 2).putShort((short) nameBytes.length).put(nameBytes);
        body.position(body.position() + padded(nameBytes.length) - nameBytes.length);
        body.putShort((short) 9).putShort((short) 1).put((byte) tsresol).put(new byte[3]);
        body.putShort((short) 0).putShort((short) 0);
        return block(1, body.array());
    }

    PcapngBuilder enhancedPacket(int interfaceId, long units, byte[] data) {
        ByteBuffer body = buffer(20 + padded(data.length));
        body.putInt(interfaceId).putInt((int) (units >>> 32)).putInt((int) units);
        body.putInt(data.length).putInt(data.length).put(data);
        return block(6, body.array());
    }

    PcapngBuilder obsoletePacket(int interfaceId, long units, byte[] data) {
        ByteBuffer body = buffer(20 + padded(data.length));
        body.putShort((short) interfaceId).putShort((short) 0).putInt((int) (units >>> 32)).putInt((int) units);
        body.putInt(data.length).putInt(data.length).put(data);
        return block(2, body.array());
    }

    PcapngBuilder simplePacket(byte[] data) {
        ByteBuffer body = buffer(4 + padded(data.length));
        body.putInt(data.length).put(data);
        return block(3, body.array());
    }

    /** An Interface Statistics Block with isb_ifdrop. */
    PcapngBuilder interfaceStatistics(int interfaceId, long dropped) {
        return interfaceStatistics(interfaceId, 5, dropped);
    }

    /** An Interface Statistics Block with one 64-bit counter option: 4 ifrecv, 5 ifdrop, 7 osdrop. */
    PcapngBuilder interfaceStatistics(int interfaceId, int optionCode, long count) {
        ByteBuffer body = buffer(12 + 12 + 4);
        body.putInt(interfaceId).putInt(0).putInt(0);
        body.putShort((short) optionCode).putShort((short) 8).putLong(count);
        body.putShort((short) 0).putShort((short) 0);
        return block(5, body.array());
    }

    PcapngBuilder decryptionSecrets(int type, String secrets) {
        byte[] bytes = secrets.getBytes(StandardCharsets.UTF_8);
        ByteBuffer body = buffer(8 + padded(bytes.length));
        body.putInt(type).putInt(bytes.length).put(bytes);
        return block(10, body.array());
    }

    /** A block of any type and body, e.g. a custom or unknown one. */
    PcapngBuilder block(int type, byte[] body) {
        ByteBuffer block = buffer(12 + body.length);
        block.putInt(type).putInt(12 + body.length).put(body).putInt(12 + body.length);
        out.writeBytes(block.array());
        return this;
    }

    /** Raw bytes, to damage the file on purpose. */
    PcapngBuilder raw(byte[] bytes) {
        out.writeBytes(bytes);
        return this;
    }

    byte[] bytes() {
        return out.toByteArray();
    }

    private ByteBuffer buffer(int length) {
        return ByteBuffer.allocate(length).order(order);
    }

    private static int padded(int length) {
        return (length + 3) & ~3;
    }
}
