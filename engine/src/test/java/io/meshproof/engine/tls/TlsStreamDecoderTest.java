package io.meshproof.engine.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshproof.engine.anomaly.Anomaly;
import io.meshproof.engine.tcp.SegmentScript;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Real connections of the capture corpus; every TLS fact asserted here is in the corpus's expected.json. */
class TlsStreamDecoderTest {
    private static final String MESH_SNI = "outbound_.8000_._.httpbin.foo.svc.cluster.local";
    private static final List<String> MESH_ALPN = List.of("istio-http/1.1", "istio", "http/1.1");

    private final List<Anomaly> anomalies = new ArrayList<>();

    private TlsSession replay(String fixture) {
        TlsStreamDecoder decoder = new TlsStreamDecoder(anomalies::add);
        SegmentScript.load("/tls/" + fixture + ".segments").replay(decoder);
        return decoder.session();
    }

    @Test
    void infersClientCertificate_whenTls13MutualHandshakeIsSeenWithoutKeys() {
        TlsSession session = replay("seed-foo-to-foo-mtls.42001");

        assertThat(anomalies).isEmpty();
        assertThat(session.version()).isEqualTo("1.3");
        assertThat(session.sni()).isEqualTo(MESH_SNI);
        assertThat(session.alpnOffered()).isEqualTo(MESH_ALPN);
        assertThat(session.alpnSelected()).isNull();
        assertThat(session.cipher()).isEqualTo("TLS_AES_128_GCM_SHA256");
        assertThat(session.certificateRequest()).isNull();
        assertThat(session.clientFlightBytes()).isGreaterThan(300);
        assertThat(session.clientAuth()).isEqualTo(ClientAuth.INFERRED);
        assertThat(session.clientChain()).isEmpty();
        assertThat(session.serverChain()).isEmpty();
        assertThat(session.resumed()).isFalse();
        assertThat(session.helloRetryRequest()).isFalse();
    }

