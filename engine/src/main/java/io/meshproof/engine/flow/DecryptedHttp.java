package io.meshproof.engine.flow;

import io.meshproof.engine.anomaly.AnomalySink;
import io.meshproof.engine.dissect.FrameEvents;
import io.meshproof.engine.http.H2cStreamDecoder;
import io.meshproof.engine.http.Http1StreamDecoder;
import io.meshproof.engine.http.HttpDetector;
import io.meshproof.engine.http.HttpExchange;
import io.meshproof.engine.tcp.StreamConsumer;
import io.meshproof.engine.tls.TlsStreamDecoder;
import java.util.List;
import java.util.Locale;

/**
 * The decrypted application data of one TLS connection, handed to the HTTP/2 or HTTP/1 decoder: the one the
 * server's ALPN choice names, or failing that the one the first decrypted bytes look like. Data that is
 * neither is left undecoded. Used by flow assembly and by {@code dissect} alike.
 */
public final class DecryptedHttp implements StreamConsumer {
    private final AnomalySink anomalies;
    private final FrameEvents events;
    private TlsStreamDecoder tls;
    private StreamConsumer inner;
    private Http1StreamDecoder http1;
    private H2cStreamDecoder h2;
    private boolean undecoded;

    /** @param events where the inner decoders report per-frame layers; {@link FrameEvents#NONE} for none */
    public DecryptedHttp(AnomalySink anomalies, FrameEvents events) {
        this.anomalies = anomalies;
        this.events = events;
    }

    /** The connection whose selected ALPN decides the protocol; set before its first application data. */
    public void readAlpnFrom(TlsStreamDecoder connection) {
        this.tls = connection;
    }

    @Override
    public void onData(Direction direction, byte[] data, int offset, int length, long frame) {
        if (inner == null && !undecoded) {
            choose(direction, data, offset, length);
        }
        if (inner != null) {
            inner.onData(direction, data, offset, length, frame);
        }
    }

    @Override
    public void onGap(Direction direction, long missingBytes, long frame) {
        if (inner != null) {
            inner.onGap(direction, missingBytes, frame);
        }
    }

    @Override
    public void onEnd() {
        if (inner != null) {
            inner.onEnd();
        }
    }

    /** The exchanges decoded inside the connection, in order. */
    public List<HttpExchange> exchanges() {
        return http1 != null ? http1.exchanges() : h2 != null ? h2.exchanges() : List.of();
    }

    /** "http/1.1", "h2" or "unknown" once application data was decrypted; null when none was. */
    public String protocol() {
        if (h2 != null) {
            return "h2";
        }
        if (http1 != null) {
            List<HttpExchange> exchanges = http1.exchanges();
            String version = exchanges.isEmpty() ? null : exchanges.get(0).version();
            return version == null ? "http/1.1" : version.toLowerCase(Locale.ROOT);
        }
        return undecoded ? "unknown" : null;
    }

    private void choose(Direction direction, byte[] data, int offset, int length) {
        String alpn = tls == null ? null : tls.alpnSelected();
        boolean toServer = direction == Direction.TO_SERVER;
        boolean preface = toServer && HttpDetector.looksLikeH2Preface(data, offset, length);
        if ("h2".equals(alpn) || alpn == null && preface) {
            h2 = new H2cStreamDecoder(anomalies);
            h2.reportFramesTo(events);
            inner = h2;
        } else if (alpn != null && alpn.startsWith("http/1.")
                || toServer && HttpDetector.looksLikeHttp1Request(data, offset, length)
                || !toServer && HttpDetector.looksLikeHttp1Response(data, offset, length)) {
            http1 = new Http1StreamDecoder(anomalies);
            http1.reportFramesTo(events);
            inner = http1;
        } else {
            undecoded = true;
        }
    }
}
