package io.meshproof.engine.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a user is told about captures that are damaged or packed in a way the reader does not read. */
class CaptureFaultMessagesTest {
    @Test
    void namesTheCompression_whenFileIsXzCompressed() {
        Path file = TestCaptures.path("seed-legacy-to-foo.pcap.xz");

        assertThatThrownBy(() -> CaptureReader.open(file)).isInstanceOf(CaptureException.class)
                .hasMessage(file + ": xz-compressed; only gzip is read directly (decompress the file first)");
    }

    @Test
    void saysTheRestWasNotRead_whenBytesInTheMiddleAreOverwritten(@TempDir Path dir) throws Exception {
        byte[] bytes = Files.readAllBytes(TestCaptures.path("mixed-mesh.pcapng"));
        // 4 KB of 0xff cross several block headers, so the block structure itself is broken.
        Arrays.fill(bytes, 20_000, 24_000, (byte) 0xff);
        Path damaged = dir.resolve("damaged.pcapng");
        Files.write(damaged, bytes);

        try (CaptureReader reader = CaptureReader.open(damaged)) {
            long frames = TestCaptures.readAll(reader).size();

            assertThat(frames).isPositive().isLessThan(666);
            assertThat(reader.warnings()).singleElement().satisfies(warning -> {
                assertThat(warning.frame()).isEqualTo(frames + 1);
                assertThat(warning.message()).endsWith("; the rest of the file was not read (" + frames
                        + " frames read)");
            });
        }
    }
}
