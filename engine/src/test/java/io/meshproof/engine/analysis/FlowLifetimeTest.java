package io.meshproof.engine.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshproof.engine.capture.TestCaptures;
import io.meshproof.engine.flow.Flow;
import io.meshproof.engine.flow.Quality;
import io.meshproof.engine.inventory.Inventory;
import io.meshproof.engine.keylog.KeyLog;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When a flow is over: packets that come late for a closed connection, a connection reopened on the same
 * ports. Built from {@code tls12-mtls.pcap} (26 frames, both FINs at frames 24 and 25, last ACK frame 26).
 */
class FlowLifetimeTest {
    private static final int PCAP_HEADER_LENGTH = 24;
    private static final int PCAP_RECORD_HEADER_LENGTH = 16;
    private static final int LAST_ACK = 26;

    @TempDir
    Path temp;

    @Test
    void countsLateAck_whenItArrivesAfterTheCloseGrace() throws Exception {
        byte[] capture = Files.readAllBytes(TestCaptures.path("tls12-mtls.pcap"));
        delayFrame(capture, LAST_ACK, 5);

        List<Flow> flows = read(capture, "late-ack-5s.pcap");

        assertThat(flows).hasSize(1);
        assertThat(flows.get(0).packets().total()).isEqualTo(26);
        assertThat(flows.get(0).packets().toServer()).isEqualTo(15);
        assertThat(flows.get(0).closed()).isTrue();
    }

    @Test
    void startsNewFlow_whenPacketArrivesLongAfterTheFlowWasFinished() throws Exception {
        byte[] capture = Files.readAllBytes(TestCaptures.path("tls12-mtls.pcap"));
        delayFrame(capture, LAST_ACK, 100);

        List<Flow> flows = read(capture, "late-ack-100s.pcap");

        assertThat(flows).hasSize(2);
        assertThat(flows.get(0).packets().total()).isEqualTo(25);
        assertThat(flows.get(1).packets().total()).isEqualTo(1);
        assertThat(flows.get(1).firstFrame()).isEqualTo(26);
        assertThat(flows.get(1).quality()).containsExactly(Quality.STARTED_BEFORE_CAPTURE);
    }

    @Test
    void startsNewFlow_whenSameConnectionIsOpenedAgainOnTheSamePorts() throws Exception {
        byte[] once = Files.readAllBytes(TestCaptures.path("tls12-mtls.pcap"));
        byte[] again = once.clone();
        for (int frame = 1; frame <= LAST_ACK; frame++) {
            delayFrame(again, frame, 10);
        }
        ByteArrayOutputStream twice = new ByteArrayOutputStream();
        twice.write(once);
        twice.write(again, PCAP_HEADER_LENGTH, again.length - PCAP_HEADER_LENGTH);

        List<Flow> flows = read(twice.toByteArray(), "reopened.pcap");

        assertThat(flows).extracting(Flow::id).containsExactly(1, 2);
        assertThat(flows).extracting(flow -> flow.packets().total()).containsExactly(26L, 26L);
        assertThat(flows).extracting(Flow::firstFrame).containsExactly(1L, 27L);
        assertThat(flows).allSatisfy(flow -> assertThat(flow.quality()).isEmpty());
    }

    private List<Flow> read(byte[] capture, String name) throws Exception {
        Path file = Files.write(temp.resolve(name), capture);
        return new CaptureAnalyzer(Inventory.empty(), KeyLog.empty(), false).read(file, 1, Progress.NONE).flows();
    }

    /** Adds {@code seconds} to the timestamp of one frame (numbered from 1) of a little-endian pcap. */
    private static void delayFrame(byte[] pcap, int frame, int seconds) {
        ByteBuffer buffer = ByteBuffer.wrap(pcap).order(ByteOrder.LITTLE_ENDIAN);
        int offset = PCAP_HEADER_LENGTH;
        for (int i = 1; i < frame; i++) {
            offset += PCAP_RECORD_HEADER_LENGTH + buffer.getInt(offset + 8);
        }
        buffer.putInt(offset, buffer.getInt(offset) + seconds);
    }
}
