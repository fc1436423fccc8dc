package io.meshproof.engine.keylog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshproof.engine.capture.TestCaptures;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class KeyLogTest {
    private static final String RANDOM = "11".repeat(32);
    private static final String SECRET = "ab".repeat(32);

    @Test
    void readsEveryTls13Label_whenKeyLogIsOpenSsls() throws IOException {
        Path file = TestCaptures.path("seed-foo-to-foo-mtls.keys");

        KeyLog log = KeyLog.read(file);

        assertThat(log.connections()).isEqualTo(1);
        assertThat(log.lines()).isEqualTo(5);
        assertThat(log.warnings()).isEmpty();
        byte[] random = HexFormat.of().parseHex("3083e1cfd66fc02f6af2d1032b020a639caa98682c9d5f3d14a5ba2c35b5d329");
        SessionSecrets secrets = log.find(random).orElseThrow();
        assertThat(secrets.source()).isEqualTo("file " + file);
        assertThat(secrets.secrets().keySet()).containsExactlyInAnyOrder(SecretLabel.CLIENT_HANDSHAKE_TRAFFIC_SECRET,
                SecretLabel.SERVER_HANDSHAKE_TRAFFIC_SECRET, SecretLabel.CLIENT_TRAFFIC_SECRET_0,
                SecretLabel.SERVER_TRAFFIC_SECRET_0, SecretLabel.EXPORTER_SECRET);
        assertThat(HexFormat.of().formatHex(secrets.find(SecretLabel.SERVER_HANDSHAKE_TRAFFIC_SECRET).orElseThrow()))
                .isEqualTo("95cd036cd8602046de16dc2e4cc72e74a4c117cb576c212d9c8bd9cec239746d");
    }

    @Test
    void readsMasterSecret_whenLineIsClientRandom() throws IOException {
        KeyLog log = KeyLog.read(TestCaptures.path("tls12-mtls.keys"));

        assertThat(log.connections()).isEqualTo(1);
        assertThat(log.warnings()).isEmpty();
    }

    @Test
    void skipsCommentsBlankLinesAndUnusedLabels_withoutWarnings() {
        KeyLog log = KeyLog.parse("# comment\n\n   \nCLIENT_EARLY_TRAFFIC_SECRET " + RANDOM + " " + SECRET
                + "\r\nEXPORTER_SECRET " + RANDOM.toUpperCase() + " " + SECRET + "\n", "embedded");

        assertThat(log.warnings()).isEmpty();
        assertThat(log.lines()).isEqualTo(1);
        assertThat(log.find(HexFormat.of().parseHex(RANDOM)).orElseThrow().source()).isEqualTo("embedded");
    }

    @Test
    void warnsWithLineNumber_andNeverQuotesTheLine_whenLinesAreMalformed() {
        KeyLog log = KeyLog.parse("CLIENT_RANDOM " + RANDOM + "\n"
                + "SERVER_TRAFFIC_SECRET_0 " + RANDOM + " " + SECRET + " extra\n"
                + "NOT_A_LABEL " + RANDOM + " " + SECRET + "\n"
                + SECRET + " " + RANDOM + " " + SECRET + "\n"
                + "CLIENT_RANDOM 1234 " + "00".repeat(48) + "\n"
                + "CLIENT_RANDOM " + RANDOM + " " + SECRET + "\n"
                + "SERVER_TRAFFIC_SECRET_0 " + RANDOM + " xyz\n", "file bad.keys");

        assertThat(log.connections()).isZero();
        assertThat(log.warnings()).extracting(KeyLogWarning::format).containsExactly(
                "bad.keys:1: expected LABEL CLIENT_RANDOM SECRET, found 2 fields; line skipped",
                "bad.keys:2: expected LABEL CLIENT_RANDOM SECRET, found 4 fields; line skipped",
                "bad.keys:3: unknown label 'NOT_A_LABEL'; line skipped",
                "bad.keys:4: unknown label (64 characters, not a label); line skipped",
                "bad.keys:5: client random is not 64 hex digits (4 characters); line skipped",
                "bad.keys:6: master secret is not 96 hex digits (64 characters); line skipped",
                "bad.keys:7: secret is not 64 or 96 hex digits (3 characters); line skipped");
        assertThat(log.warnings()).allSatisfy(w -> assertThat(w.message()).doesNotContain(SECRET));
    }

    @Test
    void prefersItsOwnSecrets_whenMergedWithAnother() {
        KeyLog first = KeyLog.parse("EXPORTER_SECRET " + RANDOM + " " + SECRET, "file a.keys");
        KeyLog second = KeyLog.parse("EXPORTER_SECRET " + RANDOM + " " + "cd".repeat(32) + "\n"
                + "EXPORTER_SECRET " + "22".repeat(32) + " " + SECRET, "file b.keys");

        KeyLog merged = first.merge(second);

        assertThat(merged.connections()).isEqualTo(2);
        assertThat(merged.find(HexFormat.of().parseHex(RANDOM)).orElseThrow().source()).isEqualTo("file a.keys");
    }

    @Test
    void showsNoSecret_whenPrinted() {
        KeyLog log = KeyLog.parse("EXPORTER_SECRET " + RANDOM + " " + SECRET, "embedded");

        assertThat(log.toString()).isEqualTo("KeyLog[1 connections, 1 lines]");
        assertThat(log.find(HexFormat.of().parseHex(RANDOM)).orElseThrow().toString())
                .isEqualTo("SessionSecrets[embedded, [EXPORTER_SECRET]]");
    }

    @Test
    void namesTheFile_whenItIsMissing() {
        assertThatThrownBy(() -> KeyLog.read(Path.of("no-such.keys")))
                .isInstanceOf(IOException.class).hasMessage("no-such.keys: no such file");
    }

    @Test
    void looksUpEmbeddedKeysAfterFiles_whenRingHasBoth() {
        KeyRing ring = new KeyRing(KeyLog.empty());
        assertThat(ring.isEmpty()).isTrue();

        ring.add(KeyLog.parse("EXPORTER_SECRET " + RANDOM + " " + SECRET, "embedded"));

        assertThat(ring.isEmpty()).isFalse();
        assertThat(ring.find(HexFormat.of().parseHex(RANDOM)).orElseThrow().source()).isEqualTo("embedded");
        assertThat(ring.find(new byte[32])).isEmpty();
    }
}
