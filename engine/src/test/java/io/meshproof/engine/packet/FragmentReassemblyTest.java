package io.meshproof.engine.packet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.meshproof.engine.analysis.CaptureAnalysis;
import io.meshproof.engine.analysis.CaptureAnalyzer;
import io.meshproof.engine.analysis.Progress;
import io.meshproof.engine.anomaly.Anomaly;
import io.meshproof.engine.anomaly.Severity;
import io.meshproof.engine.capture.Frame;
import io.meshproof.engine.flow.Flow;
import io.meshproof.engine.inventory.Inventory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FragmentReassemblyTest {
    private static final String IPV4 = "ipv4-fragments.pcap";
    private static final String IPV6 = "ipv6-fragments.pcap";
    private static final int DATAGRAM_PAYLOAD_LENGTH = 4000;
    private static final int ETHERNET = 14;
    private static final long SECOND = 1_000_000_000L;

    private final List<Anomaly> anomalies = new ArrayList<>();
    private final PacketDecoder decoder = new PacketDecoder(anomalies::add);

    @ParameterizedTest
    @CsvSource({
        "ipv4-fragments.pcap, 4, 192.168.100.1, 192.168.100.2, 49359, 1480",
        "ipv6-fragments.pcap, 6, fd00:100:0:0:0:0:0:1, fd00:100:0:0:0:0:0:2, 47189, 1448",
    })
    void reassemblesUdpDatagram_whenThreeFragmentsArriveInOrder(String fileName, int version, String source,
            String destination, int sourcePort, int fragmentLength) throws Exception {
        List<Packet> packets = decodeAll(PacketCaptures.readAll(fileName));

        assertThat(packets).extracting(Packet::frame, Packet::fragment, Packet::portsKnown, Packet::fragments)
                .containsExactly(tuple(1L, true, false, 0), tuple(2L, true, false, 0), tuple(3L, false, true, 3),
                        tuple(4L, false, true, 0));
        assertThat(packets.get(0).payloadLength()).isEqualTo(fragmentLength);
        Packet datagram = packets.get(2);
        assertThat(datagram.ipVersion()).isEqualTo(version);
        assertThat(datagram.source().getHostAddress()).isEqualTo(source);
        assertThat(datagram.destination().getHostAddress()).isEqualTo(destination);
        assertThat(List.of(datagram.sourcePort(), datagram.destinationPort())).containsExactly(sourcePort, 5000);
        assertThat(datagram.isUdp()).isTrue();
        assertThat(datagram.transportDecoded()).isTrue();
        assertThat(datagram.reassembled()).isTrue();
        assertThat(datagram.ipOffset()).isZero();
        assertThat(datagram.payload()).isEqualTo(sentPayload());
        assertThat(new String(packets.get(3).payload(), "US-ASCII")).isEqualTo("after the fragments");
        assertThat(anomalies).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"ipv4-fragments.pcap, 3, 1, 2", "ipv4-fragments.pcap, 2, 3, 1", "ipv4-fragments.pcap, 1, 3, 2",
        "ipv6-fragments.pcap, 3, 2, 1", "ipv6-fragments.pcap, 2, 1, 3"})
    void reassemblesSameDatagram_whenFragmentsArriveOutOfOrder(String fileName, int first, int second, int third)
            throws Exception {
        List<Frame> frames = PacketCaptures.readAll(fileName);

        List<Packet> packets = decodeAll(List.of(frames.get(first - 1), frames.get(second - 1),
                frames.get(third - 1)));

        assertThat(packets).extracting(Packet::fragment).containsExactly(true, true, false);
        Packet datagram = packets.get(2);
        assertThat(datagram.frame()).isEqualTo(third);
        assertThat(datagram.fragments()).isEqualTo(3);
        assertThat(datagram.destinationPort()).isEqualTo(5000);
        assertThat(datagram.payload()).isEqualTo(sentPayload());
        assertThat(anomalies).isEmpty();
    }

    @Test
    void keepsTheFirstCopy_whenARewrittenFragmentOverlapsTheOriginal() throws Exception {
        List<Frame> frames = PacketCaptures.readAll(IPV4);
        byte[] rewritten = frames.get(1).data().clone();
        Arrays.fill(rewritten, ETHERNET + 20, rewritten.length, (byte) 'x');

        List<Packet> packets = decodeAll(List.of(frames.get(0), PacketCaptures.withData(frames.get(1), rewritten),
                frames.get(1), frames.get(2)));

        Packet datagram = packets.get(3);
        assertThat(datagram.fragments()).isEqualTo(4);
        byte[] expected = sentPayload();
        Arrays.fill(expected, 1480 - 8, 2960 - 8, (byte) 'x');
        assertThat(datagram.payload()).isEqualTo(expected);
        assertThat(anomalies).extracting(Anomaly::id, Anomaly::severity, Anomaly::frame, Anomaly::detail)
                .containsExactly(tuple("ipv4.fragment.overlap", Severity.WARNING, 2L, "datagram id 0x62d1 from "
                        + "192.168.100.1 to 192.168.100.2: fragment of 1480 bytes at offset 1480 overlaps 1480 "
                        + "bytes that arrived earlier, with different content; the earlier bytes are kept"));
    }

    @Test
    void reportsOverlapWithSameContent_whenAFragmentIsCapturedTwice() throws Exception {
        List<Frame> frames = PacketCaptures.readAll(IPV4);

        List<Packet> packets = decodeAll(List.of(frames.get(0), frames.get(0), frames.get(1), frames.get(2)));

        assertThat(packets.get(3).payload()).isEqualTo(sentPayload());
        assertThat(anomalies).extracting(Anomaly::id, Anomaly::detail).containsExactly(tuple(
                "ipv4.fragment.overlap", "datagram id 0x62d1 from 192.168.100.1 to 192.168.100.2: fragment of 1480 "
                        + "bytes at offset 0 overlaps 1480 bytes that arrived earlier with the same content; the "
                        + "earlier bytes are kept"));
    }

    @Test
    void givesUpDatagram_whenItsLastFragmentComesAfterTheTimeout() throws Exception {
        List<Frame> frames = PacketCaptures.readAll(IPV4);
        long late = frames.get(0).timestampNanos() + 31 * SECOND;

        List<Packet> packets = decodeAll(List.of(frames.get(0), frames.get(1),
                PacketCaptures.at(frames.get(2), 9, late)));
        decoder.finish();

        assertThat(packets).extracting(Packet::fragment).containsExactly(true, true, true);
        assertThat(anomalies).extracting(Anomaly::id, Anomaly::frame, Anomaly::offset, Anomaly::detail)
                .containsExactly(tuple("ipv4.fragment.incomplete", 1L, -1L, "datagram id 0x62d1 from "
                        + "192.168.100.1 to 192.168.100.2: 2 fragments with 2960 bytes received, last fragment "
                        + "missing; no fragment completed it within 30 s of capture time (given up at frame 9)"),
                        tuple("ipv4.fragment.incomplete", 9L, -1L, "datagram id 0x62d1 from 192.168.100.1 to "
                                + "192.168.100.2: 1 fragments with 1048 bytes received, 2960 bytes missing; the "
                                + "capture ended"));
    }

    @Test
    void evictsTheOldestDatagram_whenTooManyArePending() throws Exception {
        Frame first = PacketCaptures.readAll(IPV4).get(0);
        int datagrams = FragmentReassembler.MAX_PENDING_DATAGRAMS + 1;

        for (int id = 1; id <= datagrams; id++) {
            byte[] data = first.data().clone();
            data[ETHERNET + 4] = (byte) (id >>> 8);
            data[ETHERNET + 5] = (byte) id;
            decoder.decode(PacketCaptures.at(PacketCaptures.withData(first, data), id, first.timestampNanos()));
        }

        assertThat(anomalies).extracting(Anomaly::id, Anomaly::frame, Anomaly::detail).containsExactly(tuple(
                "ipv4.fragment.incomplete", 1L, "datagram id 0x1 from 192.168.100.1 to 192.168.100.2: 1 fragments "
                        + "with 1480 bytes received, last fragment missing; evicted at frame 1025 to stay within "
                        + "1024 pending datagrams and 16777216 buffered bytes"));
    }

    @Test
    void reportsNotReassembled_whenSnapLengthCutAFragment() throws Exception {
        List<Frame> frames = PacketCaptures.readAll(IPV4);
        Frame cut = PacketCaptures.withData(frames.get(1), Arrays.copyOf(frames.get(1).data(), 200));

        Packet packet = decoder.decode(cut).orElseThrow();

        assertThat(packet.fragment()).isTrue();
        assertThat(anomalies).extracting(Anomaly::id, Anomaly::offset, Anomaly::detail).containsExactly(
                tuple("ipv4.total_length.overrun", 16L, "IPv4 total length = 1500, only 186 bytes captured from "
                        + "the IPv4 header on"),
                tuple("ipv4.fragment.not_reassembled", 16L, "IPv4 fragment at offset 1480 holds 166 captured "
                        + "bytes of 1480; its datagram cannot be reassembled"));
    }

    @Test
    void rejectsFragment_whenItReachesPastTheLargestDatagram() throws Exception {
        Frame first = PacketCaptures.readAll(IPV4).get(0);
        byte[] data = first.data().clone();
        // more fragments, offset 8184 words = 65472 bytes
        data[ETHERNET + 6] = 0x3f;
        data[ETHERNET + 7] = (byte) 0xf8;

        Packet packet = decoder.decode(PacketCaptures.withData(first, data)).orElseThrow();

        assertThat(packet.fragment()).isTrue();
        assertThat(anomalies).extracting(Anomaly::id, Anomaly::severity, Anomaly::detail).containsExactly(tuple(
                "ipv4.fragment.oversized", Severity.ERROR, "IPv4 fragment at offset 65472 of 1480 bytes ends at "
                        + "66972, the limit is 65535"));
    }

    @Test
    void countsTheDatagramOnceInItsFlow_whenReadThroughTheAnalyzer() throws Exception {
        CaptureAnalysis analysis = new CaptureAnalyzer(Inventory.empty()).read(PacketCaptures.path(IPV6), 1,
                Progress.NONE);

        assertThat(analysis.flows()).hasSize(1);
        Flow flow = analysis.flows().get(0);
        assertThat(flow.transport()).isEqualTo("udp");
        assertThat(List.of(flow.client().ip(), flow.client().port(), flow.server().ip(), flow.server().port()))
                .containsExactly("fd00:100::1", 47189, "fd00:100::2", 5000);
        assertThat(flow.packets().total()).isEqualTo(2);
        assertThat(flow.anomalies()).isEmpty();
        assertThat(analysis.anomalies()).isEmpty();
    }

    private List<Packet> decodeAll(List<Frame> frames) {
        List<Packet> packets = new ArrayList<>();
        for (Frame frame : frames) {
            Optional<Packet> packet = decoder.decode(frame);
            packets.add(packet.orElseThrow());
        }
        return packets;
    }

    /** What the sender wrote: byte i is i mod 251. */
    private static byte[] sentPayload() {
        byte[] payload = new byte[DATAGRAM_PAYLOAD_LENGTH];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) (i % 251);
        }
        return payload;
    }
}
