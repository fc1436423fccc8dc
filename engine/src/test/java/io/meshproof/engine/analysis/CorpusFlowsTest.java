package io.meshproof.engine.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshproof.engine.anomaly.Anomaly;
import io.meshproof.engine.capture.TestCaptures;
import io.meshproof.engine.dns.DnsMessage;
import io.meshproof.engine.flow.AppProtocol;
import io.meshproof.engine.flow.Flow;
import io.meshproof.engine.flow.FlowEndpoint;
import io.meshproof.engine.http.HttpExchange;
import io.meshproof.engine.inventory.Inventory;
import io.meshproof.engine.keylog.KeyLog;
import io.meshproof.engine.tls.ClientAuth;
import io.meshproof.engine.tls.TlsSession;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every capture of the corpus through reader, dissectors, reassembly and flow assembly, compared flow by
 * flow with the corpus's ground truth ({@code captures/expected.json}, checked against tshark when the
 * corpus was made). Each capture is read twice: without any secret (embedded ones ignored), compared with
 * the values the corpus says need no keys, and with its key log ({@code keylog}, or the secrets the pcapng
 * embeds), compared with the values that need keys too: selected ALPN, CertificateRequest, client and server
 * certificates, decrypted HTTP and the evidence with keys.
 */
class CorpusFlowsTest {
    private static Inventory inventory;

    @BeforeAll
    static void loadInventory() throws Exception {
        inventory = Inventory.load(List.of(resource("/inventory/pods.json"), resource("/inventory/services.json")));
    }

