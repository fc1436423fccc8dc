package io.meshproof.engine.fingerprint;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshproof.engine.tcp.SegmentScript;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fingerprints of the corpus's real hellos (Envoy as Istio's sidecar, openssl s_client and curl; see
 * {@code tls/README.md}), read from the segment scripts by {@link HelloBytes}.
 *
 * <p>Expected JA3 and JA3S are tshark 4.0.17's, from the capture each script was cut from:
 * <pre>
 * tshark -r CAPTURE -o tcp.try_heuristic_first:TRUE -Y 'tls.handshake.type == 1' -T fields \
 *     -e frame.number -e tls.handshake.ja3_full -e tls.handshake.ja3
 * tshark -r CAPTURE -o tcp.try_heuristic_first:TRUE -Y 'tls.handshake.type == 2' -T fields \
 *     -e frame.number -e tls.handshake.ja3s_full -e tls.handshake.ja3s
 * </pre>
 * tshark 4.0 has no JA4 field, so expected JA4 and JA4_o come from
 * {@code src/test/resources/fingerprint/ja4-from-tshark.py CAPTURE}, which builds them from tshark's own
 * decoding of each ClientHello following JA4.md. The two hashes cover JA4_r and JA4_ro, their inputs.
 */
class CorpusFingerprintTest {
    static Stream<Arguments> hellos() {
        return Stream.of(
                hello("seed-foo-to-foo-mtls.42001", "seed-foo-to-foo-mtls.pcap frames 4 and 6",
                        "771,4865-4866-4867-255,0-11-10-35-16-22-23-13-43-45-51,29-23,0-1-2",
                        "dd7cb0d281d36af9b671d8da56341a8e",
                        "771,4865,43-51", "f4febc55ea12b31ae17cfb7e614afda8",
                        "t13d0411i1_16476d049b0b_78f1d400d464", "t13d0411i1_afbc52135260_9793c2ba6398"),
                hello("tls12-mtls.43001", "tls12-mtls.pcap frames 4 and 6",
                        "771,49195-49199-49196-49200-52393-52392-255,0-11-10-35-16-22-23-13,29-23,0-1-2",
                        "97f26fb8c9cb3c5b3f554058c6471b35",
                        "771,49199,65281-0-11-35-16-23", "00447ab319e9d94ba2b4c1248e155917",
                        "t12d0708ie_3c41e4bed497_e7e480e5a997", "t12d0708ie_10495bce1fec_9b08cc437183"),
                hello("tls13-server-only.44001", "tls13-server-only.pcap frames 4 and 6",
                        "771,4866-4867-4865-255,0-11-10-16-22-23-49-13-43-45-51-21,"
                                + "29-23-30-25-24-256-257-258-259-260,0-1-2",
                        "89dfc51e72bdcb94e4ba4622588002b1",
                        "771,4866,43-51", "15af977ce25de452b96affa2addb1036",
                        "t13d0412h2_16476d049b0b_85302d7e289e", "t13d0412h2_b9c790168325_a7ee43126e4e"),
                hello("tls12-server-only.45001", "tls12-server-only.pcap frames 4 and 6",
                        "771,49196-49200-159-52393-52392-52394-49195-49199-158-49188-49192-107-49187-49191-103-"
                                + "49162-49172-57-49161-49171-51-157-156-61-60-53-47-255,0-11-10-16-22-23-13,"
                                + "29-23-30-25-24,0-1-2",
                        "87b9bfc7da97115ed2276737b09f8d74",
                        "771,49196,65281-0-11-16-23", "fe0146829eef1917ba6c2dd4f5c08905",
                        "t12d2807h1_d943125447b4_a44c6288192a", "t12d2807h1_fb9300bf4368_e7b3f00c8fdb"),
                hello("tls13-mtls-resumed.49101", "tls13-mtls-resumed.pcap frames 4 and 6",
                        "771,4865-4866-4867-255,0-11-10-35-16-22-23-13-43-45-51,29-23,0-1-2",
                        "dd7cb0d281d36af9b671d8da56341a8e",
                        "771,4865,43-51", "f4febc55ea12b31ae17cfb7e614afda8",
                        "t13d0411i1_16476d049b0b_78f1d400d464", "t13d0411i1_afbc52135260_9793c2ba6398"),
                hello("tls13-mtls-resumed.49102", "tls13-mtls-resumed.pcap frames 23 and 25 (PSK resumption)",
                        "771,4865-4866-4867-255,0-11-10-35-16-22-23-13-43-45-51-41,29-23,0-1-2",
                        "36b20f274b9cd7c2882b50dddbfcb8da",
                        "771,4865,43-51-41", "fcb2d4d0991292272fcb1e464eedfd43",
                        "t13d0412i1_16476d049b0b_6775ac8fe30b", "t13d0412i1_afbc52135260_a14f0b560567"),
                hello("mixed-mesh.48014", "mixed-mesh.pcapng frames 297 and 299 (HelloRetryRequest)",
                        "771,4865-4866-4867-255,0-11-10-35-16-22-23-13-43-45-51,29-23,0-1-2",
                        "dd7cb0d281d36af9b671d8da56341a8e",
                        "771,4865,43-51", "f4febc55ea12b31ae17cfb7e614afda8",
                        "t13d0411i1_16476d049b0b_78f1d400d464", "t13d0411i1_afbc52135260_9793c2ba6398"),
                hello("mixed-mesh.48023", "mixed-mesh.pcapng frames 418 and 420",
                        "771,49195-49199-49196-49200-52393-52392-255,0-11-10-35-16-22-23-13,29-23,0-1-2",
                        "97f26fb8c9cb3c5b3f554058c6471b35",
                        "771,49195,65281-0-11-35-16-23", "6e15a5bf660856fa03186247ca41d059",
                        "t12d0708ie_3c41e4bed497_e7e480e5a997", "t12d0708ie_10495bce1fec_9b08cc437183"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hellos")
    void matchesTshark_forTheCorpusHellos(SegmentScript script, String ja3Text, String ja3, String ja3sText,
            String ja3s, String ja4, String ja4Original) {
        ClientHelloFields client = HelloBytes.clientHello(script);
        ServerHelloFields server = HelloBytes.serverHello(script);

        assertThat(Ja3.of(client)).isEqualTo(new Fingerprint(ja3Text, ja3));
        assertThat(Ja3s.of(server)).isEqualTo(new Fingerprint(ja3sText, ja3s));
        assertThat(Ja4.of(client)).isEqualTo(ja4);
        assertThat(Ja4.original(client)).isEqualTo(ja4Original);
    }

    private static Arguments hello(String fixture, String frames, String ja3Text, String ja3, String ja3sText,
            String ja3s, String ja4, String ja4Original) {
        SegmentScript script = SegmentScript.load("/tls/" + fixture + ".segments");
        return Arguments.of(Named.of(fixture + ", " + frames, script), ja3Text, ja3, ja3sText, ja3s, ja4,
                ja4Original);
    }
}
