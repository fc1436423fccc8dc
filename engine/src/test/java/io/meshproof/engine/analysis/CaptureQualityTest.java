package io.meshproof.engine.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshproof.engine.capture.TestCaptures;
import io.meshproof.engine.flow.Flow;
import io.meshproof.engine.flow.Quality;
import io.meshproof.engine.inventory.Inventory;
import io.meshproof.engine.keylog.KeyLog;
import io.meshproof.engine.tls.ClientAuth;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a capture missed, as facts on the flows it touched: gaps, connections older than the capture, drops. */
class CaptureQualityTest {
    private static final int PCAP_HEADER_LENGTH = 24;
    private static final int PCAP_RECORD_HEADER_LENGTH = 16;
    private static final int PCAPNG_ISB = 5;
    private static final int ISB_IFDROP = 5;

    @TempDir
    Path temp;

    @Test
    void marksStartedBeforeCapture_whenHandshakePredatesCapture() throws Exception {
        List<Flow> flows = read(TestCaptures.path("seed-foo-to-foo-mtls-midstream.pcap")).flows();

        Flow mesh = flows.get(0);
        assertThat(mesh.client().port()).isEqualTo(42001);
        assertThat(mesh.quality()).containsExactly(Quality.STARTED_BEFORE_CAPTURE);
        assertThat(mesh.clientAuthEvidence()).isEqualTo(ClientAuth.UNKNOWN);
        assertThat(flows.get(1).client().port()).isEqualTo(52001);
        assertThat(flows.get(1).quality()).isEmpty();
    }

    @Test
    void marksNothing_whenWholeConnectionIsCaptured() throws Exception {
        Flow flow = read(TestCaptures.path("tls12-mtls.pcap")).flows().get(0);

        assertThat(flow.quality()).isEmpty();
        assertThat(flow.clientAuthEvidence()).isEqualTo(ClientAuth.PROVEN);
    }

    @Test
    void marksHandshakeGapAndUnknownEvidence_whenServerCertificateSegmentIsMissing() throws Exception {
        // Frame 8 carries the middle of the server's Certificate, before the client's own Certificate.
        Path gapped = withoutFrames("tls12-mtls.pcap", Set.of(8));

        Flow flow = read(gapped).flows().get(0);

        assertThat(flow.quality()).containsExactly(Quality.GAP, Quality.HANDSHAKE_GAP);
        assertThat(flow.clientAuthEvidence()).isEqualTo(ClientAuth.UNKNOWN);
        assertThat(flow.summary()).contains("client-auth unknown");
        assertThat(flow.packets().total()).isEqualTo(25);
    }

    @Test
    void marksGapButKeepsEvidence_whenApplicationDataSegmentIsMissing() throws Exception {
        // Frame 12 is server application data of the first (TLS 1.3) connection, long after its handshake.
        Path gapped = withoutFrames("tls13-mtls-resumed.pcap", Set.of(12));

        Flow flow = read(gapped).flows().get(0);

        assertThat(flow.quality()).containsExactly(Quality.GAP);
        assertThat(flow.clientAuthEvidence()).isEqualTo(ClientAuth.INFERRED);
        assertThat(read(TestCaptures.path("tls13-mtls-resumed.pcap")).flows().get(0).clientAuthEvidence())
                .isEqualTo(ClientAuth.INFERRED);
    }

    @Test
    void reportsNoDrops_whenInterfaceStatisticsCountZero() throws Exception {
        CaptureAnalysis analysis = read(statsCapture());

        assertThat(analysis.droppedPackets()).isEqualTo(OptionalLong.of(0));
        assertThat(analysis.flows()).allSatisfy(flow -> assertThat(flow.quality()).isEmpty());
    }

    @Test
    void marksEveryFlowWithKernelDrops_whenInterfaceStatisticsCountDrops() throws Exception {
        byte[] bytes = Files.readAllBytes(statsCapture());
        setFirstIfDrop(bytes, 3);
        Path dropped = Files.write(temp.resolve("dumpcap-isb-ifdrop-3.pcapng"), bytes);

        CaptureAnalysis analysis = read(dropped);

        assertThat(analysis.droppedPackets()).isEqualTo(OptionalLong.of(3));
        assertThat(analysis.flows()).isNotEmpty()
                .allSatisfy(flow -> assertThat(flow.quality()).containsExactly(Quality.KERNEL_DROPS));
    }

    @Test
    void readsNoDropCount_fromPcapFiles() throws Exception {
        assertThat(read(TestCaptures.path("tls12-mtls.pcap")).droppedPackets()).isEmpty();
    }

    private static CaptureAnalysis read(Path path) throws Exception {
        return new CaptureAnalyzer(Inventory.empty(), KeyLog.empty(), false).read(path, 1, Progress.NONE);
    }

    private Path statsCapture() throws Exception {
        return Path.of(getClass().getResource("/packet/dumpcap-two-interfaces-stats.pcapng").toURI());
    }

    /** A copy of a little-endian pcap corpus capture without the given frames (numbered from 1). */
    private Path withoutFrames(String fileName, Set<Integer> dropped) throws Exception {
        byte[] bytes = Files.readAllBytes(TestCaptures.path(fileName));
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(bytes, 0, PCAP_HEADER_LENGTH);
        int offset = PCAP_HEADER_LENGTH;
        for (int frame = 1; offset + PCAP_RECORD_HEADER_LENGTH <= bytes.length; frame++) {
            int length = PCAP_RECORD_HEADER_LENGTH + in.getInt(offset + 8);
            if (!dropped.contains(frame)) {
                out.write(bytes, offset, length);
            }
            offset += length;
        }
        return Files.write(temp.resolve(fileName.replace(".pcap", "-without-" + dropped + ".pcap")),
                out.toByteArray());
    }

    /** Sets isb_ifdrop (pcapng 4.6, option 5, 8 bytes) of the file's first Interface Statistics Block. */
    private static void setFirstIfDrop(byte[] pcapng, long drops) {
        ByteBuffer buffer = ByteBuffer.wrap(pcapng).order(ByteOrder.LITTLE_ENDIAN);
        int block = 0;
        while (buffer.getInt(block) != PCAPNG_ISB) {
            block += buffer.getInt(block + 4);
        }
        // Block type, length, interface id and a two-word timestamp come before the options.
        int option = block + 20;
        while (buffer.getShort(option) != ISB_IFDROP) {
            int length = buffer.getShort(option + 2) & 0xffff;
            option += 4 + (length + 3) / 4 * 4;
        }
        buffer.putLong(option + 4, drops);
    }
}