    static Stream<String> captures() {
        return TestCaptures.fileNames().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("captures")
    void flowsAgreeWithGroundTruth(String fileName) throws Exception {
        JsonNode expected = TestCaptures.expectedFiles().get(fileName);
        CaptureAnalysis analysis = new CaptureAnalyzer(inventory, KeyLog.empty(), false)
                .read(TestCaptures.path(fileName), 1, Progress.NONE);

        assertThat(analysis.frames()).isEqualTo(expected.get("packet_count").asLong());
        assertThat(analysis.flows()).hasSize(expected.get("flows").size());
        SoftAssertions softly = new SoftAssertions();
        for (JsonNode want : expected.get("flows")) {
            Optional<Flow> found = find(analysis.flows(), want);
            softly.assertThat(found).as("flow %s", key(want)).isPresent();
            found.ifPresent(flow -> compare(softly, flow, want));
        }
        softly.assertAll();
    }

    static Stream<String> capturesWithKeys() {
        return TestCaptures.fileNames().stream().filter(name -> {
            JsonNode file = TestCaptures.expectedFiles().get(name);
            return !file.get("keylog").isNull() || file.get("secrets_embedded").asBoolean();
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("capturesWithKeys")
    void decryptedFlowsAgreeWithGroundTruth_whenKeysAreGiven(String fileName) throws Exception {
        JsonNode expected = TestCaptures.expectedFiles().get(fileName);
        JsonNode keylog = expected.get("keylog");
        KeyLog keys = keylog.isNull() ? KeyLog.empty() : KeyLog.read(TestCaptures.path(keylog.asText()));
        CaptureAnalysis analysis = new CaptureAnalyzer(inventory, keys, true)
                .read(TestCaptures.path(fileName), 1, Progress.NONE);

        assertThat(keys.warnings()).isEmpty();
        assertThat(analysis.flows()).hasSize(expected.get("flows").size());
        String source = keylog.isNull() ? "embedded" : "file " + TestCaptures.path(keylog.asText());
        SoftAssertions softly = new SoftAssertions();
        for (JsonNode want : expected.get("flows")) {
            Optional<Flow> found = find(analysis.flows(), want);
            softly.assertThat(found).as("flow %s", key(want)).isPresent();
            found.ifPresent(flow -> compareWithKeys(softly, flow, want, analysis.flows(), source));
        }
        softly.assertAll();
    }

    /** The inferred rule against the decrypted truth: every TLS 1.3 flow of the corpus, with and without keys. */
    @Test
    void inferredEvidenceAgreesWithDecryptedTruth_forEveryTls13Flow() throws Exception {
        List<String> disagreements = new ArrayList<>();
        int compared = 0;
        int tls13Flows = 0;
        for (String fileName : capturesWithKeys().toList()) {
            for (JsonNode want : TestCaptures.expectedFiles().get(fileName).get("flows")) {
                JsonNode tls = want.get("tls");
                boolean full13 = tls != null && !tls.isNull() && "TLSv1.3".equals(tls.get("version").asText())
                        && !tls.get("resumed").asBoolean();
                tls13Flows += full13 ? 1 : 0;
            }
            JsonNode keylog = TestCaptures.expectedFiles().get(fileName).get("keylog");
            KeyLog keys = keylog.isNull() ? KeyLog.empty() : KeyLog.read(TestCaptures.path(keylog.asText()));
            List<Flow> without = new CaptureAnalyzer(inventory, KeyLog.empty(), false)
                    .read(TestCaptures.path(fileName), 1, Progress.NONE).flows();
            List<Flow> with = new CaptureAnalyzer(inventory, keys, true)
                    .read(TestCaptures.path(fileName), 1, Progress.NONE).flows();
            for (int i = 0; i < without.size(); i++) {
                TlsSession guess = without.get(i).tls();
                TlsSession truth = with.get(i).tls();
                if (guess == null || !"1.3".equals(guess.version()) || guess.resumed()) {
                    continue;
                }
                compared++;
                boolean agree = guess.clientAuth() == ClientAuth.INFERRED
                        ? truth.connectionClientAuth() == ClientAuth.PROVEN
                        : guess.clientAuth() == truth.connectionClientAuth();
                if (!agree || !truth.decrypted()) {
                    disagreements.add(fileName + " flow " + without.get(i).id() + ": " + guess.clientAuth()
                            + " without keys, " + truth.connectionClientAuth() + " with keys");
                }
            }
        }

        assertThat(compared).isEqualTo(tls13Flows);
        assertThat(disagreements).isEmpty();
    }

    @Test
    void reportsBothDamagedHeaders_andKeepsEveryFlow() throws Exception {
        JsonNode expected = TestCaptures.expectedFiles().get("mixed-mesh-badhdr.pcapng");
        CaptureAnalysis analysis = new CaptureAnalyzer(inventory).read(
                TestCaptures.path("mixed-mesh-badhdr.pcapng"), 1, Progress.NONE);

        Map<String, String> ids = Map.of("ipv4-header-length", "ipv4.header_length.invalid",
                "tcp-header-length", "tcp.data_offset.invalid");
        for (JsonNode want : expected.get("anomalies")) {
            Flow flow = find(analysis.flows(), want.get("flow")).orElseThrow();
            assertThat(flow.anomalies()).extracting(Anomaly::id, Anomaly::frame, Anomaly::detail)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(ids.get(want.get("kind").asText()),
                            want.get("packet").asLong(), want.get("detail").asText()));
        }
        long damaged = analysis.flows().stream().filter(f -> !f.anomalies().isEmpty()).count();
        assertThat(damaged).isEqualTo(2);
        assertThat(analysis.anomalies()).isEmpty();
    }

    @Test
    void warnsOnce_whenCaptureIsCutInsideAFrame() throws Exception {
        CaptureAnalysis analysis = new CaptureAnalyzer(inventory).read(
                TestCaptures.path("mixed-mesh-truncated.pcapng"), 1, Progress.NONE);

        assertThat(analysis.frames()).isEqualTo(372);
        assertThat(analysis.warnings()).singleElement().satisfies(w -> assertThat(w.message())
                .isEqualTo("file ends inside frame 373 (33 of 66 bytes present); 372 whole frames read"));
    }

    private static void compare(SoftAssertions softly, Flow flow, JsonNode want) {
        String what = key(want);
        softly.assertThat(flow.transport()).as("%s transport", what).isEqualTo(want.get("l4").asText());
        softly.assertThat(flow.local()).as("%s local", what).isEqualTo(want.get("local_hop").asBoolean());
        softly.assertThat(flow.app()).as("%s app", what).isEqualTo(app(want));
        compareEndpoint(softly, what + " client", flow.client(), want.get("source"));
        compareEndpoint(softly, what + " server", flow.server(), want.get("destination"));
        JsonNode packets = want.get("packets");
        if (packets != null && !packets.isNull()) {
            softly.assertThat(flow.packets().toServer()).as("%s packets to server", what)
                    .isEqualTo(packets.get("client_to_server").asLong());
            softly.assertThat(flow.packets().toClient()).as("%s packets to client", what)
                    .isEqualTo(packets.get("server_to_client").asLong());
        }
        compareTls(softly, what, flow.tls(), want.get("tls"));
        compareHttp(softly, what, flow.http(), want.get("http"));
        compareDns(softly, what, flow.dns(), want.get("dns"));
    }

    private static void compareWithKeys(SoftAssertions softly, Flow flow, JsonNode want, List<Flow> flows,
            String source) {
        String what = key(want) + " with keys";
        JsonNode tls = want.get("tls");
        compareHttpWithKeys(softly, what, flow.http(), want.get("http"));
        if (tls == null || tls.isNull()) {
            softly.assertThat(flow.tls()).as("%s tls", what).isNull();
            return;
        }
        TlsSession session = flow.tls();
        softly.assertThat(session.connectionClientAuth().label()).as("%s evidence", what)
                .isEqualTo(tls.get("evidence_with_keys").asText());
        if (tls.get("version").isNull()) {
            softly.assertThat(session.decrypted()).as("%s decrypted", what).isFalse();
            return;
        }
        softly.assertThat(session.decrypted()).as("%s decrypted", what).isTrue();
        softly.assertThat(session.secretSource()).as("%s secret source", what).isEqualTo(source);
        softly.assertThat(flow.decryptedApp()).as("%s decrypted app", what)
                .isEqualTo(tls.get("decrypted_app_protocol").asText());
        softly.assertThat(session.alpnSelected()).as("%s alpn selected", what)
                .isEqualTo(tls.get("alpn_selected").asText());
        String request = tls.get("certificate_request").asText();
        softly.assertThat(session.certificateRequest()).as("%s certificate request", what)
                .isEqualTo(request.startsWith("yes"));
        String clientCert = tls.get("client_cert").asText();
        softly.assertThat(session.clientCertificateSeen()).as("%s client certificate", what)
                .isEqualTo(clientCert.startsWith("yes"));
        if (clientCert.startsWith("yes")) {
            softly.assertThat(session.clientIdentity()).as("%s client identity", what)
                    .isEqualTo(tls.get("client_spiffe_id").asText());
        }
        compareServerCertificate(softly, what, session, tls.get("server_cert"));
        if (session.resumed()) {
            compareResumption(softly, what, flow, flows, want.get("mesh_mtls"));
        }
    }

    /** A resumption whose full handshake is in the capture inherits that flow's client authentication. */
    private static void compareResumption(SoftAssertions softly, String what, Flow flow, List<Flow> flows,
            JsonNode meshMtls) {
        TlsSession session = flow.tls();
        softly.assertThat(session.resumedFrom()).as("%s resumed from", what).isNotNull();
        if (session.resumedFrom() == null) {
            return;
        }
        Flow full = flows.stream().filter(f -> f.id() == session.resumedFrom()).findFirst().orElseThrow();
        softly.assertThat(full.tls().resumed()).as("%s resumed from a full handshake", what).isFalse();
        softly.assertThat(session.clientAuth()).as("%s inherited evidence", what).isEqualTo(full.tls().clientAuth());
        softly.assertThat(session.clientIdentity()).as("%s inherited identity", what)
                .isEqualTo(full.tls().clientIdentity());
        softly.assertThat(session.clientAuth() == ClientAuth.PROVEN).as("%s mesh mtls", what)
                .isEqualTo(meshMtls.asBoolean());
    }

    private static void compareServerCertificate(SoftAssertions softly, String what, TlsSession tls,
            JsonNode serverCert) {
        if (serverCert == null || serverCert.isNull()) {
            softly.assertThat(tls.serverChain()).as("%s server chain", what).isEmpty();
            return;
        }
        softly.assertThat(tls.serverChain()).as("%s server chain", what)
                .hasSize(serverCert.get("chain_length").asInt());
        if (tls.serverChain().isEmpty()) {
            return;
        }
        String spiffe = serverCert.get("spiffe_id").isNull() ? null : serverCert.get("spiffe_id").asText();
        softly.assertThat(tls.serverChain().get(0).findSpiffeId().orElse(null)).as("%s server spiffe id", what)
                .isEqualTo(spiffe);
        softly.assertThat(tls.serverChain().get(0).dnsSans()).as("%s server dns names", what)
                .isEqualTo(strings(serverCert.get("dns_names")));
        softly.assertThat(tls.serverChain().get(0).subject()).as("%s server subject", what)
                .isEqualTo(serverCert.get("subject").asText());
        softly.assertThat(tls.serverChain().get(0).issuer()).as("%s server issuer", what)
                .isEqualTo(serverCert.get("issuer").asText());
        softly.assertThat(tls.serverChain().get(0).key()).as("%s server key", what)
                .isEqualTo(serverCert.get("key").asText());
    }

    private static void compareHttpWithKeys(SoftAssertions softly, String what, List<HttpExchange> http,
            JsonNode want) {
        List<String> expected = new ArrayList<>();
        for (JsonNode exchange : want) {
            expected.add(exchange.get("method").asText() + " " + exchange.get("path").asText() + " "
                    + exchange.get("host").asText() + " " + exchange.get("status").asText());
        }
        List<String> actual = http.stream().map(e -> e.method() + " " + e.path() + " " + e.host() + " "
                + (e.status() == null ? "null" : e.status())).toList();
        softly.assertThat(actual).as("%s http", what).isEqualTo(expected);
    }

    private static void compareEndpoint(SoftAssertions softly, String what, FlowEndpoint endpoint, JsonNode want) {
        String kind = want.get("kind").asText();
        if (kind.equals("sidecar-inbound-passthrough")) {
            return;
        }
        softly.assertThat(endpoint.resolved().kind()).as("%s kind", what).isEqualTo(kind);
        if (kind.equals("pod")) {
            softly.assertThat(endpoint.resolved().namespace()).as("%s namespace", what)
                    .isEqualTo(want.get("namespace").asText());
            softly.assertThat(endpoint.resolved().name()).as("%s pod", what).isEqualTo(want.get("pod").asText());
            softly.assertThat(endpoint.resolved().app()).as("%s app", what).isEqualTo(want.get("app").asText());
            softly.assertThat(endpoint.resolved().serviceAccount()).as("%s service account", what)
                    .isEqualTo(want.get("service_account").asText());
            softly.assertThat(endpoint.resolved().sidecar()).as("%s sidecar", what)
                    .isEqualTo(want.get("sidecar").asBoolean());
        } else if (kind.equals("service")) {
            softly.assertThat(endpoint.resolved().namespace()).as("%s namespace", what)
                    .isEqualTo(want.get("namespace").asText());
            softly.assertThat(endpoint.resolved().name()).as("%s service", what)
                    .isEqualTo(want.get("service").asText());
        }
    }

    private static void compareTls(SoftAssertions softly, String what, TlsSession tls, JsonNode want) {
        if (want == null || want.isNull()) {
            softly.assertThat(tls).as("%s tls", what).isNull();
            return;
        }
        softly.assertThat(tls).as("%s tls", what).isNotNull();
        if (tls == null) {
            return;
        }
        softly.assertThat(tls.clientAuth().label()).as("%s evidence", what)
                .isEqualTo(want.get("evidence_without_keys").asText());
        if (want.get("version").isNull()) {
            softly.assertThat(tls.clientHelloSeen()).as("%s handshake seen", what).isFalse();
            return;
        }
        softly.assertThat("TLSv" + tls.version()).as("%s version", what).isEqualTo(want.get("version").asText());
        softly.assertThat(tls.sni()).as("%s sni", what).isEqualTo(want.get("sni").asText());
        softly.assertThat(tls.alpnOffered()).as("%s alpn offered", what).isEqualTo(strings(want.get("alpn_offered")));
        softly.assertThat(tls.cipher()).as("%s cipher", what).isEqualTo(want.get("cipher_suite").asText());
        softly.assertThat(tls.resumed()).as("%s resumed", what).isEqualTo(want.get("resumed").asBoolean());
        softly.assertThat(tls.helloRetryRequest()).as("%s hrr", what)
                .isEqualTo(want.get("hello_retry_request").asBoolean());
        String request = want.get("certificate_request").asText();
        // In TLS 1.3 the CertificateRequest is encrypted: "no" there is only known with the key log.
        boolean inClear = want.get("version").asText().equals("TLSv1.2");
        if (inClear && (request.equals("yes") || request.equals("no"))) {
            softly.assertThat(tls.certificateRequest()).as("%s certificate request", what)
                    .isEqualTo(request.equals("yes"));
        } else {
            softly.assertThat(tls.certificateRequest()).as("%s certificate request not visible", what).isNull();
        }
        String clientCert = want.get("client_cert").asText();
        softly.assertThat(tls.clientCertificateSeen()).as("%s client certificate", what)
                .isEqualTo(clientCert.equals("yes"));
        if (clientCert.equals("yes")) {
            softly.assertThat(tls.clientIdentity()).as("%s client identity", what)
                    .isEqualTo(want.get("client_spiffe_id").asText());
        }
        JsonNode serverCert = want.get("server_cert");
        if (serverCert != null && !serverCert.isNull() && "clear".equals(serverCert.path("visible").asText())) {
            softly.assertThat(tls.serverChain()).as("%s server chain", what)
                    .hasSize(serverCert.get("chain_length").asInt());
            if (!serverCert.get("spiffe_id").isNull()) {
                softly.assertThat(tls.serverIdentity()).as("%s server identity", what)
                        .isEqualTo(serverCert.get("spiffe_id").asText());
            }
            softly.assertThat(tls.serverChain().get(0).dnsSans()).as("%s server dns names", what)
                    .isEqualTo(strings(serverCert.get("dns_names")));
            softly.assertThat(tls.serverChain().get(0).issuer()).as("%s server issuer", what)
                    .isEqualTo(serverCert.get("issuer").asText());
        }
    }

    private static void compareHttp(SoftAssertions softly, String what, List<HttpExchange> http, JsonNode want) {
        List<String> expected = new ArrayList<>();
        for (JsonNode exchange : want) {
            if (exchange.has("visible") && exchange.get("visible").asText().equals("decrypted")) {
                continue;
            }
            expected.add(exchange.get("method").asText() + " " + exchange.get("path").asText() + " "
                    + exchange.get("host").asText() + " " + exchange.get("status").asText());
        }
        List<String> actual = http.stream().map(e -> e.method() + " " + e.path() + " " + e.host() + " "
                + (e.status() == null ? "null" : e.status())).toList();
        softly.assertThat(actual).as("%s http", what).isEqualTo(expected);
    }

    private static void compareDns(SoftAssertions softly, String what, List<DnsMessage> dns, JsonNode want) {
        List<String> expected = new ArrayList<>();
        for (JsonNode entry : want) {
            expected.add(entry.get("name").asText() + " " + entry.get("type").asText() + " "
                    + entry.get("rcode").asText() + " " + strings(entry.get("answers")));
        }
        List<String> actual = dns.stream().filter(DnsMessage::response)
                .map(m -> m.questions().get(0).name() + " " + m.questions().get(0).type() + " " + m.rcode() + " "
                        + m.answers().stream().filter(a -> a.type().equals(m.questions().get(0).type()))
                                .map(a -> a.data()).toList())
                .toList();
        softly.assertThat(actual).as("%s dns", what).isEqualTo(expected);
    }

    private static AppProtocol app(JsonNode want) {
        return switch (want.get("app_protocol").asText()) {
            case "http/1.1" -> AppProtocol.HTTP;
            case "h2c" -> AppProtocol.H2C;
            case "dns" -> AppProtocol.DNS;
            case "tls-opaque" -> AppProtocol.TLS;
            default -> AppProtocol.UNKNOWN;
        };
    }

    private static Optional<Flow> find(List<Flow> flows, JsonNode want) {
        String clientIp = want.get("client").get("ip").asText();
        int clientPort = want.get("client").get("port").asInt();
        String serverIp = want.get("server").get("ip").asText();
        int serverPort = want.get("server").get("port").asInt();
        return flows.stream().filter(f -> f.client().ip().equals(clientIp) && f.client().port() == clientPort
                && f.server().ip().equals(serverIp) && f.server().port() == serverPort).findFirst();
    }

    private static String key(JsonNode want) {
        return want.get("client").get("ip").asText() + ":" + want.get("client").get("port").asText() + " -> "
                + want.get("server").get("ip").asText() + ":" + want.get("server").get("port").asText();
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(CorpusFlowsTest.class.getResource(name).toURI());
    }
}
