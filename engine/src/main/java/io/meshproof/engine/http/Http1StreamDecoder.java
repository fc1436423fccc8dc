package io.meshproof.engine.http;

import io.meshproof.engine.anomaly.Anomaly;
import io.meshproof.engine.anomaly.AnomalySink;
import io.meshproof.engine.dissect.Field;
import io.meshproof.engine.dissect.FrameEvents;
import io.meshproof.engine.flow.Direction;
import io.meshproof.engine.tcp.StreamConsumer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Decodes the HTTP/1.x exchanges of one TCP connection. Requests and responses may be split across
 * segments at any byte; several exchanges may share the connection, and pipelined responses are matched
 * to requests in order (RFC 9112 9.3.2). Bodies are skipped by their framing, never kept.
 */
public final class Http1StreamDecoder implements StreamConsumer {
    private final AnomalySink sink;
    private final Http1MessageReader requestReader;
    private final Http1MessageReader responseReader;
    private final List<PendingExchange> exchanges = new ArrayList<>();
    private final Deque<PendingExchange> awaitingResponse = new ArrayDeque<>();
    // Wireshark's fields for the header fields it names; the others are shown as http.header
    private static final Map<String, String> HEADER_FIELDS = Map.of(
            "host", "http.host", "user-agent", "http.user_agent", "accept", "http.accept",
            "content-type", "http.content_type", "content-length", "http.content_length_header",
            "server", "http.server", "connection", "http.connection", "date", "http.date");

    private long lastFrame;
    private FrameEvents events = FrameEvents.NONE;

    public Http1StreamDecoder(AnomalySink sink) {
        this.sink = sink;
        Listener listener = new Listener();
        this.requestReader = new Http1MessageReader(true, sink, listener);
        this.responseReader = new Http1MessageReader(false, sink, listener);
    }

    /** Reports each message head from now on to {@code events}, for {@code meshproof dissect}. */
    public void reportFramesTo(FrameEvents events) {
        this.events = events;
    }

    /** The request line or status line and the header fields of a head, as Wireshark names them. */
    private void reportHead(Http1Head head, long frame) {
        if (!events.enabled()) {
            return;
        }
        List<Field> fields = new ArrayList<>();
        String info;
        if (head.isRequest()) {
            info = head.method() + " " + head.target() + " " + head.version();
            fields.add(Field.of("http.request.method", head.method()));
            fields.add(Field.of("http.request.uri", head.target()));
            fields.add(Field.of("http.request.version", head.version()));
        } else {
            info = head.version() + " " + head.status() + (head.reason().isEmpty() ? "" : " " + head.reason());
            fields.add(Field.of("http.response.version", head.version()));
            fields.add(Field.of("http.response.code", head.status()));
            fields.add(Field.of("http.response.phrase", head.reason()));
        }
        for (Http1Head.Field field : head.fields()) {
            String name = HEADER_FIELDS.get(field.name().toLowerCase(Locale.ROOT));
            fields.add(name == null ? Field.of("http.header", field.name() + ": " + field.value())
                    : Field.of(name, field.value()));
        }
        fields.add(Field.undecoded("the message body is skipped by its framing, not shown"));
        events.layer(frame, "HTTP", info, fields);
    }

    /** The exchanges decoded so far, in request order; a response without a request comes where it was seen. */
    public List<HttpExchange> exchanges() {
        return exchanges.stream().map(PendingExchange::toExchange).toList();
    }

    @Override
    public void onData(Direction direction, byte[] data, int offset, int length, long frame) {
        lastFrame = frame;
        reader(direction).read(data, offset, length, frame);
    }

    @Override
    public void onGap(Direction direction, long missingBytes, long frame) {
        lastFrame = frame;
        reader(direction).gap(missingBytes, frame);
    }

    @Override
    public void onEnd() {
        requestReader.end(lastFrame);
        responseReader.end(lastFrame);
    }

    private Http1MessageReader reader(Direction direction) {
        return direction == Direction.TO_SERVER ? requestReader : responseReader;
    }

    /** An exchange while it is being decoded: the response fields are filled in when it arrives. */
    private static final class PendingExchange {
        private final Http1Head request;
        private final long requestFrame;
        private Http1Head response;
        private Long responseFrame;

        PendingExchange(Http1Head request, long requestFrame) {
            this.request = request;
            this.requestFrame = requestFrame;
        }

        HttpExchange toExchange() {
            String method = request == null ? null : request.method();
            String path = request == null ? null : request.target();
            String host = request == null ? null : request.field("Host");
            Integer status = response == null ? null : response.status();
            String version = request != null ? request.version() : response.version();
            return new HttpExchange(method, path, host, status, version, requestFrame, responseFrame);
        }
    }

    private final class Listener implements Http1MessageReader.Listener {
        @Override
        public void onRequestHead(Http1Head head, long frame) {
            reportHead(head, frame);
            PendingExchange exchange = new PendingExchange(head, frame);
            exchanges.add(exchange);
            awaitingResponse.addLast(exchange);
        }

        @Override
        public String onResponseHead(Http1Head head, long frame) {
            reportHead(head, frame);
            // RFC 9110 15.2: a 1xx response is interim; the final response to the same request follows.
            boolean interim = head.status() / 100 == 1 && head.status() != 101;
            if (interim) {
                PendingExchange next = awaitingResponse.peekFirst();
                return next == null ? null : next.request.method();
            }
            PendingExchange exchange = awaitingResponse.pollFirst();
            if (exchange == null) {
                sink.report(new Anomaly(HttpAnomalies.RESPONSE_UNSOLICITED, frame, -1,
                        "response " + head.status() + " with no outstanding request, expected a request first"));
                exchange = new PendingExchange(null, 0);
                exchanges.add(exchange);
            }
            exchange.response = head;
            exchange.responseFrame = frame;
            return exchange.request == null ? null : exchange.request.method();
        }

        @Override
        public void onUpgrade() {
            requestReader.stop();
            responseReader.stop();
        }
    }
}
