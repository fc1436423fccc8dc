package io.meshproof.engine.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshproof.engine.anomaly.Anomaly;
import io.meshproof.engine.fingerprint.Fingerprint;
import io.meshproof.engine.fingerprint.Ja3;
import io.meshproof.engine.fingerprint.Ja3s;
import io.meshproof.engine.fingerprint.Ja4;
import io.meshproof.engine.tcp.SegmentScript;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fingerprint inputs {@link TlsStreamDecoder} records, checked through {@link TlsSession}: the corpus's
 * hellos give the JA3, JA3S and JA4 that {@code fingerprint.CorpusFingerprintTest} takes from tshark 4.0.17
 * (and {@code ja4-from-tshark.py}) for the same frames.
 */
class TlsFingerprintTest {
    static Stream<Arguments> hellos() {
        return Stream.of(
                hello("seed-foo-to-foo-mtls.42001",
                        "771,4865-4866-4867-255,0-11-10-35-16-22-23-13-43-45-51,29-23,0-1-2",
                        "dd7cb0d281d36af9b671d8da56341a8e",
                        "771,4865,43-51", "f4febc55ea12b31ae17cfb7e614afda8",
                        "t13d0411i1_16476d049b0b_78f1d400d464", "t13d0411i1_afbc52135260_9793c2ba6398"),
                hello("tls12-mtls.43001",
                        "771,49195-49199-49196-49200-52393-52392-255,0-11-10-35-16-22-23-13,29-23,0-1-2",
                        "97f26fb8c9cb3c5b3f554058c6471b35",
                        "771,49199,65281-0-11-35-16-23", "00447ab319e9d94ba2b4c1248e155917",
                        "t12d0708ie_3c41e4bed497_e7e480e5a997", "t12d0708ie_10495bce1fec_9b08cc437183"),
                hello("tls13-server-only.44001",
                        "771,4866-4867-4865-255,0-11-10-16-22-23-49-13-43-45-51-21,"
                                + "29-23-30-25-24-256-257-258-259-260,0-1-2",
                        "89dfc51e72bdcb94e4ba4622588002b1",
                        "771,4866,43-51", "15af977ce25de452b96affa2addb1036",
                        "t13d0412h2_16476d049b0b_85302d7e289e", "t13d0412h2_b9c790168325_a7ee43126e4e"),
                hello("tls12-server-only.45001",
                        "771,49196-49200-159-52393-52392-52394-49195-49199-158-49188-49192-107-49187-49191-103-"
                                + "49162-49172-57-49161-49171-51-157-156-61-60-53-47-255,0-11-10-16-22-23-13,"
                                + "29-23-30-25-24,0-1-2",
                        "87b9bfc7da97115ed2276737b09f8d74",
                        "771,49196,65281-0-11-16-23", "fe0146829eef1917ba6c2dd4f5c08905",
                        "t12d2807h1_d943125447b4_a44c6288192a", "t12d2807h1_fb9300bf4368_e7b3f00c8fdb"),
                hello("tls13-mtls-resumed.49102",
                        "771,4865-4866-4867-255,0-11-10-35-16-22-23-13-43-45-51-41,29-23,0-1-2",
                        "36b20f274b9cd7c2882b50dddbfcb8da",
                        "771,4865,43-51-41", "fcb2d4d0991292272fcb1e464eedfd43",
                        "t13d0412i1_16476d049b0b_6775ac8fe30b", "t13d0412i1_afbc52135260_a14f0b560567"),
                hello("mixed-mesh.48014",
                        "771,4865-4866-4867-255,0-11-10-35-16-22-23-13-43-45-51,29-23,0-1-2",
                        "dd7cb0d281d36af9b671d8da56341a8e",
                        "771,4865,43-51", "f4febc55ea12b31ae17cfb7e614afda8",
                        "t13d0411i1_16476d049b0b_78f1d400d464", "t13d0411i1_afbc52135260_9793c2ba6398"),
                hello("mixed-mesh.48023",
                        "771,49195-49199-49196-49200-52393-52392-255,0-11-10-35-16-22-23-13,29-23,0-1-2",
                        "97f26fb8c9cb3c5b3f554058c6471b35",
                        "771,49195,65281-0-11-35-16-23", "6e15a5bf660856fa03186247ca41d059",
                        "t12d0708ie_3c41e4bed497_e7e480e5a997", "t12d0708ie_10495bce1fec_9b08cc437183"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hellos")
    void fingerprintsMatchTshark_whenTheConnectionIsDecoded(SegmentScript script, String ja3Text, String ja3,
            String ja3sText, String ja3s, String ja4, String ja4Original) {
        TlsSession session = decode(script);

        assertThat(Ja3.of(session.clientHello())).isEqualTo(new Fingerprint(ja3Text, ja3));
        assertThat(Ja3s.of(session.serverHello())).isEqualTo(new Fingerprint(ja3sText, ja3s));
        assertThat(session.ja3()).isEqualTo(ja3);
        assertThat(session.ja3s()).isEqualTo(ja3s);
        assertThat(session.ja4()).isEqualTo(ja4);
        assertThat(Ja4.original(session.clientHello())).isEqualTo(ja4Original);
    }

    @Test
    void fingerprintsTheFirstHellos_whenTheServerSentAHelloRetryRequest() {
        TlsSession session = decode(SegmentScript.load("/tls/mixed-mesh.48014.segments"));

        assertThat(session.helloRetryRequest()).isTrue();
        // tshark gives frames 297 (first) and 301 (second ClientHello) the same JA3; the HelloRetryRequest is 299
        assertThat(session.clientHello().extensionTypes()).containsExactly(0, 11, 10, 35, 16, 22, 23, 13, 43, 45, 51);
        assertThat(session.serverHello().extensionTypes()).containsExactly(43, 51);
        assertThat(session.clientHello().alpn()).containsExactly("istio-http/1.1", "istio", "http/1.1");
        assertThat(session.clientHello().supportedVersions()).containsExactly(0x0304);
    }

    @Test
    void hasNoFingerprints_whenNoHelloWasSeen() {
        TlsSession session = new TlsStreamDecoder(anomaly -> { }).session();

        assertThat(session.clientHello()).isNull();
        assertThat(session.serverHello()).isNull();
        assertThat(session.ja3()).isNull();
        assertThat(session.ja3s()).isNull();
        assertThat(session.ja4()).isNull();
    }

    private static TlsSession decode(SegmentScript script) {
        List<Anomaly> anomalies = new ArrayList<>();
        TlsStreamDecoder decoder = new TlsStreamDecoder(anomalies::add);
        script.replay(decoder);
        decoder.onEnd();
        return decoder.session();
    }

    private static Arguments hello(String fixture, String ja3Text, String ja3, String ja3sText, String ja3s,
            String ja4, String ja4Original) {
        SegmentScript script = SegmentScript.load("/tls/" + fixture + ".segments");
        return Arguments.of(Named.of(fixture, script), ja3Text, ja3, ja3sText, ja3s, ja4, ja4Original);
    }
}
