package io.meshproof.engine.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshproof.engine.flow.Direction;
import io.meshproof.engine.tcp.SegmentScript;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class H2cStreamDecoderTest {
    /** HPACK for ":method GET, :path /, :scheme http, :authority a" with static-table and literal fields. */
    private static final byte[] REQUEST_BLOCK = HexFormat.of().parseHex("828486" + "4101" + "61");
    /** HPACK for ":status 200". */
    private static final byte[] STATUS_200 = HexFormat.of().parseHex("88");

    private final RecordingSink sink = new RecordingSink();
    private final H2cStreamDecoder decoder = new H2cStreamDecoder(sink);

    private static List<HttpExchange> replay(String resource, int chunkBytes) {
        RecordingSink anomalies = new RecordingSink();
        H2cStreamDecoder decoder = new H2cStreamDecoder(anomalies);
        SegmentScript.load(resource).replay(decoder, chunkBytes);
        assertThat(anomalies.anomalies()).isEmpty();
        return decoder.exchanges();
    }

    @ParameterizedTest
    @ValueSource(ints = {Integer.MAX_VALUE, 5, 1})
    void decodesPseudoHeaders_whenPriorKnowledgeH2cIsReplayedInAnyPieces(int chunkBytes) {
        assertThat(replay("/http/h2c-plaintext.46001.segments", chunkBytes)).containsExactly(
                new HttpExchange("GET", "/ip", "httpbin.legacy:8000", 200, "HTTP/2", 8, 9L));
    }

    @ParameterizedTest
    @ValueSource(ints = {Integer.MAX_VALUE, 5})
    void decodesErrorStatus_whenH2cServerAnswers503(int chunkBytes) {
        assertThat(replay("/http/mixed-mesh.48020.segments", chunkBytes)).containsExactly(
                new HttpExchange("GET", "/status/503", "httpbin.legacy:8000", 503, "HTTP/2", 381, 382L));
    }

    @Test
    void decodesPaddedHeadersWithPriority_andContinuation() {
        start();
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        payload.write(3);
        payload.writeBytes(HexFormat.of().parseHex("8000000010"));
        payload.write(REQUEST_BLOCK, 0, 2);
        payload.writeBytes(new byte[3]);
        send(Direction.TO_SERVER, frame(0x1, 0x8 | 0x20 | 0x1, 3, payload.toByteArray()), 3);
        byte[] rest = Arrays.copyOfRange(REQUEST_BLOCK, 2, REQUEST_BLOCK.length);
        send(Direction.TO_SERVER, frame(0x9, 0x4, 3, rest), 4);
        send(Direction.TO_CLIENT, frame(0x1, 0x4, 3, STATUS_200), 5);

        assertThat(decoder.exchanges())
                .containsExactly(new HttpExchange("GET", "/", "a", 200, "HTTP/2", 4, 5L));
        assertThat(sink.anomalies()).isEmpty();
    }

    @Test
    void keepsOneExchangePerStream_whenStreamsInterleave() {
        start();
        send(Direction.TO_SERVER, frame(0x1, 0x5, 1, REQUEST_BLOCK), 3);
        send(Direction.TO_SERVER, frame(0x1, 0x5, 3, REQUEST_BLOCK), 4);
        send(Direction.TO_CLIENT, frame(0x0, 0x0, 1, "ignored data".getBytes(StandardCharsets.US_ASCII)), 5);
        send(Direction.TO_CLIENT, frame(0x1, 0x4, 3, HexFormat.of().parseHex("8d")), 6);
        send(Direction.TO_CLIENT, frame(0x1, 0x4, 1, STATUS_200), 7);

        assertThat(decoder.exchanges()).extracting(HttpExchange::status).containsExactly(200, 404);
        assertThat(decoder.exchanges()).extracting(HttpExchange::responseFrame).containsExactly(7L, 6L);
    }

    @Test
    void stopsClientDirection_whenPrefaceIsWrong() {
        send(Direction.TO_SERVER, "GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII), 1);

        assertThat(sink.anomalies()).singleElement().satisfies(anomaly -> {
            assertThat(anomaly.id()).isEqualTo("http2.preface.invalid");
            assertThat(anomaly.detail()).startsWith("client: found 474554202f20485454502f312e310d0a0d0a,");
        });
    }

    @Test
    void reportsHpackFailure_whenIndexIsOutOfTable() {
        start();
        send(Direction.TO_SERVER, frame(0x1, 0x5, 1, HexFormat.of().parseHex("ff00")), 3);
        send(Direction.TO_SERVER, frame(0x1, 0x5, 3, REQUEST_BLOCK), 4);

        assertThat(sink.ids()).containsExactly("http2.hpack.invalid");
        assertThat(decoder.exchanges()).isEmpty();
    }

    @Test
    void reportsMissingContinuation_whenAnotherFrameInterrupts() {
        start();
        send(Direction.TO_SERVER, frame(0x1, 0x1, 1, REQUEST_BLOCK), 3);
        send(Direction.TO_SERVER, frame(0x8, 0x0, 0, new byte[4]), 4);

        assertThat(sink.ids()).containsExactly("http2.continuation.missing");
    }

    @Test
    void reportsPadding_whenLongerThanPayload() {
        start();
        send(Direction.TO_SERVER, frame(0x1, 0x8 | 0x4, 1, new byte[] {9, 0x40}), 3);

        assertThat(sink.ids()).containsExactly("http2.padding.invalid");
    }

    @Test
    void reportsIncompleteFrame_whenStreamEndsInsideIt() {
        start();
        byte[] headers = frame(0x1, 0x4, 1, REQUEST_BLOCK);
        decoder.onData(Direction.TO_SERVER, headers, 0, headers.length - 1, 3);
        decoder.onEnd();

        assertThat(sink.ids()).containsExactly("http2.frame.incomplete");
    }

    @Test
    void reportsGap_andStopsThatDirection() {
        start();
        decoder.onGap(Direction.TO_CLIENT, 100, 3);
        send(Direction.TO_CLIENT, frame(0x1, 0x4, 1, STATUS_200), 4);

        assertThat(sink.ids()).containsExactly("http2.stream.gap");
        assertThat(decoder.exchanges()).isEmpty();
    }

    private void start() {
        ByteArrayOutputStream client = new ByteArrayOutputStream();
        client.writeBytes(HttpDetector.H2_PREFACE);
        client.writeBytes(frame(0x4, 0, 0, new byte[0]));
        send(Direction.TO_SERVER, client.toByteArray(), 1);
        send(Direction.TO_CLIENT, frame(0x4, 0, 0, new byte[0]), 2);
    }

    private void send(Direction direction, byte[] bytes, long frame) {
        decoder.onData(direction, bytes, 0, bytes.length, frame);
    }

    private static byte[] frame(int type, int flags, int streamId, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(payload.length >>> 16);
        out.write(payload.length >>> 8);
        out.write(payload.length);
        out.write(type);
        out.write(flags);
        out.write(streamId >>> 24);
        out.write(streamId >>> 16);
        out.write(streamId >>> 8);
        out.write(streamId);
        out.writeBytes(payload);
        return out.toByteArray();
    }
}
