package io.meshproof.engine.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.meshproof.engine.anomaly.Anomaly;
import io.meshproof.engine.flow.Direction;
import io.meshproof.engine.tcp.SegmentScript;
import io.meshproof.engine.tcp.SegmentScript.Segment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Real connections with bytes changed in the test: each malformation is reported with its exact id, detail,
 * frame and stream offset, and decoding goes on without throwing.
 */
class MalformedTlsTest {
    // the ClientHello of seed-foo-to-foo-mtls.42001: frame 4, one record of 296 bytes at stream offset 0
    private static final String MTLS13 = "/tls/seed-foo-to-foo-mtls.42001.segments";
    private static final int CLIENT_HELLO_FRAME = 4;
    private static final int CLIENT_CCS_FRAME = 8;
    // record header 5, handshake header 4, legacy_version 2, random 32, session id 1 + 32
    private static final int CIPHER_SUITES_LENGTH_AT = 76;
    // then cipher_suites 2 + 8, compression 1 + 1, extensions length 2: server_name at 90, ALPN at 168
    private static final int ALPN_LENGTH_AT = 170;

    private final List<Anomaly> anomalies = new ArrayList<>();
    private final TlsStreamDecoder decoder = new TlsStreamDecoder(anomalies::add);

    @Test
    void reportsRecordLengthOverrun_whenStreamEndsInsideTheClientHello() {
        byte[] clientHello = segments(MTLS13).get(0).payload();

        decoder.onData(Direction.TO_SERVER, clientHello, 0, 100, CLIENT_HELLO_FRAME);
        decoder.onEnd();

        assertThat(anomalies).containsExactly(new Anomaly(TlsAnomalies.RECORD_LENGTH_OVERRUN, CLIENT_HELLO_FRAME,
                0, "handshake record declares 296 bytes, the stream ended after 95"));
        assertThat(decoder.session().clientHelloSeen()).isFalse();
        assertThat(decoder.session().partial()).isTrue();
    }

    @Test
    void reportsVectorOverrun_whenClientHelloEndsInsideItsCipherSuites() {
        List<Segment> segments = segments(MTLS13);
        byte[] cut = Arrays.copyOf(segments.get(0).payload(), CIPHER_SUITES_LENGTH_AT + 2 + 4);
        setUint16(cut, 3, cut.length - 5);
        setUint24(cut, 6, cut.length - 9);
        segments.set(0, new Segment(Direction.TO_SERVER, CLIENT_HELLO_FRAME, cut));

        replay(segments);

        assertThat(anomalies).containsExactly(new Anomaly(TlsAnomalies.HANDSHAKE_VECTOR_OVERRUN,
                CLIENT_HELLO_FRAME, CIPHER_SUITES_LENGTH_AT, "ClientHello: cipher_suites declares 8 bytes, 4 remain"));
        assertThat(decoder.session().clientHelloSeen()).isTrue();
        assertThat(decoder.session().sni()).isNull();
        assertThat(decoder.session().cipher()).isEqualTo("TLS_AES_128_GCM_SHA256");
    }

    @Test
    void reportsHandshakeLengthOverrun_whenClientHelloDeclaresMoreThanItsRecord() {
        List<Segment> segments = segments(MTLS13);
        byte[] clientHello = segments.get(0).payload().clone();
        setUint24(clientHello, 6, 400);
        segments.set(0, new Segment(Direction.TO_SERVER, CLIENT_HELLO_FRAME, clientHello));

        replay(segments);

        assertThat(anomalies).containsExactly(new Anomaly(TlsAnomalies.HANDSHAKE_LENGTH_OVERRUN, CLIENT_CCS_FRAME,
                5, "ClientHello declares 400 bytes, its records hold 292; the next record is change_cipher_spec"));
        assertThat(decoder.session().clientHelloSeen()).isFalse();
        assertThat(decoder.session().serverHelloSeen()).isTrue();
        assertThat(decoder.session().clientAuth()).isEqualTo(ClientAuth.UNKNOWN);
    }

