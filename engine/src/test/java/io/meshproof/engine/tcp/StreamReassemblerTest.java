package io.meshproof.engine.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshproof.engine.anomaly.Anomaly;
import io.meshproof.engine.flow.Direction;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StreamReassemblerTest {
    private final ByteArrayOutputStream delivered = new ByteArrayOutputStream();
    private final List<Long> gaps = new ArrayList<>();
    private final List<Anomaly> anomalies = new ArrayList<>();
    private final StreamReassembler reassembler = new StreamReassembler(Direction.TO_SERVER, new StreamConsumer() {
        @Override
        public void onData(Direction direction, byte[] data, int offset, int length, long frame) {
            delivered.write(data, offset, length);
        }

        @Override
        public void onGap(Direction direction, long missingBytes, long frame) {
            gaps.add(missingBytes);
        }
    }, anomalies::add);

    private void segment(long seq, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        reassembler.onSegment(seq, false, bytes, 0, bytes.length, 1);
    }

    private String text() {
        return delivered.toString(StandardCharsets.US_ASCII);
    }

    @Test
    void deliversInOrder_whenSegmentsArriveOutOfOrder() {
        reassembler.onSegment(1000, true, new byte[0], 0, 0, 1);
        segment(1006, "world");
        segment(1001, "hello");
        assertThat(text()).isEqualTo("helloworld");
        assertThat(gaps).isEmpty();
    }

    @Test
    void deliversEachByteOnce_whenRetransmissionsOverlap() {
        reassembler.onSegment(1000, true, new byte[0], 0, 0, 1);
        segment(1001, "abcd");
        segment(1001, "abcd");
        segment(1003, "cdefg");
        segment(1009, "ij");
        segment(1006, "fgh");
        assertThat(text()).isEqualTo("abcdefghij");
    }

    @Test
    void unwrapsSequenceNumbers_whenStreamCrossesTwoToThe32() {
        reassembler.onSegment(0xfffffffeL, true, new byte[0], 0, 0, 1);
        segment(0xffffffffL, "ab");
        segment(1, "cd");
        assertThat(text()).isEqualTo("abcd");
    }

    @Test
    void declaresGap_whenStreamEndsWithHole() {
        reassembler.onSegment(1000, true, new byte[0], 0, 0, 1);
        segment(1001, "ab");
        segment(1010, "xy");
        reassembler.finish(9);
        assertThat(text()).isEqualTo("abxy");
        assertThat(gaps).containsExactly(7L);
        assertThat(anomalies).extracting(Anomaly::id).containsExactly("tcp.stream.gap");
        assertThat(anomalies.get(0).detail())
                .isEqualTo("7 bytes of the client-to-server stream missing before sequence offset 1010");
    }

    @Test
    void reportsMissedStart_whenFirstSegmentHasNoSyn() {
        segment(5000, "tail");
        assertThat(text()).isEqualTo("tail");
        assertThat(gaps).containsExactly(-1L);
        assertThat(anomalies).extracting(Anomaly::id).containsExactly("tcp.stream.start_missed");
    }
}
