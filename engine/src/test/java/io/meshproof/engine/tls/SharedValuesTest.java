package io.meshproof.engine.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshproof.engine.analysis.CaptureAnalysis;
import io.meshproof.engine.analysis.CaptureAnalyzer;
import io.meshproof.engine.analysis.Progress;
import io.meshproof.engine.capture.TestCaptures;
import io.meshproof.engine.flow.Flow;
import io.meshproof.engine.inventory.Inventory;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;

class SharedValuesTest {
    private final SharedValues shared = new SharedValues();

    @Test
    void givesTheFirstEqualInstance() {
        List<Integer> first = new ArrayList<>(List.of(4865, 4866, 4867));
        List<Integer> second = List.of(4865, 4866, 4867);

        assertThat(shared.share(first)).isSameAs(first);
        assertThat(shared.share(second)).isSameAs(first);
        assertThat(shared.share(List.of(4865))).isEqualTo(List.of(4865)).isNotSameAs(first);
        assertThat(shared.<String>share(null)).isNull();
    }

    @Test
    void staysCorrect_pastTheNumberOfValuesItHolds() {
        for (int i = 0; i < SharedValues.MAX_VALUES * 2 + 3; i++) {
            assertThat(shared.share("value " + i)).isEqualTo("value " + i);
        }
    }

    @Test
    void flowsOfOneCapture_holdTheirRepeatedTlsValuesOnce() throws Exception {
        CaptureAnalysis analysis = new CaptureAnalyzer(Inventory.empty()).read(
                TestCaptures.path("mixed-mesh.pcapng"), 1, Progress.NONE);
        List<TlsSession> sessions = analysis.flows().stream().map(Flow::tls).filter(Objects::nonNull)
                .filter(TlsSession::clientHelloSeen).toList();
        assertThat(sessions).hasSizeGreaterThan(10);

        int pairs = 0;
        for (TlsSession a : sessions) {
            for (TlsSession b : sessions) {
                if (a != b && a.clientHello().equals(b.clientHello())) {
                    assertThat(a.clientHello()).isSameAs(b.clientHello());
                    assertThat(a.cipherSuitesOffered()).isSameAs(b.cipherSuitesOffered());
                    assertThat(a.supportedGroupsOffered()).isSameAs(b.supportedGroupsOffered());
                    pairs++;
                }
            }
        }
        assertThat(pairs).isPositive();
    }
}
