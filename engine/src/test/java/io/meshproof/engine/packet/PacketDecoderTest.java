package io.meshproof.engine.packet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshproof.engine.anomaly.Anomaly;
import io.meshproof.engine.anomaly.Severity;
import io.meshproof.engine.capture.Frame;
import io.meshproof.engine.capture.TestCaptures;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class PacketDecoderTest {
    private final List<Anomaly> anomalies = new ArrayList<>();
    private final PacketDecoder decoder = new PacketDecoder(anomalies::add);

    static List<String> undamagedFiles() {
        return TestCaptures.fileNames().stream().filter(name -> !name.equals("mixed-mesh-badhdr.pcapng")).toList();
    }

    @ParameterizedTest
    @MethodSource("undamagedFiles")
    void countsTcpAndUdpPacketsOfEveryFlow_whenCaptureIsUndamaged(String fileName) throws Exception {
        JsonNode flows = TestCaptures.expectedFiles().get(fileName).get("flows");

        List<Packet> packets = decodeAll(fileName);

        assertThat(count(packets, Transport.TCP)).isEqualTo(expectedPackets(flows, "tcp"));
        assertThat(count(packets, Transport.UDP)).isEqualTo(expectedPackets(flows, "udp"));
        assertThat(packets).allMatch(Packet::transportDecoded);
        assertThat(anomalies).isEmpty();
    }

    @Test
    void reportsExactlyTheDamagedHeaders_whenCaptureHasBadHeaderLengths() throws Exception {
        List<Packet> packets = decodeAll("mixed-mesh-badhdr.pcapng");

        assertThat(anomalies).extracting(Anomaly::id, Anomaly::frame, Anomaly::detail).containsExactly(
                tuple("ipv4.header_length.invalid", 15L, "IPv4 IHL = 3 (12 bytes), minimum is 5 (20 bytes)"),
                tuple("tcp.data_offset.invalid", 49L, "TCP data offset = 2 (8 bytes), minimum is 5 (20 bytes)"));
        assertThat(anomalies).extracting(Anomaly::severity).containsOnly(Severity.ERROR);
        assertThat(packets).hasSize(666);
        assertThat(count(packets, Transport.TCP)).isEqualTo(count(decodeAll("mixed-mesh.pcapng"), Transport.TCP));

        Packet badIp = packets.get(14);
        assertThat(badIp.frame()).isEqualTo(15);
        assertThat(addresses(badIp)).containsExactly("10.244.2.23", "10.244.1.12");
        assertThat(badIp.protocol()).isEqualTo(6);
        assertThat(badIp.portsKnown()).isFalse();
        assertThat(badIp.transportDecoded()).isFalse();
        assertThat(anomalies.get(0).offset()).isEqualTo(badIp.ipOffset());

        Packet badTcp = packets.get(48);
        assertThat(badTcp.portsKnown()).isTrue();
        assertThat(badTcp.transportDecoded()).isFalse();
        assertThat(List.of(badTcp.sourcePort(), badTcp.destinationPort())).containsExactlyInAnyOrder(42001, 80);
        assertThat(anomalies.get(1).offset()).isEqualTo(badTcp.ipOffset() + 20 + 12);
    }

    @ParameterizedTest
    @CsvSource({
        "seed-legacy-to-foo.pcap, 10.244.2.23, 41001, 10.244.1.12, 80",
        "ipv6.pcap, fd00:10:244:2:0:0:0:17, 40101, fd00:10:244:1:0:0:0:c, 80",
    })
    void decodesFirstPacketAsTheClientsSyn_whenLinkIsLinuxCookedV2(String fileName, String client, int clientPort,
            String server, int serverPort) throws Exception {
        Packet first = decodeAll(fileName).get(0);

        assertThat(addresses(first)).containsExactly(client, server);
        assertThat(List.of(first.sourcePort(), first.destinationPort())).containsExactly(clientPort, serverPort);
        assertThat(first.syn()).isTrue();
        assertThat(first.ack()).isFalse();
        assertThat(first.payloadLength()).isZero();
        JsonNode flow = TestCaptures.expectedFiles().get(fileName).get("flows").get(0);
        assertThat(InetAddress.getByName(flow.get("client").get("ip").asText())).isEqualTo(first.source());
        assertThat(first.ipVersion()).isEqualTo(flow.get("ip_version").asInt());
    }

    @ParameterizedTest
    @CsvSource({
        "tls12-mtls-null.pcap, tls12-mtls.pcap",
        "h2c-plaintext-vlan.pcap, h2c-plaintext.pcap",
        "dns-qinq.pcap, dns.pcap",
        "tls13-server-only-rawip.pcap, tls13-server-only.pcap",
        "seed-foo-to-foo-mtls-dsb.pcapng, seed-foo-to-foo-mtls.pcap",
        "seed-legacy-to-foo-be.pcap, seed-legacy-to-foo.pcap",
    })
    void decodesSamePackets_whenOnlyTheLinkLayerOrFileFormatDiffers(String variant, String original)
            throws Exception {
        List<Packet> expected = decodeAll(original);

        List<Packet> actual = decodeAll(variant);

        assertThat(actual).extracting(PacketDecoderTest::summary)
                .containsExactlyElementsOf(expected.stream().map(PacketDecoderTest::summary).toList());
        assertThat(actual.get(0).source()).isEqualTo(expected.get(0).source());
        assertThat(anomalies).isEmpty();
    }

    @Test
    void leavesPaddingOutOfPayload_whenEthernetFrameIsPadded() throws Exception {
        Frame ack = firstFrame("tls12-mtls.pcap", packet -> packet.ack() && !packet.syn()
                && packet.payloadLength() == 0);
        Frame padded = withData(ack, Arrays.copyOf(ack.data(), Math.max(60, ack.data().length + 6)));

        Packet packet = decoder.decode(padded).orElseThrow();

        assertThat(packet.payloadLength()).isZero();
        assertThat(packet.transportDecoded()).isTrue();
        assertThat(anomalies).isEmpty();
    }

    @Test
    void bindsPayloadToTotalLength_whenSegmentCarriesData() throws Exception {
        for (Packet packet : decodeAll("tls12-mtls.pcap")) {
            int totalLength = (packet.data()[packet.ipOffset() + 2] & 0xff) << 8
                    | packet.data()[packet.ipOffset() + 3] & 0xff;
            assertThat(packet.payloadOffset() + packet.payloadLength()).isEqualTo(packet.ipOffset() + totalLength);
        }
        assertThat(decodeAll("tls12-mtls.pcap")).anyMatch(packet -> packet.payloadLength() > 700);
    }

    @Test
    void holdsFragmentBackUntilCaptureEnds_whenMoreFragmentsNeverFollow() throws Exception {
        Frame syn = firstFrame("tls12-mtls.pcap", Packet::syn);
        byte[] data = syn.data().clone();
        data[14 + 6] = 0x20;

        Packet packet = decoder.decode(withData(syn, data)).orElseThrow();
        decoder.finish();

        assertThat(packet.fragment()).isTrue();
        assertThat(packet.portsKnown()).isFalse();
        assertThat(packet.transportDecoded()).isFalse();
        assertThat(packet.transport()).isEqualTo(Transport.TCP);
        assertThat(packet.payloadLength()).isEqualTo(data.length - 14 - 20);
        int id = (data[14 + 4] & 0xff) << 8 | data[14 + 5] & 0xff;
        assertThat(anomalies).extracting(Anomaly::id, Anomaly::severity, Anomaly::frame, Anomaly::offset,
                Anomaly::detail).containsExactly(tuple("ipv4.fragment.incomplete", Severity.WARNING, syn.number(),
                        -1L, String.format("datagram id 0x%x from %s to %s: 1 fragments with %d bytes received, last "
                        + "fragment missing; the capture ended", id, packet.source().getHostAddress(),
                        packet.destination().getHostAddress(), packet.payloadLength())));
    }

    @Test
    void goesOnWithWhatIsThere_whenIpv4TotalLengthOverrunsFrame() throws Exception {
        Frame syn = firstFrame("tls12-mtls.pcap", Packet::syn);
        byte[] data = syn.data().clone();
        data[14 + 2] = 0x05;

        Packet packet = decoder.decode(withData(syn, data)).orElseThrow();

        assertThat(packet.transportDecoded()).isTrue();
        assertThat(packet.syn()).isTrue();
        assertThat(anomalies).extracting(Anomaly::id, Anomaly::severity).containsExactly(
                tuple("ipv4.total_length.overrun", Severity.WARNING));
        assertThat(anomalies.get(0).detail()).isEqualTo("IPv4 total length = " + (0x0500 | data[17] & 0xff)
                + ", only " + (data.length - 14) + " bytes captured from the IPv4 header on");
    }

    @Test
    void keepsPortsOnly_whenTcpHeaderIsCut() throws Exception {
        Frame syn = firstFrame("tls12-mtls.pcap", Packet::syn);
        byte[] data = Arrays.copyOf(syn.data(), 14 + 20 + 10);
        data[14 + 2] = 0;
        data[14 + 3] = 30;

        Packet packet = decoder.decode(withData(syn, data)).orElseThrow();

        assertThat(packet.portsKnown()).isTrue();
        assertThat(packet.transportDecoded()).isFalse();
        assertThat(packet.destinationPort()).isEqualTo(80);
        assertThat(anomalies).extracting(Anomaly::id, Anomaly::offset, Anomaly::detail).containsExactly(
                tuple("tcp.truncated", 34L, "TCP header needs 20 bytes, 10 present"));
    }

    @Test
    void skipsExtensionHeaders_whenIpv6PacketCarriesHopByHopAndAtomicFragment() throws Exception {
        Frame syn = firstFrame("ipv6.pcap", Packet::syn);
        Packet plain = decoder.decode(syn).orElseThrow();
        int ip = plain.ipOffset();
        byte[] original = syn.data();
        // hop-by-hop (8 bytes of padding options), then an atomic fragment (RFC 6946), then TCP
        byte[] extensions = {44, 0, 1, 4, 0, 0, 0, 0, 6, 0, 0, 0, 0, 0, 0, 42};
        byte[] data = new byte[original.length + extensions.length];
        System.arraycopy(original, 0, data, 0, ip + 40);
        System.arraycopy(extensions, 0, data, ip + 40, extensions.length);
        System.arraycopy(original, ip + 40, data, ip + 40 + extensions.length, original.length - ip - 40);
        data[ip + 5] += extensions.length;
        data[ip + 6] = 0;

        Packet packet = decoder.decode(withData(syn, data)).orElseThrow();

        assertThat(summary(packet)).isEqualTo(summary(plain));
        assertThat(packet.fragment()).isFalse();
        assertThat(packet.reassembled()).isFalse();
        assertThat(anomalies).isEmpty();
    }

    @Test
    void decodesIpv4_whenBsdLoopbackFamilyIsBigEndian() throws Exception {
        Frame syn = firstFrame("tls12-mtls-null.pcap", Packet::syn);
        byte[] data = syn.data().clone();
        data[0] = 0;
        data[3] = 2;

        Packet packet = decoder.decode(withData(syn, data)).orElseThrow();

        assertThat(summary(packet)).isEqualTo(summary(decoder.decode(syn).orElseThrow()));
    }

    @Test
    void reportsOnce_whenLinkTypeIsUnsupported() throws Exception {
        Frame frame = firstFrame("dns.pcap", packet -> true);
        Frame tokenRing = new Frame(1, 0, 6, 0, frame.data(), frame.originalLength());

        assertThat(decoder.decode(tokenRing)).isEmpty();
        assertThat(decoder.decode(tokenRing)).isEmpty();

        assertThat(anomalies).extracting(Anomaly::id, Anomaly::detail).containsExactly(tuple("link.unsupported",
                "link type 6 (LINKTYPE_6) is not decoded; supported are Ethernet, Linux cooked v1 and v2, "
                        + "raw IP and BSD loopback"));
    }

    @Test
    void returnsEmptyWithoutAnomaly_whenEthernetFrameIsArp() throws Exception {
        Frame frame = firstFrame("dns.pcap", packet -> true);
        byte[] data = frame.data().clone();
        data[12] = 0x08;
        data[13] = 0x06;

        assertThat(decoder.decode(withData(frame, data))).isEmpty();
        assertThat(anomalies).isEmpty();
    }

    private List<Packet> decodeAll(String fileName) throws Exception {
        List<Packet> packets = new ArrayList<>();
        for (Frame frame : TestCaptures.readAll(fileName)) {
            decoder.decode(frame).ifPresent(packets::add);
        }
        return packets;
    }

    private Frame firstFrame(String fileName, Predicate<Packet> condition) throws Exception {
        PacketDecoder quiet = new PacketDecoder(anomaly -> { });
        for (Frame frame : TestCaptures.readAll(fileName)) {
            Optional<Packet> packet = quiet.decode(frame);
            if (packet.isPresent() && condition.test(packet.get())) {
                return frame;
            }
        }
        throw new AssertionError("no such frame in " + fileName);
    }

    private static Frame withData(Frame frame, byte[] data) {
        return new Frame(frame.number(), frame.timestampNanos(), frame.linkType(), frame.interfaceId(), data,
                data.length);
    }

    private static long count(List<Packet> packets, Transport transport) {
        return packets.stream().filter(packet -> packet.transport() == transport).count();
    }

    private static long expectedPackets(JsonNode flows, String l4) {
        long total = 0;
        for (JsonNode flow : flows) {
            if (flow.get("l4").asText().equals(l4)) {
                total += flow.get("packets").get("total").asLong();
            }
        }
        return total;
    }

    private static List<String> addresses(Packet packet) {
        return List.of(packet.source().getHostAddress(), packet.destination().getHostAddress());
    }

    /** Everything above the link layer, as text, so that two decodings compare in one assertion. */
    private static String summary(Packet packet) {
        return packet.frame() + " " + packet.timestampNanos() + " " + packet.transport() + " " + addresses(packet)
                + " " + packet.sourcePort() + ">" + packet.destinationPort() + " seq " + packet.sequenceNumber()
                + " ack " + packet.acknowledgmentNumber() + " flags " + packet.tcpFlags() + " win "
                + packet.window() + " payload " + Arrays.toString(packet.payload());
    }
}
