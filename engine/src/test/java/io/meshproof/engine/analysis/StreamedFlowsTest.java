package io.meshproof.engine.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshproof.engine.capture.CaptureReader;
import io.meshproof.engine.capture.Frame;
import io.meshproof.engine.capture.TestCaptures;
import io.meshproof.engine.flow.Flow;
import io.meshproof.engine.flow.FlowAssembler;
import io.meshproof.engine.inventory.Inventory;
import io.meshproof.engine.keylog.KeyLog;
import io.meshproof.engine.keylog.SecretStore;
import io.meshproof.engine.packet.Packet;
import io.meshproof.engine.packet.PacketDecoder;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Flows handed on while a capture is read ({@link CaptureAnalyzer#stream}) are the flows of reading it whole:
 * every corpus capture with its keys, so that resumptions are linked and decrypted flows come too.
 */
class StreamedFlowsTest {
    private static final int PCAP_HEADER_LENGTH = 24;
    private static final int PCAP_RECORD_HEADER_LENGTH = 16;
    private static final int TLS12_MTLS_FRAMES = 26;

    @TempDir
    Path temp;

    static Stream<String> captures() {
        return TestCaptures.fileNames().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("captures")
    void streamsTheFlowsOfReadingWhole_forEveryCorpusCapture(String fileName) throws Exception {
        JsonNode keylog = TestCaptures.expectedFiles().get(fileName).get("keylog");
        KeyLog keys = keylog.isNull() ? KeyLog.empty() : KeyLog.read(TestCaptures.path(keylog.asText()));
        CaptureAnalyzer analyzer = new CaptureAnalyzer(Inventory.empty(), keys, true);
        CaptureAnalysis whole = analyzer.read(TestCaptures.path(fileName), 1, Progress.NONE);
        List<Flow> streamed = new ArrayList<>();

        CaptureAnalysis analysis = analyzer.stream(TestCaptures.path(fileName), 1, Progress.NONE, streamed::add);

        assertThat(analysis.flows()).isEmpty();
        assertThat(analysis.flowCount()).isEqualTo(whole.flows().size());
        assertThat(streamed).isEqualTo(whole.flows());
    }

    @Test
    void handsFlowOn_whenItsLatePacketTimeIsOver() throws Exception {
        byte[] once = Files.readAllBytes(TestCaptures.path("tls12-mtls.pcap"));
        byte[] again = once.clone();
        delayAll(again, 100);
        ByteArrayOutputStream twice = new ByteArrayOutputStream();
        twice.write(once);
        twice.write(again, PCAP_HEADER_LENGTH, again.length - PCAP_HEADER_LENGTH);
        Path file = Files.write(temp.resolve("reopened-100s.pcap"), twice.toByteArray());
        List<Flow> handedOn = new ArrayList<>();
        FlowAssembler assembler = new FlowAssembler(file.toString(), anomaly -> { }, SecretStore.NONE,
                Inventory.empty(), 1, handedOn::add);
        PacketDecoder decoder = new PacketDecoder(anomaly -> { });
        List<Integer> handedOnAfterFrame = new ArrayList<>();

        try (CaptureReader reader = CaptureReader.open(file)) {
            for (Frame frame : TestCaptures.readAll(reader)) {
                Optional<Packet> packet = decoder.decode(frame);
                packet.ifPresent(p -> assembler.accept(p, frame.originalLength(), List.of()));
                handedOnAfterFrame.add(handedOn.size());
            }
        }
        List<Flow> returned = assembler.finish();

        assertThat(handedOnAfterFrame.get(TLS12_MTLS_FRAMES - 1)).isZero();
        assertThat(handedOnAfterFrame.get(TLS12_MTLS_FRAMES)).isEqualTo(1);
        assertThat(returned).isEmpty();
        assertThat(handedOn).extracting(Flow::id).containsExactly(1, 2);
        assertThat(handedOn).extracting(flow -> flow.packets().total()).containsExactly(26L, 26L);
    }

    @Test
    void handsOnFlowsStillOpenAtTheEnd_inIdOrder() throws Exception {
        List<Flow> streamed = new ArrayList<>();
        new CaptureAnalyzer(Inventory.empty()).stream(TestCaptures.path("dns.pcap"), 7, Progress.NONE,
                streamed::add);

        assertThat(streamed).isNotEmpty().isSortedAccordingTo(Comparator.comparingInt(Flow::id));
        assertThat(streamed.get(0).id()).isEqualTo(7);
    }

    /** Adds {@code seconds} to the timestamp of every frame of a little-endian pcap. */
    private static void delayAll(byte[] pcap, int seconds) {
        ByteBuffer buffer = ByteBuffer.wrap(pcap).order(ByteOrder.LITTLE_ENDIAN);
        for (int offset = PCAP_HEADER_LENGTH; offset < pcap.length;
                offset += PCAP_RECORD_HEADER_LENGTH + buffer.getInt(offset + 8)) {
            buffer.putInt(offset, buffer.getInt(offset) + seconds);
        }
    }
}
