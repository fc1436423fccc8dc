package io.meshproof.engine.flow;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshproof.engine.analysis.CaptureAnalysis;
import io.meshproof.engine.analysis.CaptureAnalyzer;
import io.meshproof.engine.analysis.Progress;
import io.meshproof.engine.inventory.Inventory;
import io.meshproof.engine.keylog.KeyLog;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Istio ambient's HBONE hop (mutual TLS to port 15008, ALPN h2) is named as such. */
class HboneFlowTest {
    private static Path resource(String name) throws Exception {
        return Path.of(HboneFlowTest.class.getResource("/flow/" + name).toURI());
    }

    @Test
    void namesHbone_whenTlsToPort15008OffersH2() throws Exception {
        CaptureAnalysis analysis = new CaptureAnalyzer(Inventory.empty())
                .read(resource("hbone-mtls-15008.pcap"), 1, Progress.NONE);

        Flow flow = analysis.flows().get(0);
        assertThat(analysis.flows()).hasSize(1);
        assertThat(flow.hbone()).isTrue();
        assertThat(flow.server().port()).isEqualTo(15008);
        assertThat(flow.tls().alpnOffered()).containsExactly("h2");
        assertThat(flow.summary()).startsWith("hbone tls 1.3 client-auth inferred");
    }

    @Test
    void provesTheTunnelsClientIdentity_withTheKeyLog() throws Exception {
        CaptureAnalysis analysis = new CaptureAnalyzer(Inventory.empty(),
                KeyLog.read(resource("hbone-mtls-15008.keys")), false)
                .read(resource("hbone-mtls-15008.pcap"), 1, Progress.NONE);

        Flow flow = analysis.flows().get(0);
        assertThat(flow.hbone()).isTrue();
        assertThat(flow.tls().alpnSelected()).isEqualTo("h2");
        assertThat(flow.clientAuthEvidence().label()).isEqualTo("proven");
        assertThat(flow.tls().clientIdentity()).isEqualTo("spiffe://cluster.local/ns/foo/sa/sleep");
        assertThat(flow.tls().serverIdentity()).isEqualTo("spiffe://cluster.local/ns/foo/sa/httpbin");
    }

    @Test
    void isNotHbone_whenTlsGoesToAnotherPort() throws Exception {
        Path capture = Path.of(HboneFlowTest.class.getResource("/captures/tls13-server-only.pcap").toURI());
        Flow flow = new CaptureAnalyzer(Inventory.empty()).read(capture, 1, Progress.NONE).flows().get(0);

        assertThat(flow.tls().alpnOffered()).contains("h2");
        assertThat(flow.hbone()).isFalse();
    }
}
