package io.meshproof.engine.fingerprint;

import io.meshproof.engine.flow.Direction;
import io.meshproof.engine.tcp.SegmentScript;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A small test-side reader of the first ClientHello and ServerHello of a {@link SegmentScript}, independent
 * of the engine's TLS decoder, so the fingerprints can be checked on real hellos. It trusts its input (real
 * captures): it reads the direction's bytes in order, joins the payloads of its leading handshake records,
 * and decodes the first handshake message as RFC 8446 4.1.2 and 4.1.3 lay it out.
 */
final class HelloBytes {
    private static final int RECORD_HEADER_LENGTH = 5;
    private static final int HANDSHAKE = 22;
    private static final int RANDOM_LENGTH = 32;
    private static final int SUPPORTED_GROUPS = 10;
    private static final int EC_POINT_FORMATS = 11;
    private static final int SIGNATURE_ALGORITHMS = 13;
    private static final int ALPN = 16;
    private static final int SUPPORTED_VERSIONS = 43;

    private HelloBytes() {
    }

    /** The fields of the client's first handshake message, which must be a ClientHello. */
    static ClientHelloFields clientHello(SegmentScript script) {
        ByteBuffer body = firstHandshake(script, Direction.TO_SERVER, 1);
        int legacyVersion = u16(body);
        skip(body, RANDOM_LENGTH);
        skip(body, u8(body));
        List<Integer> ciphers = u16List(slice(body, u16(body)));
        skip(body, u8(body));

        List<Integer> types = new ArrayList<>();
        List<Integer> groups = List.of();
        List<Integer> pointFormats = List.of();
        List<Integer> signatures = List.of();
        List<String> alpn = List.of();
        List<Integer> versions = List.of();
        ByteBuffer extensions = body.hasRemaining() ? slice(body, u16(body)) : ByteBuffer.allocate(0);
        while (extensions.hasRemaining()) {
            int type = u16(extensions);
            ByteBuffer data = slice(extensions, u16(extensions));
            types.add(type);
            switch (type) {
                case SUPPORTED_GROUPS -> groups = u16List(slice(data, u16(data)));
                case EC_POINT_FORMATS -> pointFormats = u8List(slice(data, u8(data)));
                case SIGNATURE_ALGORITHMS -> signatures = u16List(slice(data, u16(data)));
                case ALPN -> alpn = protocolNames(slice(data, u16(data)));
                case SUPPORTED_VERSIONS -> versions = u16List(slice(data, u8(data)));
                default -> {
                    // server_name and the others are fingerprinted by their type alone
                }
            }
        }
        return new ClientHelloFields(legacyVersion, ciphers, types, groups, pointFormats, signatures, alpn,
                versions, false);
    }

    /** The fields of the server's first handshake message, which must be a ServerHello. */
    static ServerHelloFields serverHello(SegmentScript script) {
        ByteBuffer body = firstHandshake(script, Direction.TO_CLIENT, 2);
        int legacyVersion = u16(body);
        skip(body, RANDOM_LENGTH);
        skip(body, u8(body));
        int cipher = u16(body);
        skip(body, 1);

        List<Integer> types = new ArrayList<>();
        ByteBuffer extensions = body.hasRemaining() ? slice(body, u16(body)) : ByteBuffer.allocate(0);
        while (extensions.hasRemaining()) {
            types.add(u16(extensions));
            skip(extensions, u16(extensions));
        }
        return new ServerHelloFields(legacyVersion, cipher, types);
    }

    /** The body of the first handshake message one direction sent, checked to be of the given type. */
    private static ByteBuffer firstHandshake(SegmentScript script, Direction direction, int expectedType) {
        ByteBuffer stream = ByteBuffer.wrap(streamBytes(script, direction));
        ByteArrayOutputStream handshakes = new ByteArrayOutputStream();
        while (stream.remaining() >= RECORD_HEADER_LENGTH && stream.get(stream.position()) == HANDSHAKE) {
            skip(stream, 3);
            ByteBuffer fragment = slice(stream, u16(stream));
            handshakes.write(fragment.array(), fragment.arrayOffset() + fragment.position(), fragment.remaining());
        }
        ByteBuffer messages = ByteBuffer.wrap(handshakes.toByteArray());
        int type = u8(messages);
        if (type != expectedType) {
            throw new IllegalArgumentException("first handshake message is type " + type + ", expected "
                    + expectedType);
        }
        int length = (u8(messages) << 16) | u16(messages);
        return slice(messages, length);
    }

    private static byte[] streamBytes(SegmentScript script, Direction direction) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        script.segments().stream()
                .filter(segment -> segment.direction() == direction)
                .forEach(segment -> out.writeBytes(segment.payload()));
        return out.toByteArray();
    }

    private static List<String> protocolNames(ByteBuffer list) {
        List<String> names = new ArrayList<>();
        while (list.hasRemaining()) {
            ByteBuffer name = slice(list, u8(list));
            byte[] bytes = new byte[name.remaining()];
            name.get(bytes);
            names.add(new String(bytes, StandardCharsets.ISO_8859_1));
        }
        return names;
    }

    private static List<Integer> u16List(ByteBuffer data) {
        List<Integer> values = new ArrayList<>();
        while (data.remaining() >= 2) {
            values.add(u16(data));
        }
        return values;
    }

    private static List<Integer> u8List(ByteBuffer data) {
        List<Integer> values = new ArrayList<>();
        while (data.hasRemaining()) {
            values.add(u8(data));
        }
        return values;
    }

    private static ByteBuffer slice(ByteBuffer buffer, int length) {
        ByteBuffer slice = buffer.slice(buffer.position(), length);
        skip(buffer, length);
        return slice;
    }

    private static void skip(ByteBuffer buffer, int length) {
        buffer.position(buffer.position() + length);
    }

    private static int u8(ByteBuffer buffer) {
        return buffer.get() & 0xff;
    }

    private static int u16(ByteBuffer buffer) {
        return buffer.getShort() & 0xffff;
    }
}
