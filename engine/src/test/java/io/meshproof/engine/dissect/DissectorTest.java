package io.meshproof.engine.dissect;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshproof.engine.analysis.CaptureAnalyzer;
import io.meshproof.engine.analysis.Progress;
import io.meshproof.engine.capture.CaptureException;
import io.meshproof.engine.capture.TestCaptures;
import io.meshproof.engine.flow.Flow;
import io.meshproof.engine.inventory.Inventory;
import io.meshproof.engine.keylog.KeyLog;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link Dissector} on the corpus captures. Expected lines are tshark 4.0.17's ({@code tshark -r FILE -o
 * tcp.try_heuristic_first:TRUE}), with these deliberate differences:
 * <ul>
 *   <li>a ClientHello's info names its SNI, {@code Client Hello (SNI=...)}, as Wireshark 4.2 and later do;
 *   <li>an HTTP request's info has no trailing space (tshark writes {@code GET /ip HTTP/1.1 });
 *   <li>bodies are not dissected, so a JSON response is {@code HTTP}, {@code HTTP/1.1 200 OK}, not tshark's
 *       {@code HTTP/JSON} with {@code , JavaScript Object Notation (application/json)}.
 * </ul>
 */
class DissectorTest {
    static Stream<String> captures() {
        return TestCaptures.fileNames().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("captures")
    void showsEveryFrameOnce_forEveryCorpusCapture(String fileName) throws Exception {
        List<DissectedFrame> frames = dissect(fileName, Dissector.Selection.ALL, KeyLog.empty());

        long expected = TestCaptures.expectedFiles().get(fileName).get("packet_count").asLong();
        assertThat(frames).hasSize((int) expected);
        assertThat(frames).extracting(DissectedFrame::number)
                .containsExactlyElementsOf(Stream.iterate(1L, n -> n + 1).limit(expected).toList());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("captures")
    void numbersFlowsAsTheAnalysisDoes_forEveryCorpusCapture(String fileName) throws Exception {
        List<Flow> flows = new CaptureAnalyzer(Inventory.empty(), KeyLog.empty(), true)
                .read(TestCaptures.path(fileName), 1, Progress.NONE).flows();
        List<DissectedFrame> frames = dissect(fileName, Dissector.Selection.ALL, KeyLog.empty());

        for (Flow flow : flows) {
            DissectedFrame first = frames.get((int) flow.firstFrame() - 1);
            assertThat(first.flowId()).as("first frame of flow %d", flow.id()).isEqualTo(flow.id());
        }
    }

    @Test
    void showsTcpAndHttp_likeTshark_forThePlaintextSeed() throws Exception {
        List<DissectedFrame> frames = dissect("seed-legacy-to-foo.pcap", Dissector.Selection.ALL, KeyLog.empty());

        assertLine(frames.get(0), "10.244.2.23", "10.244.1.12", "TCP", 80, "41001 \u2192 80 [SYN] Seq=0 Win=64860 "
                + "Len=0 MSS=1410 SACK_PERM TSval=274769957 TSecr=0 WS=1024");
        assertLine(frames.get(2), "10.244.2.23", "10.244.1.12", "TCP", 72, "41001 \u2192 80 [ACK] Seq=1 Ack=1 "
                + "Win=65536 Len=0 TSval=274769957 TSecr=2204860311");
        assertLine(frames.get(3), "10.244.2.23", "10.244.1.12", "HTTP", 154, "GET /ip HTTP/1.1");
        assertLine(frames.get(13), "10.244.1.12", "10.244.2.23", "HTTP", 353, "HTTP/1.1 200 OK");
        assertLine(frames.get(18), "10.244.1.12", "10.244.2.23", "TCP", 72, "80 \u2192 41001 [FIN, ACK] Seq=282 "
                + "Ack=84 Win=64512 Len=0 TSval=2204860313 TSecr=274769959");
        assertThat(lines(frames.get(3))).contains("http.request.method: GET", "http.request.uri: /ip",
                "http.host: httpbin.foo:8000");
    }

    @Test
    void showsTheClientHelloWithSni_forTheMtlsSeed() throws Exception {
        List<DissectedFrame> frames = dissect("seed-foo-to-foo-mtls.pcap", Dissector.Selection.ALL,
                KeyLog.empty());

        assertLine(frames.get(3), "10.244.2.7", "10.244.1.12", "TLSv1", 369,
                "Client Hello (SNI=outbound_.8000_._.httpbin.foo.svc.cluster.local)");
        assertLine(frames.get(5), "10.244.1.12", "10.244.2.7", "TLSv1.3", 1447, "Server Hello, Change Cipher "
                + "Spec, Application Data, Application Data, Application Data, Application Data, Application Data");
        assertLine(frames.get(8), "10.244.2.7", "10.244.1.12", "TLSv1.3", 532, "Application Data");
        assertThat(lines(frames.get(3))).contains(
                "tls.handshake.extensions_server_name: outbound_.8000_._.httpbin.foo.svc.cluster.local",
                "tls.handshake.extensions_alpn_str: istio-http/1.1", "tls.handshake.extensions_alpn_str: istio",
                "tls.handshake.extensions_alpn_str: http/1.1", "sll.pkttype: Unicast to us (0)",
                "ip.src: 10.244.2.7", "tcp.seq: 1", "tcp.flags.syn: 0",
                "tls.handshake.ciphersuite: TLS_AES_128_GCM_SHA256 (0x1301)",
                "tls.handshake.ja3: dd7cb0d281d36af9b671d8da56341a8e");
        assertThat(lines(frames.get(8))).contains("undecoded: encrypted (no key log for this connection)");
    }

    @Test
    void showsTheDecryptedHandshakeAndHttp_whenTheKeyLogIsGiven() throws Exception {
        KeyLog keys = KeyLog.read(TestCaptures.path("seed-foo-to-foo-mtls.keys"));
        List<DissectedFrame> frames = dissect("seed-foo-to-foo-mtls.pcap", Dissector.Selection.ALL, keys);

        assertThat(frames.get(5).info()).isEqualTo("Server Hello, Change Cipher Spec, Encrypted Extensions, "
                + "Certificate Request, Certificate, Certificate Verify, Finished");
        assertThat(frames.get(7).info()).isEqualTo("Change Cipher Spec, Certificate, Certificate Verify, Finished");
        assertThat(lines(frames.get(7))).contains(
                "x509ce.uniformResourceIdentifier: spiffe://cluster.local/ns/foo/sa/sleep");
        assertThat(frames.get(8).protocol()).isEqualTo("HTTP");
        assertThat(frames.get(8).info()).isEqualTo("GET /ip HTTP/1.1");
    }

    @Test
    void showsQueriesAndResponses_likeTshark_forDns() throws Exception {
        List<DissectedFrame> frames = dissect("dns.pcap", Dissector.Selection.ALL, KeyLog.empty());

        assertLine(frames.get(0), "10.244.2.7", "10.96.0.10", "DNS", 89,
                "Standard query 0x6e9b A httpbin.foo.svc.cluster.local");
        assertLine(frames.get(1), "10.96.0.10", "10.244.2.7", "DNS", 105,
                "Standard query response 0x6e9b A httpbin.foo.svc.cluster.local A 10.96.118.47");
        assertLine(frames.get(3), "10.96.0.10", "10.244.2.7", "DNS", 191, "Standard query response 0xeed8 "
                + "No such name A api.example.test.foo.svc.cluster.local SOA ns.dns.cluster.local");
        assertThat(lines(frames.get(1))).contains("dns.qry.name: httpbin.foo.svc.cluster.local",
                "dns.a: 10.96.118.47", "udp.srcport: 53", "dns.flags.response: 1");
    }

    @Test
    void showsHttp2Frames_likeTshark_forH2c() throws Exception {
        List<DissectedFrame> frames = dissect("h2c-plaintext.pcap", Dissector.Selection.ALL, KeyLog.empty());

        assertThat(frames.get(3).info()).isEqualTo("Magic, SETTINGS[0], WINDOW_UPDATE[0]");
        assertThat(frames.get(7).info()).isEqualTo("HEADERS[1]: GET /ip");
        assertThat(frames.get(8).info()).isEqualTo("HEADERS[1]: 200 OK");
        assertThat(lines(frames.get(7))).contains("http2.header.name: :path", "http2.header.value: /ip");
    }

    @Test
    void showsOnlyTheSelectedFlowAndFrame_whenNarrowed() throws Exception {
        List<DissectedFrame> flow = dissect("seed-legacy-to-foo.pcap", new Dissector.Selection(2, 0),
                KeyLog.empty());
        List<DissectedFrame> frame = dissect("seed-legacy-to-foo.pcap", new Dissector.Selection(0, 9),
                KeyLog.empty());

        assertThat(flow).extracting(DissectedFrame::number).containsExactly(6L, 7L, 8L, 9L, 10L, 11L, 12L, 13L,
                16L, 17L);
        assertThat(frame).extracting(DissectedFrame::info).containsExactly("GET /ip HTTP/1.1");
    }

    private static void assertLine(DissectedFrame frame, String source, String destination, String protocol,
            int length, String info) {
        assertThat(List.of(frame.source(), frame.destination(), frame.protocol(), frame.length(), frame.info()))
                .isEqualTo(List.of(source, destination, protocol, length, info));
    }

    /** Every field of the frame's tree as {@code name: value}, depth ignored. */
    private static List<String> lines(DissectedFrame frame) {
        List<String> lines = new ArrayList<>();
        frame.layers().forEach(layer -> collect(layer, lines));
        return lines;
    }

    private static void collect(Field field, List<String> lines) {
        lines.add(field.name() + ": " + field.value());
        field.children().forEach(child -> collect(child, lines));
    }

    private static List<DissectedFrame> dissect(String fileName, Dissector.Selection selection, KeyLog keys)
            throws IOException, CaptureException {
        List<DissectedFrame> frames = new ArrayList<>();
        new Dissector(keys).dissect(TestCaptures.path(fileName), 1, selection, frames::add);
        return frames;
    }
}
