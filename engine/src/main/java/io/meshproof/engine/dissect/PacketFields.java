package io.meshproof.engine.dissect;

import io.meshproof.engine.capture.Frame;
import io.meshproof.engine.capture.LinkType;
import io.meshproof.engine.flow.AddressText;
import io.meshproof.engine.packet.Packet;
import io.meshproof.engine.packet.Tunnel;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The link-layer and IP fields of a frame, decoded again from its bytes for the detail view (the
 * {@link io.meshproof.engine.packet.PacketDecoder} keeps only what flows need), with Wireshark's field names.
 * Trusts nothing: a header shorter than its fields gives a note instead.
 */
final class PacketFields {
    private static final int ETHERNET_HEADER_LENGTH = 14;
    private static final int SLL_HEADER_LENGTH = 16;
    private static final int SLL2_HEADER_LENGTH = 20;
    private static final int ETHERTYPE_ARP = 0x0806;

    private PacketFields() {
    }

    /** The frame layer: number, relative time, lengths, interface. */
    static Field frame(Frame frame, long relativeNanos) {
        return Field.tree("frame", frame.number(), List.of(
                Field.of("frame.number", frame.number()),
                Field.of("frame.time_relative", seconds(relativeNanos)),
                Field.of("frame.len", frame.originalLength()),
                Field.of("frame.cap_len", frame.data().length),
                Field.of("frame.interface_id", frame.interfaceId()),
                Field.of("frame.encap_type", LinkType.name(frame.linkType()))));
    }

    /** "0.000653" for 653 microseconds: seconds with six decimals, as Wireshark's time column. */
    static String seconds(long nanos) {
        long micros = Math.floorDiv(nanos + 500, 1000);
        return String.format(Locale.ROOT, "%d.%06d", Math.floorDiv(micros, 1_000_000),
                Math.floorMod(micros, 1_000_000));
    }

    /** The link-layer header's fields, or null for link types without one (raw IP). */
    static Field link(Frame frame) {
        byte[] data = frame.data();
        return switch (frame.linkType()) {
            case LinkType.ETHERNET -> data.length < ETHERNET_HEADER_LENGTH ? truncated("eth") : ethernet(data);
            case LinkType.LINUX_SLL -> data.length < SLL_HEADER_LENGTH ? truncated("sll") : sll(data);
            case LinkType.LINUX_SLL2 -> data.length < SLL2_HEADER_LENGTH ? truncated("sll") : sll2(data);
            case LinkType.NULL, LinkType.LOOP -> Field.tree("null", "BSD loopback",
                    List.of(Field.undecoded("address family shown only as the IP version that follows")));
            default -> null;
        };
    }

    /** What the link layer says it carries when it is not IP: {@code ARP}, or the EtherType in hex. */
    static String nonIpProtocol(Frame frame) {
        byte[] data = frame.data();
        int type = switch (frame.linkType()) {
            case LinkType.ETHERNET -> data.length >= ETHERNET_HEADER_LENGTH ? uint16(data, 12) : -1;
            case LinkType.LINUX_SLL -> data.length >= SLL_HEADER_LENGTH ? uint16(data, 14) : -1;
            case LinkType.LINUX_SLL2 -> data.length >= SLL2_HEADER_LENGTH ? uint16(data, 0) : -1;
            default -> -1;
        };
        if (type == ETHERTYPE_ARP) {
            return "ARP";
        }
        return type >= 0 ? String.format("0x%04x", type) : LinkType.name(frame.linkType());
    }

    private static Field ethernet(byte[] data) {
        List<Field> fields = new ArrayList<>();
        fields.add(Field.of("eth.dst", mac(data, 0)));
        fields.add(Field.of("eth.src", mac(data, 6)));
        int type = uint16(data, 12);
        int at = ETHERNET_HEADER_LENGTH;
        // 802.1Q and QinQ tags: priority, DEI and VLAN id, then the next EtherType
        while ((type == 0x8100 || type == 0x88a8 || type == 0x9100) && data.length >= at + 4) {
            fields.add(Field.of("vlan.id", uint16(data, at) & 0x0fff));
            type = uint16(data, at + 2);
            at += 4;
        }
        fields.add(Field.of("eth.type", String.format("0x%04x", type)));
        return Field.tree("eth", "Ethernet II", fields);
    }

    private static Field sll(byte[] data) {
        int addressLength = uint16(data, 4);
        return Field.tree("sll", "Linux cooked capture v1", List.of(
                Field.of("sll.pkttype", packetType(uint16(data, 0))),
                Field.of("sll.hatype", uint16(data, 2)),
                Field.of("sll.halen", addressLength),
                Field.of("sll.src.eth", addressLength == 6 ? mac(data, 6) : "(" + addressLength + " bytes)"),
                Field.of("sll.etype", String.format("0x%04x", uint16(data, 14)))));
    }

