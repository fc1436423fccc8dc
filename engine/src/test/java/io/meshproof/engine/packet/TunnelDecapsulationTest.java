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
import io.meshproof.engine.http.HttpExchange;
import io.meshproof.engine.inventory.Inventory;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TunnelDecapsulationTest {
    private static final String VXLAN = "vxlan-http.pcap";
    private static final String GENEVE = "geneve-http.pcap";
    /** Ethernet, IPv4 and UDP headers of the outer packet: where the tunnel header starts. */
    private static final int TUNNEL_AT = 14 + 20 + 8;

    private final List<Anomaly> anomalies = new ArrayList<>();
    private final PacketDecoder decoder = new PacketDecoder(anomalies::add);

    @ParameterizedTest
    @CsvSource({
        "vxlan-http.pcap, 3, VXLAN, 42, 37697, 4789, 10.42.0.1, 39676, 0",
        "vxlan-http.pcap, 17, VXLAN, 43, 42052, 8472, 10.43.0.1, 56952, 0",
        "geneve-http.pcap, 3, GENEVE, 77, 37421, 6081, 10.77.0.1, 41376, 8",
    })
    void decodesInnerSyn_whenTunnelCarriesTcp(String fileName, int frameNumber, Tunnel.Kind kind, long vni,
            int outerSourcePort, int outerDestinationPort, String client, int clientPort, int optionsLength)
            throws Exception {
        Frame frame = PacketCaptures.readAll(fileName).get(frameNumber - 1);

        Packet packet = decoder.decode(frame).orElseThrow();

        assertThat(packet.isTcp()).isTrue();
        assertThat(packet.syn()).isTrue();
        assertThat(packet.ack()).isFalse();
        assertThat(packet.source().getHostAddress()).isEqualTo(client);
        assertThat(packet.destination().getHostAddress()).isEqualTo(client.replaceAll("1$", "2"));
        assertThat(List.of(packet.sourcePort(), packet.destinationPort())).containsExactly(clientPort, 8080);
        assertThat(packet.tunnel()).isEqualTo(new Tunnel(kind, vni, InetAddress.getByName("192.168.100.1"),
                InetAddress.getByName("192.168.100.2"), outerSourcePort, outerDestinationPort, optionsLength));
        assertThat(anomalies).isEmpty();
    }

    @Test
    void decodesHttpRequestBytes_whenVxlanCarriesThem() throws Exception {
        Frame request = PacketCaptures.readAll(VXLAN).get(5);

        Packet packet = decoder.decode(request).orElseThrow();

        assertThat(packet.payloadLength()).isEqualTo(87);
        assertThat(new String(packet.payload(), "US-ASCII")).startsWith("GET /hello.txt HTTP/1.1\r\n"
                + "Host: 10.42.0.2:8080\r\n");
    }

    @ParameterizedTest
    @CsvSource({"vxlan-http.pcap, 1, 4789", "vxlan-http.pcap, 16, 8472", "geneve-http.pcap, 2, 6081"})
    void keepsOuterUdpPacket_whenInnerFrameIsArp(String fileName, int frameNumber, int port) throws Exception {
        Frame arp = PacketCaptures.readAll(fileName).get(frameNumber - 1);

        Packet packet = decoder.decode(arp).orElseThrow();

        assertThat(packet.isUdp()).isTrue();
        assertThat(packet.destinationPort()).isEqualTo(port);
        assertThat(packet.tunnel()).isNull();
        assertThat(anomalies).isEmpty();
    }

    @Test
    void seesBothHttpExchanges_whenAnalyzerReadsVxlanCapture() throws Exception {
        CaptureAnalysis analysis = new CaptureAnalyzer(Inventory.empty()).read(PacketCaptures.path(VXLAN), 1,
                Progress.NONE);

        List<Flow> tcp = analysis.flows().stream().filter(flow -> flow.transport().equals("tcp")).toList();
        assertThat(tcp).extracting(flow -> flow.client().describe(), flow -> flow.server().describe(),
                flow -> flow.packets().total(), Flow::closed).containsExactly(
                        tuple("unknown 10.42.0.1:39676", "unknown 10.42.0.2:8080", 12L, true),
                        tuple("unknown 10.43.0.1:56952", "unknown 10.43.0.2:8080", 12L, true));
        assertThat(tcp.get(0).http()).extracting(HttpExchange::method, HttpExchange::path, HttpExchange::host,
                HttpExchange::status, HttpExchange::requestFrame).containsExactly(
                        tuple("GET", "/hello.txt", "10.42.0.2:8080", 200, 6L));
        assertThat(tcp.get(1).http()).extracting(HttpExchange::host, HttpExchange::status)
                .containsExactly(tuple("10.43.0.2:8080", 200));
        // each ARP frame inside VXLAN stays an outer UDP packet; both directions target the VXLAN port
        assertThat(analysis.flows()).filteredOn(flow -> flow.transport().equals("udp"))
                .extracting(flow -> flow.client().describe(), flow -> flow.server().describe()).containsExactly(
                        tuple("unknown 192.168.100.1:33124", "unknown 192.168.100.2:4789"),
                        tuple("unknown 192.168.100.2:33124", "unknown 192.168.100.1:4789"),
                        tuple("unknown 192.168.100.1:33124", "unknown 192.168.100.2:8472"),
                        tuple("unknown 192.168.100.2:33124", "unknown 192.168.100.1:8472"));
        assertThat(analysis.anomalies()).isEmpty();
    }

    @Test
    void seesHttpExchange_whenAnalyzerReadsGeneveCapture() throws Exception {
        CaptureAnalysis analysis = new CaptureAnalyzer(Inventory.empty()).read(PacketCaptures.path(GENEVE), 1,
                Progress.NONE);

        List<Flow> tcp = analysis.flows().stream().filter(flow -> flow.transport().equals("tcp")).toList();
        assertThat(tcp).hasSize(1);
        assertThat(tcp.get(0).packets().total()).isEqualTo(10);
        assertThat(tcp.get(0).http()).extracting(HttpExchange::method, HttpExchange::path, HttpExchange::status)
                .containsExactly(tuple("GET", "/hello.txt", 200));
    }

    @Test
    void keepsOuterUdpPacket_whenVxlanFlagLacksTheVni() throws Exception {
        Frame frame = PacketCaptures.readAll(VXLAN).get(2);
        byte[] data = frame.data().clone();
        data[TUNNEL_AT] = 0;

        Packet packet = decoder.decode(PacketCaptures.withData(frame, data)).orElseThrow();

        assertOuterKept(packet, 4789);
        assertThat(anomalies).extracting(Anomaly::id, Anomaly::severity, Anomaly::offset, Anomaly::detail)
                .containsExactly(tuple("vxlan.flags.invalid", Severity.ERROR, (long) TUNNEL_AT,
                        "VXLAN flags = 0x00, expected the I flag 0x08 set"));
    }

    @Test
    void keepsOuterUdpPacket_whenVxlanPayloadIsTooShort() throws Exception {
        Frame frame = PacketCaptures.readAll(VXLAN).get(2);
        byte[] data = frame.data().clone();
        // UDP length: header, VXLAN header and 10 bytes
        data[TUNNEL_AT - 4] = 0;
        data[TUNNEL_AT - 3] = 8 + 8 + 10;

        Packet packet = decoder.decode(PacketCaptures.withData(frame, data)).orElseThrow();

        assertOuterKept(packet, 4789);
        assertThat(anomalies).extracting(Anomaly::id, Anomaly::detail).containsExactly(tuple("vxlan.truncated",
                "VXLAN header and inner Ethernet header need 22 bytes, UDP payload has 18"));
    }

    @Test
    void keepsOuterUdpPacket_whenGeneveVersionIsUnknown() throws Exception {
        Frame frame = PacketCaptures.readAll(GENEVE).get(2);
        byte[] data = frame.data().clone();
        data[TUNNEL_AT] |= 0x40;

        Packet packet = decoder.decode(PacketCaptures.withData(frame, data)).orElseThrow();

        assertOuterKept(packet, 6081);
        assertThat(anomalies).extracting(Anomaly::id, Anomaly::detail).containsExactly(tuple(
                "geneve.version.invalid", "Geneve version = 1, expected 0"));
    }

    @Test
    void keepsOuterUdpPacket_whenGeneveOptionOverrunsTheOptions() throws Exception {
        Frame frame = PacketCaptures.readAll(GENEVE).get(2);
        byte[] data = frame.data().clone();
        // the one option's length, in 4-byte words after its header: 1 becomes 2
        data[TUNNEL_AT + 8 + 3] = 2;

        Packet packet = decoder.decode(PacketCaptures.withData(frame, data)).orElseThrow();

        assertOuterKept(packet, 6081);
        assertThat(anomalies).extracting(Anomaly::id, Anomaly::offset, Anomaly::detail).containsExactly(tuple(
                "geneve.option.length_overrun", (long) TUNNEL_AT + 8, "Geneve option class 0x0102 type 0x80 of 12 "
                        + "bytes at option byte 0, options length is 8"));
    }

    @Test
    void keepsOuterUdpPacketWithNote_whenGeneveCarriesAnotherProtocol() throws Exception {
        Frame frame = PacketCaptures.readAll(GENEVE).get(2);
        byte[] data = frame.data().clone();
        // protocol type 0x8847, MPLS
        data[TUNNEL_AT + 2] = (byte) 0x88;
        data[TUNNEL_AT + 3] = 0x47;

        Packet packet = decoder.decode(PacketCaptures.withData(frame, data)).orElseThrow();

        assertOuterKept(packet, 6081);
        assertThat(anomalies).extracting(Anomaly::id, Anomaly::severity, Anomaly::detail).containsExactly(tuple(
                "geneve.protocol.unsupported", Severity.NOTE, "Geneve protocol type 0x8847, decoded are 0x6558 "
                        + "(Ethernet), 0x0800 (IPv4) and 0x86dd (IPv6)"));
    }

    @Test
    void keepsOuterUdpPacket_whenInnerIpv4HeaderIsCut() throws Exception {
        Frame frame = PacketCaptures.readAll(VXLAN).get(2);
        byte[] data = frame.data().clone();
        // UDP length: header, VXLAN header, inner Ethernet header and 10 bytes of the inner IPv4 header
        data[TUNNEL_AT - 4] = 0;
        data[TUNNEL_AT - 3] = 8 + 8 + 14 + 10;

        Packet packet = decoder.decode(PacketCaptures.withData(frame, data)).orElseThrow();

        assertOuterKept(packet, 4789);
        assertThat(anomalies).extracting(Anomaly::id, Anomaly::offset, Anomaly::detail).containsExactly(tuple(
                "ipv4.truncated", (long) TUNNEL_AT + 8 + 14, "IPv4 header needs 20 bytes, 10 present"));
    }

    private static void assertOuterKept(Packet packet, int port) {
        assertThat(packet.isUdp()).isTrue();
        assertThat(packet.source().getHostAddress()).isEqualTo("192.168.100.1");
        assertThat(packet.destinationPort()).isEqualTo(port);
        assertThat(packet.tunnel()).isNull();
    }
}
