package io.meshproof.engine.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshproof.engine.analysis.CaptureAnalysis;
import io.meshproof.engine.analysis.CaptureAnalyzer;
import io.meshproof.engine.analysis.Progress;
import io.meshproof.engine.anomaly.Anomaly;
import io.meshproof.engine.capture.TestCaptures;
import io.meshproof.engine.flow.Flow;
import io.meshproof.engine.inventory.Inventory;
import io.meshproof.engine.keylog.KeyLog;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Decryption end to end on real captures: suites the corpus lacks, embedded secrets, and wrong secrets. */
class TlsDecryptionTest {
    private static List<Flow> flows(Path capture, KeyLog keys, boolean embedded) throws Exception {
        CaptureAnalysis analysis = new CaptureAnalyzer(Inventory.empty(), keys, embedded).read(capture, 1,
                Progress.NONE);
        return analysis.flows();
    }

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(TlsDecryptionTest.class.getResource(name).toURI());
    }

    @Test
    void decryptsHandshakeAndRequest_whenSuiteIsChaCha20Poly1305() throws Exception {
        Path keys = resource("/tls/tls-chacha.keys");

        List<Flow> flows = flows(resource("/tls/tls-chacha.pcap"), KeyLog.read(keys), false);

        assertThat(flows).extracting(f -> f.client().port(), f -> f.tls().version(), f -> f.tls().cipher())
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(47382, "1.3", "TLS_CHACHA20_POLY1305_SHA256"),
                        org.assertj.core.groups.Tuple.tuple(47388, "1.2",
                                "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256"));
        for (Flow flow : flows) {
            TlsSession tls = flow.tls();
            assertThat(tls.decrypted()).isTrue();
            assertThat(tls.secretSource()).isEqualTo("file " + keys);
            assertThat(tls.clientAuth()).isEqualTo(ClientAuth.PROVEN);
            assertThat(tls.clientChain()).singleElement().satisfies(c -> assertThat(c.dnsSans())
                    .containsExactly("chacha.test"));
            assertThat(tls.serverIdentity()).isEqualTo("chacha.test");
            assertThat(flow.decryptedApp()).isEqualTo("http/1.1");
            assertThat(flow.http()).extracting(e -> e.method() + " " + e.path() + " " + e.host() + " " + e.status())
                    .containsExactly("GET / chacha.test 200");
            assertThat(flow.anomalies()).isEmpty();
        }
    }

    @Test
    void usesEmbeddedSecrets_onlyWhenAskedTo() throws Exception {
        Path capture = TestCaptures.path("seed-foo-to-foo-mtls-dsb.pcapng");

        Flow with = flows(capture, KeyLog.empty(), true).get(0);
        Flow without = flows(capture, KeyLog.empty(), false).get(0);

        assertThat(with.tls().secretSource()).isEqualTo("embedded");
        assertThat(with.tls().clientAuth()).isEqualTo(ClientAuth.PROVEN);
        assertThat(with.tls().clientIdentity()).isEqualTo("spiffe://cluster.local/ns/foo/sa/sleep");
        assertThat(without.tls().decrypted()).isFalse();
        assertThat(without.tls().clientAuth()).isEqualTo(ClientAuth.INFERRED);
        assertThat(without.anomalies()).isEmpty();
    }

    @Test
    void decryptsNothingAndSaysSoOnce_whenSecretsAreNotTheConnections(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        // the right client random with another connection's secrets: what a mixed-up key log gives
        String seed = Files.readString(TestCaptures.path("seed-foo-to-foo-mtls.keys"));
        String other = Files.readString(TestCaptures.path("tls13-server-only.keys"));
        Path wrong = dir.resolve("wrong.keys");
        Files.writeString(wrong, swapSecrets(seed, other));

        Flow flow = flows(TestCaptures.path("seed-foo-to-foo-mtls.pcap"), KeyLog.read(wrong), false).get(0);

        assertThat(flow.tls().decrypted()).isFalse();
        assertThat(flow.tls().clientAuth()).isEqualTo(ClientAuth.INFERRED);
        assertThat(flow.tls().alpnSelected()).isNull();
        assertThat(flow.http()).isEmpty();
        assertThat(flow.anomalies()).extracting(Anomaly::id, Anomaly::detail).containsExactly(
                org.assertj.core.groups.Tuple.tuple("tls.decrypt.failed", "the logged CLIENT_HANDSHAKE_TRAFFIC_SECRET "
                        + "is 48 bytes, TLS_AES_128_GCM_SHA256 needs 32 (secrets of another connection?); "
                        + "not decrypted"));
    }

    @Test
    void notesEachTlsFlow_whenKeyLogIsAnotherCaptures() throws Exception {
        List<Flow> flows = flows(TestCaptures.path("mixed-mesh.pcapng"),
                KeyLog.read(TestCaptures.path("tls13-mtls-resumed.keys")), false);

        List<Flow> tls = flows.stream().filter(f -> f.tls() != null && f.tls().clientHelloSeen()).toList();
        assertThat(tls).hasSize(24);
        assertThat(tls).allSatisfy(f -> {
            assertThat(f.tls().decrypted()).isFalse();
            assertThat(f.anomalies()).extracting(Anomaly::id).containsExactly("tls.decrypt.no_secrets");
        });
        List<Flow> reference = flows(TestCaptures.path("mixed-mesh.pcapng"), KeyLog.empty(), false);
        assertThat(flows).extracting(f -> f.tls() == null ? null : f.tls().clientAuth())
                .isEqualTo(reference.stream().map(f -> f.tls() == null ? null : f.tls().clientAuth()).toList());
    }

    /** Each secret of {@code seed} replaced by the secret with the same label in {@code other}. */
    private static String swapSecrets(String seed, String other) {
        StringBuilder out = new StringBuilder();
        for (String line : seed.split("\n")) {
            String[] fields = line.split(" ");
            if (fields.length != 3) {
                continue;
            }
            String replacement = other.lines().map(l -> l.split(" ")).filter(f -> f.length == 3
                    && f[0].equals(fields[0])).map(f -> f[2]).findFirst().orElseThrow();
            out.append(fields[0]).append(' ').append(fields[1]).append(' ').append(replacement).append('\n');
        }
        return out.toString();
    }
}