    @Test
    void provesClientCertificate_whenTls12CertificateSpansThreeSegments() {
        TlsSession session = replay("tls12-mtls.43001");

        assertThat(anomalies).isEmpty();
        assertThat(session.version()).isEqualTo("1.2");
        assertThat(session.sni()).isEqualTo(MESH_SNI);
        assertThat(session.alpnOffered()).containsExactly("istio-peer-exchange", "istio");
        assertThat(session.alpnSelected()).isEqualTo("istio-peer-exchange");
        assertThat(session.cipher()).isEqualTo("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
        assertThat(session.certificateRequest()).isTrue();
        assertThat(session.serverChain()).hasSize(2);
        CertificateInfo leaf = session.serverChain().get(0);
        assertThat(leaf.subject()).isEmpty();
        assertThat(leaf.issuer()).isEqualTo("O=cluster.local, CN=istio-ca-rsa");
        assertThat(leaf.key()).isEqualTo("RSA 2048");
        assertThat(leaf.dnsSans()).isEmpty();
        assertThat(session.serverIdentity()).isEqualTo("spiffe://cluster.local/ns/foo/sa/httpbin");
        assertThat(session.clientIdentity()).isEqualTo("spiffe://cluster.local/ns/bar/sa/sleep");
        assertThat(session.clientAuth()).isEqualTo(ClientAuth.PROVEN);
    }

    @Test
    void reportsAbsentClientAuth_whenTls12ServerSendsNoCertificateRequest() {
        TlsSession session = replay("tls12-server-only.45001");

        assertThat(anomalies).isEmpty();
        assertThat(session.version()).isEqualTo("1.2");
        assertThat(session.sni()).isEqualTo("httpbin.legacy.svc.cluster.local");
        assertThat(session.alpnSelected()).isEqualTo("http/1.1");
        assertThat(session.cipher()).isEqualTo("TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384");
        assertThat(session.certificateRequest()).isFalse();
        assertThat(session.clientCertificateSeen()).isFalse();
        assertThat(session.serverChain()).hasSize(2);
        CertificateInfo leaf = session.serverChain().get(0);
        assertThat(leaf.subject()).isEqualTo("CN=httpbin.legacy.svc.cluster.local");
        assertThat(leaf.issuer()).isEqualTo("O=Example Corp, CN=legacy-internal-ca");
        assertThat(leaf.dnsSans()).containsExactly("httpbin.legacy.svc.cluster.local", "httpbin.legacy.svc",
                "httpbin.legacy");
        assertThat(leaf.key()).isEqualTo("EC P-256");
        assertThat(leaf.findSpiffeId()).isEmpty();
        assertThat(session.serverIdentity()).isEqualTo("httpbin.legacy.svc.cluster.local");
        assertThat(session.clientAuth()).isEqualTo(ClientAuth.ABSENT);
    }

    @Test
    void reportsAbsentClientAuth_whenTls13ClientFlightIsABareFinished() {
        TlsSession session = replay("tls13-server-only.44001");

        assertThat(anomalies).isEmpty();
        assertThat(session.version()).isEqualTo("1.3");
        assertThat(session.sni()).isEqualTo("api.example.test");
        assertThat(session.alpnOffered()).containsExactly("h2", "http/1.1");
        assertThat(session.cipher()).isEqualTo("TLS_AES_256_GCM_SHA384");
        assertThat(session.clientFlightBytes()).isLessThanOrEqualTo(300);
        assertThat(session.clientAuth()).isEqualTo(ClientAuth.ABSENT);
    }

    @Test
    void infersClientCertificate_whenFullHandshakePrecedesResumption() {
        TlsSession session = replay("tls13-mtls-resumed.49101");

        assertThat(session.resumed()).isFalse();
        assertThat(session.clientAuth()).isEqualTo(ClientAuth.INFERRED);
    }

    @Test
    void reportsUnknownClientAuth_whenTls13SessionIsResumedWithPsk() {
        TlsSession session = replay("tls13-mtls-resumed.49102");

        assertThat(anomalies).isEmpty();
        assertThat(session.version()).isEqualTo("1.3");
        assertThat(session.sni()).isEqualTo(MESH_SNI);
        assertThat(session.alpnOffered()).isEqualTo(MESH_ALPN);
        assertThat(session.cipher()).isEqualTo("TLS_AES_128_GCM_SHA256");
        assertThat(session.pskOffered()).isTrue();
        assertThat(session.resumed()).isTrue();
        assertThat(session.clientAuth()).isEqualTo(ClientAuth.UNKNOWN);
    }

    @Test
    void decodesHelloRetryRequest_whenServerRejectsTheFirstKeyShare() {
        TlsSession session = replay("mixed-mesh.48014");

        assertThat(anomalies).isEmpty();
        assertThat(session.helloRetryRequest()).isTrue();
        assertThat(session.serverHelloSeen()).isTrue();
        assertThat(session.version()).isEqualTo("1.3");
        assertThat(session.cipher()).isEqualTo("TLS_AES_128_GCM_SHA256");
        // the corpus's note: the listener accepts only P-256 key shares, so the retry asks for it
        assertThat(session.keyShareSelected()).isEqualTo("secp256r1");
        assertThat(session.keyShareGroupsOffered()).containsExactly("secp256r1");
        assertThat(session.clientAuth()).isEqualTo(ClientAuth.INFERRED);
    }

    @Test
    void recognisesTlsWithUnknownClientAuth_whenCaptureStartsMidStream() {
        TlsSession session = replay("seed-foo-to-foo-mtls-midstream.42001");

        assertThat(anomalies).isEmpty();
        assertThat(session.isTls()).isTrue();
        assertThat(session.applicationDataRecords()).isPositive();
        assertThat(session.clientHelloSeen()).isFalse();
        assertThat(session.serverHelloSeen()).isFalse();
        assertThat(session.version()).isNull();
        assertThat(session.sni()).isNull();
        assertThat(session.cipher()).isNull();
        assertThat(session.certificateRequest()).isNull();
        assertThat(session.clientAuth()).isEqualTo(ClientAuth.UNKNOWN);
    }

    @ParameterizedTest
    @ValueSource(strings = {"seed-foo-to-foo-mtls.42001", "tls12-mtls.43001", "tls13-server-only.44001",
            "tls12-server-only.45001", "tls13-mtls-resumed.49101", "tls13-mtls-resumed.49102",
            "seed-foo-to-foo-mtls-midstream.42001", "mixed-mesh.48014"})
    void decodesTheSameSession_whenSegmentsAreCutIntoSmallPieces(String fixture) {
        SegmentScript script = SegmentScript.load("/tls/" + fixture + ".segments");
        TlsStreamDecoder whole = new TlsStreamDecoder(anomalies::add);
        TlsStreamDecoder sevens = new TlsStreamDecoder(anomalies::add);
        TlsStreamDecoder singles = new TlsStreamDecoder(anomalies::add);

        script.replay(whole);
        script.replay(sevens, 7);
        script.replay(singles, 1);

        assertThat(anomalies).isEmpty();
        assertThat(sevens.session()).isEqualTo(whole.session());
        assertThat(singles.session()).isEqualTo(whole.session());
    }

    @Test
    void recognisesClientHello_whenBytesStartARealOne() {
        List<SegmentScript.Segment> segments = SegmentScript.load("/tls/tls12-mtls.43001.segments").segments();
        byte[] clientHello = segments.get(0).payload();
        byte[] serverHello = segments.get(1).payload();
        byte[] http = "GET /ip HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII);

        assertThat(TlsStreamDecoder.looksLikeClientHello(clientHello, 0, clientHello.length)).isTrue();
        assertThat(TlsStreamDecoder.looksLikeTls(serverHello, 0, serverHello.length)).isTrue();
        assertThat(TlsStreamDecoder.looksLikeClientHello(serverHello, 0, serverHello.length)).isFalse();
        assertThat(TlsStreamDecoder.looksLikeTls(http, 0, http.length)).isFalse();
        assertThat(TlsStreamDecoder.looksLikeTls(clientHello, 0, 4)).isFalse();
    }
}
