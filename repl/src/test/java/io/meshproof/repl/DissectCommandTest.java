package io.meshproof.repl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code meshproof dissect} as a user types it, on the bundled seed captures. Lines are tshark 4.0.17's
 * ({@code tshark -r FILE -o tcp.try_heuristic_first:TRUE}) except where {@code engine.dissect.DissectorTest}
 * documents a deliberate difference (SNI in the ClientHello's info, no trailing space after a request line).
 */
class DissectCommandTest {
    private static final String EXAMPLES = Path.of("..", "examples").toString();
    private static final String LEGACY = EXAMPLES + "/captures/seed-legacy-to-foo.pcap";
    private static final String MTLS = EXAMPLES + "/captures/seed-foo-to-foo-mtls.pcap";
    private static final String MTLS_KEYS = EXAMPLES + "/captures/seed-foo-to-foo-mtls.keys";
    private static final String PODS = EXAMPLES + "/inventory/pods.json";

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return MeshproofCommand.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    private List<String> lines() {
        return out.toString().lines().toList();
    }

    @Test
    void printsOneLinePerFrame_likeTshark() {
        int code = run("dissect", LEGACY);

        assertThat(code).isZero();
        assertThat(lines()).hasSize(20);
        assertThat(lines().get(0)).isEqualTo("    1   0.000000  10.244.2.23 \u2192 10.244.1.12  TCP 80 41001 \u2192 80 "
                + "[SYN] Seq=0 Win=64860 Len=0 MSS=1410 SACK_PERM TSval=274769957 TSecr=0 WS=1024");
        assertThat(lines().get(3)).isEqualTo("    4   0.000098  10.244.2.23 \u2192 10.244.1.12  HTTP 154 "
                + "GET /ip HTTP/1.1");
        assertThat(lines().get(13)).isEqualTo("   14   0.001917  10.244.1.12 \u2192 10.244.2.23  HTTP 353 "
                + "HTTP/1.1 200 OK");
        assertThat(lines().get(5)).isEqualTo("    6   0.001121    127.0.0.6 \u2192 10.244.1.12  TCP 80 51001 \u2192 80 "
                + "[SYN] Seq=0 Win=64860 Len=0 MSS=1410 SACK_PERM TSval=638719744 TSecr=0 WS=1024");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void printsTheClientHelloTree_withMinusV() {
        int code = run("dissect", "-V", "--frame", "4", MTLS);

        assertThat(code).isZero();
        assertThat(lines().get(0)).isEqualTo("    4   0.000653   10.244.2.7 \u2192 10.244.1.12  TLSv1 369 "
                + "Client Hello (SNI=outbound_.8000_._.httpbin.foo.svc.cluster.local)");
        assertThat(lines()).contains("frame: 4", "    frame.number: 4", "    ip.src: 10.244.2.7",
                "    tcp.srcport: 42001",
                "            tls.handshake.extensions_server_name: outbound_.8000_._.httpbin.foo.svc.cluster.local",
                "            tls.handshake.extensions_alpn_str: istio-http/1.1",
                "            tls.handshake.extensions_alpn_str: istio",
                "            tls.handshake.extensions_alpn_str: http/1.1");
    }

    @Test
    void printsOnlyTheFlow_whenFlowIsGiven() {
        int code = run("dissect", "--flow", "2", LEGACY);

        assertThat(code).isZero();
        assertThat(lines()).hasSize(10).allMatch(line -> line.contains("127.0.0.6"));
    }

    @Test
    void showsDecryptedHttp_whenTheKeyLogIsGiven() {
        int code = run("dissect", "--keylog", MTLS_KEYS, "--frame", "9", MTLS);

        assertThat(code).isZero();
        assertThat(lines()).containsExactly("    9   0.004049   10.244.2.7 \u2192 10.244.1.12  HTTP 532 "
                + "GET /ip HTTP/1.1");
    }

    @Test
    void namesEndpoints_whenAnInventoryIsGivenWithMinusV() {
        int code = run("dissect", "-V", "--frame", "1", "--inventory", PODS, LEGACY);

        assertThat(code).isZero();
        assertThat(lines()).contains("meshproof.src: pod legacy/sleep-pp7nskwnsw-6sfz8");
    }

    @Test
    void failsWithExitCode2_whenTheCaptureIsMissing() {
        int code = run("dissect", "no-such.pcap");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("meshproof: error: no-such.pcap: no such file" + System.lineSeparator());
    }

    @Test
    void refusesFlowOrFrameZero() {
        assertThat(run("dissect", "--flow", "0", LEGACY)).isEqualTo(2);
        assertThat(run("dissect", "--frame", "0", LEGACY)).isEqualTo(2);

        assertThat(out.toString()).isEmpty();
        assertThat(err.toString()).isEqualTo(("meshproof: error: --flow and --frame take a number from 1, found 0"
                + System.lineSeparator()).repeat(2));
    }

    @Test
    void saysSo_whenTheFlowOrFrameIsNotInTheCaptures() {
        assertThat(run("dissect", "--flow", "99", LEGACY)).isEqualTo(2);
        assertThat(run("dissect", "--frame", "999", LEGACY, MTLS)).isEqualTo(2);
        assertThat(run("dissect", "--flow", "2", "--frame", "1", LEGACY)).isEqualTo(2);

        String n = System.lineSeparator();
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString()).isEqualTo("meshproof: error: no flow 99 in " + LEGACY + " (2 flows)" + n
                + "meshproof: error: no frame 999 in the captures (49 frames)" + n
                + "meshproof: error: flow 2 has no frame 1" + n);
    }

    @Test
    void headsOnlyTheCapturesWithAFrameToShow() {
        int code = run("dissect", "--frame", "25", LEGACY, MTLS);

        assertThat(code).isZero();
        assertThat(lines()).hasSize(2);
        assertThat(lines().get(0)).isEqualTo("# " + MTLS);
        assertThat(lines().get(1)).startsWith("   25   0.048408   10.244.2.7 \u2192 10.244.1.12  TCP 68 42001 ");
    }
}
