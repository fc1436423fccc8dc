package io.meshproof.engine.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.meshproof.engine.flow.Direction;
import io.meshproof.engine.tcp.SegmentScript;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Http1StreamDecoderTest {
    private final RecordingSink sink = new RecordingSink();
    private final Http1StreamDecoder decoder = new Http1StreamDecoder(sink);

    private static List<HttpExchange> replay(String resource, int chunkBytes) {
        RecordingSink anomalies = new RecordingSink();
        Http1StreamDecoder decoder = new Http1StreamDecoder(anomalies);
        SegmentScript.load(resource).replay(decoder, chunkBytes);
        assertThat(anomalies.anomalies()).isEmpty();
        return decoder.exchanges();
    }

    @ParameterizedTest
    @ValueSource(ints = {Integer.MAX_VALUE, 5, 1})
    void decodesPlaintextGet_whenReplayedInAnyPieces(int chunkBytes) {
        List<HttpExchange> exchanges = replay("/http/seed-legacy-to-foo.41001.segments", chunkBytes);

        assertThat(exchanges).containsExactly(
                new HttpExchange("GET", "/ip", "httpbin.foo:8000", 200, "HTTP/1.1", 4, 14L));
    }

    @Test
    void decodesLocalHop_whenSidecarRepeatsTheRequest() {
        assertThat(replay("/http/seed-legacy-to-foo.51001.segments", 5)).containsExactly(
                new HttpExchange("GET", "/ip", "httpbin.foo:8000", 200, "HTTP/1.1", 9, 11L));
    }

    @Test
    void decodesExchange_whenConnectionIsIpv6() {
        assertThat(replay("/http/ipv6.40101.segments", 5)).containsExactly(
                new HttpExchange("GET", "/ip", "httpbin.foo:8000", 200, "HTTP/1.1", 4, 14L));
    }

    @ParameterizedTest
    @ValueSource(strings = {"48007:/status/418:httpbin.bar:8000:418", "48032:/status/503:httpbin.legacy:8000:503",
            "48037:/status/418:httpbin.legacy:8000:418"})
    void decodesErrorStatus_whenServerAnswersWithIt(String flow) {
        String[] parts = flow.split(":");
        String resource = "/http/mixed-mesh." + parts[0] + ".segments";
        String host = parts[2] + ":" + parts[3];

        for (int chunk : new int[] {Integer.MAX_VALUE, 5}) {
            assertThat(replay(resource, chunk))
                    .extracting(HttpExchange::method, HttpExchange::path, HttpExchange::host, HttpExchange::status)
                    .containsExactly(tuple("GET", parts[1], host, Integer.parseInt(parts[4])));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"48008", "48022"})
    void decodesRequestWithoutStatus_whenStrictListenerClosedTheConnection(String clientPort) {
        List<HttpExchange> exchanges = replay("/http/mixed-mesh." + clientPort + ".segments", 5);

        assertThat(exchanges).singleElement().satisfies(exchange -> {
            assertThat(exchange.method()).isEqualTo("GET");
            assertThat(exchange.path()).isEqualTo("/ip");
            assertThat(exchange.host()).isEqualTo("httpbin.foo:8000");
            assertThat(exchange.status()).isNull();
            assertThat(exchange.responseFrame()).isNull();
        });
    }

    @Test
    void matchesResponsesInOrder_whenRealRequestsArePipelined() {
        // Two real connections of the capture put on one: both requests first, then both responses.
        SegmentScript first = SegmentScript.load("/http/mixed-mesh.48007.segments");
        SegmentScript second = SegmentScript.load("/http/mixed-mesh.48032.segments");
        byte[] requests = concat(payload(first, Direction.TO_SERVER), payload(second, Direction.TO_SERVER));
        byte[] responses = concat(payload(first, Direction.TO_CLIENT), payload(second, Direction.TO_CLIENT));

        feedInPieces(Direction.TO_SERVER, requests, 7, 1);
        feedInPieces(Direction.TO_CLIENT, responses, 3, 2);
        decoder.onEnd();

        assertThat(decoder.exchanges())
                .extracting(HttpExchange::path, HttpExchange::status)
                .containsExactly(tuple("/status/418", 418), tuple("/status/503", 503));
        assertThat(sink.anomalies()).isEmpty();
    }

    @Test
    void skipsChunkedBody_whenResponseUsesTransferEncoding() {
        send(Direction.TO_SERVER, "GET /a HTTP/1.1\r\nHost: h\r\n\r\nGET /b HTTP/1.1\r\nHost: h\r\n\r\n", 1);
        send(Direction.TO_CLIENT, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5;ext=1\r\nHTTP/\r\n1B\r\nHTTP/1.1 500 not a response\r\n0\r\nTrailer: x\r\n\r\n"
                + "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n", 2);

        assertThat(decoder.exchanges())
                .extracting(HttpExchange::path, HttpExchange::status)
                .containsExactly(tuple("/a", 200), tuple("/b", 404));
        assertThat(sink.anomalies()).isEmpty();
    }

    @Test
    void skipsRequestBody_whenContentLengthIsGiven() {
        send(Direction.TO_SERVER, "POST /p HTTP/1.1\r\nHost: h\r\nContent-Length: 16\r\n\r\n"
                + "GET /x HTTP/1.1\r\nGET /q HTTP/1.0\r\n\r\n", 3);

        assertThat(decoder.exchanges())
                .extracting(HttpExchange::method, HttpExchange::path, HttpExchange::version)
                .containsExactly(tuple("POST", "/p", "HTTP/1.1"), tuple("GET", "/q", "HTTP/1.0"));
    }

    @Test
    void skipsNoBody_whenResponseAnswersHead() {
        send(Direction.TO_SERVER, "HEAD /h HTTP/1.1\r\nHost: h\r\n\r\nGET /g HTTP/1.1\r\nHost: h\r\n\r\n", 1);
        send(Direction.TO_CLIENT, "HTTP/1.1 200 OK\r\nContent-Length: 99\r\n\r\n"
                + "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 304 Not Modified\r\n\r\n", 2);

        assertThat(decoder.exchanges())
                .extracting(HttpExchange::path, HttpExchange::status)
                .containsExactly(tuple("/h", 200), tuple("/g", 304));
    }

    @Test
    void joinsFoldedHost_whenHeadersHaveOddWhitespace() {
        send(Direction.TO_SERVER, "\r\nGET  /w   HTTP/1.1\nHost :\t  \n  example.test  \nX-Empty:\n\n", 1);

        assertThat(decoder.exchanges()).singleElement()
                .extracting(HttpExchange::path, HttpExchange::host)
                .containsExactly("/w", "example.test");
        assertThat(sink.ids()).containsExactly("http.header.whitespace", "http.header.folded");
    }

    @Test
    void reportsUnsolicitedResponse_whenNoRequestWasSeen() {
        send(Direction.TO_CLIENT, "HTTP/1.1 204 No Content\r\n\r\n", 8);

        assertThat(decoder.exchanges())
                .containsExactly(new HttpExchange(null, null, null, 204, "HTTP/1.1", 0, 8L));
        assertThat(sink.ids()).containsExactly("http.response.unsolicited");
    }

    @Test
    void stopsDirection_whenRequestLineIsMalformed() {
        send(Direction.TO_SERVER, "GET /only-two-parts\r\n\r\nGET /later HTTP/1.1\r\n\r\n", 5);

        assertThat(decoder.exchanges()).isEmpty();
        assertThat(sink.anomalies()).singleElement().satisfies(anomaly -> {
            assertThat(anomaly.id()).isEqualTo("http.request_line.invalid");
            assertThat(anomaly.frame()).isEqualTo(5);
            assertThat(anomaly.offset()).isZero();
            assertThat(anomaly.detail()).isEqualTo("request: found 'GET /only-two-parts', "
                    + "expected 'method SP request-target SP HTTP/1.x'");
        });
    }

    @Test
    void reportsStatusLine_whenCodeIsNotThreeDigits() {
        send(Direction.TO_SERVER, "GET / HTTP/1.1\r\n\r\n", 1);
        send(Direction.TO_CLIENT, "HTTP/1.1 20x OK\r\n\r\n", 2);

        assertThat(sink.ids()).containsExactly("http.status_line.invalid");
        assertThat(decoder.exchanges()).singleElement().extracting(HttpExchange::status).isNull();
    }

    @Test
    void reportsContentLength_whenCopiesDisagree() {
        send(Direction.TO_SERVER, "POST / HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd", 1);

        assertThat(sink.ids()).containsExactly("http.content_length.invalid");
    }

    @Test
    void reportsChunkSize_whenItIsNotHex() {
        send(Direction.TO_SERVER, "GET / HTTP/1.1\r\n\r\n", 1);
        send(Direction.TO_CLIENT, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", 2);

        assertThat(sink.ids()).containsExactly("http.chunk_size.invalid");
        assertThat(decoder.exchanges()).singleElement().extracting(HttpExchange::status).isEqualTo(200);
    }

    @Test
    void reportsIncompleteMessage_whenStreamEndsInsideBody() {
        send(Direction.TO_SERVER, "PUT /u HTTP/1.1\r\nContent-Length: 10\r\n\r\nabc", 1);
        decoder.onEnd();

        assertThat(sink.ids()).containsExactly("http.message.incomplete");
    }

    @Test
    void resynchronises_whenGapFallsBetweenMessages() {
        decoder.onGap(Direction.TO_SERVER, -1, 1);
        send(Direction.TO_SERVER, "ody of a lost request\r\nGET /next HTTP/1.1\r\nHost: h\r\n\r\n", 2);
        send(Direction.TO_CLIENT, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", 3);

        assertThat(decoder.exchanges()).extracting(HttpExchange::path, HttpExchange::status)
                .containsExactly(tuple("/next", 200));
        assertThat(sink.ids()).containsExactly("http.stream.gap");
    }

    @Test
    void staysInStep_whenGapFallsInsideCountedBody() {
        send(Direction.TO_SERVER, "GET / HTTP/1.1\r\n\r\nGET /2 HTTP/1.1\r\n\r\n", 1);
        send(Direction.TO_CLIENT, "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nab", 2);
        decoder.onGap(Direction.TO_CLIENT, 6, 3);
        send(Direction.TO_CLIENT, "cdHTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n", 4);

        assertThat(decoder.exchanges()).extracting(HttpExchange::status).containsExactly(200, 201);
        assertThat(sink.anomalies()).isEmpty();
    }

    @Test
    void stopsBothDirections_whenServerSwitchesProtocols() {
        send(Direction.TO_SERVER, "GET /ws HTTP/1.1\r\nUpgrade: websocket\r\n\r\n\u0081\u0005hello", 1);
        send(Direction.TO_CLIENT, "HTTP/1.1 101 Switching Protocols\r\n\r\n\u0081\u0002hi", 2);
        decoder.onEnd();

        assertThat(decoder.exchanges()).extracting(HttpExchange::status).containsExactly(101);
        assertThat(sink.anomalies()).isEmpty();
    }

    private void send(Direction direction, String text, long frame) {
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        decoder.onData(direction, bytes, 0, bytes.length, frame);
    }

    private void feedInPieces(Direction direction, byte[] bytes, int pieceBytes, long frame) {
        for (int off = 0; off < bytes.length; off += pieceBytes) {
            decoder.onData(direction, bytes, off, Math.min(pieceBytes, bytes.length - off), frame);
        }
    }

    private static byte[] payload(SegmentScript script, Direction direction) {
        return script.segments().stream().filter(segment -> segment.direction() == direction)
                .map(SegmentScript.Segment::payload).reduce(new byte[0], Http1StreamDecoderTest::concat);
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] out = new byte[first.length + second.length];
        System.arraycopy(first, 0, out, 0, first.length);
        System.arraycopy(second, 0, out, first.length, second.length);
        return out;
    }
}
