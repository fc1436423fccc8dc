package io.meshproof.engine.tls;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshproof.engine.anomaly.Anomaly;
import io.meshproof.engine.tcp.SegmentScript;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every TLS flow of mixed-mesh.pcapng against the corpus's ground truth: the {@code tls} objects of
 * expected.json, copied to {@code /tls/mixed-mesh.tls-flows.json}.
 */
class MixedMeshTlsFlowsTest {
    static Stream<JsonNode> flows() throws IOException {
        try (InputStream in = MixedMeshTlsFlowsTest.class.getResourceAsStream("/tls/mixed-mesh.tls-flows.json")) {
            JsonNode root = new ObjectMapper().readTree(in);
            return StreamSupport.stream(root.spliterator(), false);
        }
    }

    @ParameterizedTest(name = "client port {0}")
    @MethodSource("flows")
    void decodesHandshakeFacts_whenFlowOfMixedMeshIsReplayed(JsonNode flow) {
        JsonNode expected = flow.get("tls");
        List<Anomaly> anomalies = new ArrayList<>();
        TlsStreamDecoder decoder = new TlsStreamDecoder(anomalies::add);

        SegmentScript.load("/tls/mixed-mesh." + flow.get("client_port").asInt() + ".segments").replay(decoder);

        TlsSession session = decoder.session();
        assertThat(anomalies).isEmpty();
        assertThat("TLSv" + session.version()).isEqualTo(expected.get("version").asText());
        assertThat(session.sni()).isEqualTo(expected.get("sni").asText());
        assertThat(session.alpnOffered()).isEqualTo(texts(expected.get("alpn_offered")));
        assertThat(session.cipher()).isEqualTo(expected.get("cipher_suite").asText());
        assertThat(session.resumed()).isEqualTo(expected.get("resumed").asBoolean());
        assertThat(session.helloRetryRequest()).isEqualTo(expected.get("hello_retry_request").asBoolean());
        assertThat(session.clientAuth().label()).isEqualTo(expected.get("evidence_without_keys").asText());
        if (session.version().equals("1.2")) {
            assertClearTls12Facts(session, expected);
        } else {
            assertThat(session.alpnSelected()).isNull();
            assertThat(session.certificateRequest()).isNull();
            assertThat(session.serverChain()).isEmpty();
        }
    }

    private static void assertClearTls12Facts(TlsSession session, JsonNode expected) {
        JsonNode cert = expected.get("server_cert");
        CertificateInfo leaf = session.serverChain().get(0);
        assertThat(session.alpnSelected()).isEqualTo(expected.get("alpn_selected").asText());
        assertThat(session.certificateRequest()).isEqualTo(expected.get("certificate_request").asText().equals("yes"));
        assertThat(session.clientCertificateSeen()).isEqualTo(expected.get("client_cert").asText().equals("yes"));
        assertThat(session.clientIdentity()).isEqualTo(textOrNull(expected.get("client_spiffe_id")));
        assertThat(session.serverChain()).hasSize(cert.get("chain_length").asInt());
        assertThat(leaf.findSpiffeId().orElse(null)).isEqualTo(textOrNull(cert.get("spiffe_id")));
        assertThat(leaf.dnsSans()).isEqualTo(texts(cert.get("dns_names")));
        assertThat(leaf.subject()).isEqualTo(cert.get("subject").asText());
        assertThat(leaf.issuer()).isEqualTo(cert.get("issuer").asText());
        assertThat(leaf.key()).isEqualTo(cert.get("key").asText());
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(node -> out.add(node.asText()));
        return out;
    }

    private static String textOrNull(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }
}