    private static Field sll2(byte[] data) {
        int addressLength = data[11] & 0xff;
        return Field.tree("sll", "Linux cooked capture v2", List.of(
                Field.of("sll.etype", String.format("0x%04x", uint16(data, 0))),
                Field.of("sll.ifindex", uint32(data, 4)),
                Field.of("sll.hatype", uint16(data, 8)),
                Field.of("sll.pkttype", packetType(data[10] & 0xff)),
                Field.of("sll.halen", addressLength),
                Field.of("sll.src.eth", addressLength == 6 ? mac(data, 12) : "(" + addressLength + " bytes)")));
    }

    /** The packet types of packet(7), as Wireshark names them. */
    private static String packetType(int type) {
        String name = switch (type) {
            case 0 -> "Unicast to us";
            case 1 -> "Broadcast";
            case 2 -> "Multicast";
            case 3 -> "Unicast to another host";
            case 4 -> "Sent by us";
            default -> "Unknown";
        };
        return name + " (" + type + ")";
    }

    /** The IP header's fields, from the packet's bytes at its IP offset. */
    static Field ip(Packet packet) {
        byte[] data = packet.data();
        int at = packet.ipOffset();
        List<Field> fields = new ArrayList<>();
        if (packet.ipVersion() == 4) {
            fields.add(Field.of("ip.version", 4));
            fields.add(Field.of("ip.hdr_len", (data[at] & 0x0f) * 4));
            fields.add(Field.of("ip.len", uint16(data, at + 2)));
            fields.add(Field.of("ip.id", String.format("0x%04x", uint16(data, at + 4))));
            fields.add(Field.of("ip.ttl", data[at + 8] & 0xff));
            fields.add(Field.of("ip.proto", packet.protocol()));
            fields.add(Field.of("ip.src", AddressText.format(packet.source())));
            fields.add(Field.of("ip.dst", AddressText.format(packet.destination())));
        } else {
            fields.add(Field.of("ipv6.version", 6));
            fields.add(Field.of("ipv6.plen", uint16(data, at + 4)));
            fields.add(Field.of("ipv6.nxt", packet.protocol()));
            fields.add(Field.of("ipv6.hlim", data[at + 7] & 0xff));
            fields.add(Field.of("ipv6.src", AddressText.format(packet.source())));
            fields.add(Field.of("ipv6.dst", AddressText.format(packet.destination())));
        }
        if (packet.reassembled()) {
            fields.add(Field.of("ip.fragment.count", packet.fragments()));
        }
        if (packet.fragment()) {
            fields.add(Field.undecoded("a fragment: its transport header is decoded with the last fragment"));
        }
        String name = packet.ipVersion() == 4 ? "ip" : "ipv6";
        return Field.tree(name, "Src: " + AddressText.format(packet.source()) + ", Dst: "
                + AddressText.format(packet.destination()), fields);
    }

    /** The overlay tunnel a packet came out of, VXLAN or Geneve, or null. */
    static Field tunnel(Packet packet) {
        if (packet.tunnel() == null) {
            return null;
        }
        String name = packet.tunnel().kind() == Tunnel.Kind.VXLAN ? "vxlan" : "geneve";
        return Field.tree(name, packet.tunnel().kind(), List.of(
                Field.of(name + ".vni", packet.tunnel().vni()),
                Field.of("outer.ip.src", packet.tunnel().outerSource().getHostAddress()),
                Field.of("outer.ip.dst", packet.tunnel().outerDestination().getHostAddress()),
                Field.of("outer.udp.srcport", packet.tunnel().outerSourcePort()),
                Field.of("outer.udp.dstport", packet.tunnel().outerDestinationPort())));
    }

    private static Field truncated(String name) {
        return Field.tree(name, "truncated", List.of(Field.undecoded("the frame is shorter than this header")));
    }

    static int uint16(byte[] data, int at) {
        return (data[at] & 0xff) << 8 | data[at + 1] & 0xff;
    }

    static long uint32(byte[] data, int at) {
        return ((long) uint16(data, at) << 16) | uint16(data, at + 2);
    }

    private static String mac(byte[] data, int at) {
        StringBuilder text = new StringBuilder(17);
        for (int i = 0; i < 6; i++) {
            if (i > 0) {
                text.append(':');
            }
            text.append(String.format("%02x", data[at + i] & 0xff));
        }
        return text.toString();
    }
}