    @Test
    void reportsExtensionLengthOverrun_whenAlpnDeclaresMoreThanTheExtensionsBlock() {
        List<Segment> segments = segments(MTLS13);
        byte[] clientHello = segments.get(0).payload().clone();
        setUint16(clientHello, ALPN_LENGTH_AT, 255);
        segments.set(0, new Segment(Direction.TO_SERVER, CLIENT_HELLO_FRAME, clientHello));

        replay(segments);

        assertThat(anomalies).containsExactly(new Anomaly(TlsAnomalies.EXTENSION_LENGTH_OVERRUN,
                CLIENT_HELLO_FRAME, ALPN_LENGTH_AT, "ClientHello extensions: extension "
                        + "application_layer_protocol_negotiation declares 255 bytes, 129 remain"));
        TlsSession session = decoder.session();
        assertThat(session.sni()).isEqualTo("outbound_.8000_._.httpbin.foo.svc.cluster.local");
        assertThat(session.alpnOffered()).isEmpty();
        assertThat(session.version()).isEqualTo("1.3");
        assertThat(session.clientAuth()).isEqualTo(ClientAuth.INFERRED);
    }

    @Test
    void reportsTheSameAnomalies_whenMutatedSegmentsAreCutIntoSmallPieces() {
        List<Segment> segments = segments(MTLS13);
        byte[] clientHello = segments.get(0).payload().clone();
        setUint24(clientHello, 6, 400);
        setUint16(clientHello, ALPN_LENGTH_AT, 255);
        segments.set(0, new Segment(Direction.TO_SERVER, CLIENT_HELLO_FRAME, clientHello));
        List<Anomaly> chunked = new ArrayList<>();
        TlsStreamDecoder sevens = new TlsStreamDecoder(chunked::add);

        replay(segments);
        for (Segment segment : segments) {
            for (int off = 0; off < segment.payload().length; off += 7) {
                int length = Math.min(7, segment.payload().length - off);
                sevens.onData(segment.direction(), segment.payload(), off, length, segment.frame());
            }
        }
        sevens.onEnd();

        assertThat(anomalies).isNotEmpty();
        assertThat(chunked).isEqualTo(anomalies);
        assertThat(sevens.session()).isEqualTo(decoder.session());
    }

    @Test
    void reportsUnknownRecordType_whenClientRecordHeaderIsDamaged() {
        List<Segment> segments = segments(MTLS13);
        byte[] clientHello = segments.get(0).payload().clone();
        clientHello[0] = 0x17 + 0x10;
        segments.set(0, new Segment(Direction.TO_SERVER, CLIENT_HELLO_FRAME, clientHello));

        replay(segments);

        assertThat(anomalies).containsExactly(new Anomaly(TlsAnomalies.RECORD_UNKNOWN_TYPE, CLIENT_HELLO_FRAME, 0,
                "content type 39, expected 20..24"));
        assertThat(decoder.session().clientHelloSeen()).isFalse();
        assertThat(decoder.session().serverHelloSeen()).isTrue();
    }

    @Test
    void reportsUndecodableCertificate_whenServerLeafIsDamaged() {
        // tls12-mtls.43001: the server's ServerHello record is 100 bytes, then the Certificate record;
        // its first cert_data length sits at stream offset 112 and the DER starts at 115
        List<Segment> segments = segments("/tls/tls12-mtls.43001.segments");
        Segment first = segments.get(1);
        byte[] damaged = first.payload().clone();
        damaged[115] = 0x05;
        segments.set(1, new Segment(first.direction(), first.frame(), damaged));

        replay(segments);

        assertThat(anomalies).hasSize(1);
        Anomaly anomaly = anomalies.get(0);
        assertThat(anomaly.kind()).isEqualTo(TlsAnomalies.CERTIFICATE_UNDECODABLE);
        assertThat(anomaly.offset()).isEqualTo(112);
        assertThat(anomaly.detail()).startsWith("certificate 1 (859 bytes) of the server: CertificateException");
        TlsSession session = decoder.session();
        assertThat(session.serverChain()).hasSize(1);
        assertThat(session.serverIdentity()).isNull();
        assertThat(session.clientAuth()).isEqualTo(ClientAuth.PROVEN);
    }

    @Test
    void losesOnlyOneRecord_whenGapEndsInsideAnApplicationDataRecord() {
        List<Segment> segments = segments(MTLS13);
        // frame 11: one whole application_data record from the server
        Segment record = segments.stream().filter(s -> s.frame() == 11).findFirst().orElseThrow();
        byte[] payload = record.payload();
        long recordsBefore = countRecords(segments);

        for (Segment segment : segments) {
            if (segment == record) {
                decoder.onData(segment.direction(), payload, 0, 10, segment.frame());
                decoder.onGap(segment.direction(), payload.length - 10, segment.frame());
            } else {
                decoder.onData(segment.direction(), segment.payload(), 0, segment.payload().length, segment.frame());
            }
        }
        decoder.onEnd();

        assertThat(anomalies).extracting(Anomaly::id, Anomaly::detail).containsExactly(tuple("tls.stream.gap",
                        (payload.length - 10) + " bytes missing inside the current application_data record;"
                                + " that record's body is lost"));
        assertThat(decoder.session().records()).isEqualTo(recordsBefore);
        assertThat(decoder.session().clientAuth()).isEqualTo(ClientAuth.INFERRED);
    }

    @Test
    void stopsDirection_whenBytesAfterAGapDoNotStartARecord() {
        List<Segment> segments = segments(MTLS13);
        Segment clientHello = segments.get(0);

        // resume at the handshake header: its type byte, 1 (ClientHello), is no record content type
        decoder.onGap(Direction.TO_SERVER, -1, clientHello.frame());
        decoder.onData(Direction.TO_SERVER, clientHello.payload(), 5, 40, clientHello.frame());
        decoder.onData(Direction.TO_SERVER, clientHello.payload(), 0, clientHello.payload().length,
                clientHello.frame());
        decoder.onEnd();

        assertThat(anomalies).extracting(Anomaly::id).containsExactly("tls.stream.gap", "tls.stream.resync_failed");
        assertThat(anomalies.get(1).detail()).isEqualTo(
                "bytes after the gap do not start a record: content type 1, expected 20..24");
        assertThat(decoder.session().clientHelloSeen()).isFalse();
    }

    @Test
    void resumesDecoding_whenBytesAfterAGapStartARecord() {
        List<Segment> segments = segments(MTLS13);

        decoder.onGap(Direction.TO_SERVER, -1, 1);
        replay(segments);

        assertThat(anomalies).extracting(Anomaly::id).containsExactly("tls.stream.gap");
        assertThat(decoder.session().clientHelloSeen()).isTrue();
        assertThat(decoder.session().clientAuth()).isEqualTo(ClientAuth.INFERRED);
    }

    private static List<Segment> segments(String resource) {
        return new ArrayList<>(SegmentScript.load(resource).segments());
    }

    private void replay(List<Segment> segments) {
        for (Segment segment : segments) {
            decoder.onData(segment.direction(), segment.payload(), 0, segment.payload().length, segment.frame());
        }
        decoder.onEnd();
    }

    private static long countRecords(List<Segment> segments) {
        TlsStreamDecoder counter = new TlsStreamDecoder(anomaly -> { });
        for (Segment segment : segments) {
            counter.onData(segment.direction(), segment.payload(), 0, segment.payload().length, segment.frame());
        }
        counter.onEnd();
        return counter.session().records();
    }

    private static void setUint16(byte[] bytes, int at, int value) {
        bytes[at] = (byte) (value >> 8);
        bytes[at + 1] = (byte) value;
    }

    private static void setUint24(byte[] bytes, int at, int value) {
        bytes[at] = (byte) (value >> 16);
        bytes[at + 1] = (byte) (value >> 8);
        bytes[at + 2] = (byte) value;
    }
}
