package io.meshproof.engine.packet;

import io.meshproof.engine.anomaly.Anomaly;
import io.meshproof.engine.anomaly.AnomalyKind;
import io.meshproof.engine.anomaly.AnomalySink;
import io.meshproof.engine.capture.Frame;
import io.meshproof.engine.capture.LinkType;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Decodes the link layer, the IP header (IPv4, or IPv6 with its extension headers) and the TCP or UDP
 * header of a frame. Malformed headers never throw: each becomes an anomaly for the sink, and the packet
 * keeps what was decoded before the fault.
 *
 * <p>IPv4 and IPv6 fragments are reassembled (see {@link FragmentReassembler} for the bounds): each fragment
 * but the one that completes its datagram decodes to a packet with {@link Packet#fragment()} set and no
 * ports, so flows do not count it; the completing frame decodes to the whole datagram's packet. Anomalies
 * found inside a reassembled datagram have offset -1, as the datagram is in no single frame.
 *
 * <p>VXLAN (UDP 4789 and 8472) and Geneve (UDP 6081) are decapsulated one level deep: the packet describes
 * the inner flow and {@link Packet#tunnel()} the outer one. When the inner frame holds no IP packet (ARP),
 * or its encapsulation is malformed, the outer UDP packet is returned instead.
 *
 * <p>Not thread-safe: it holds the fragments of a capture and remembers which unsupported link types it has
 * reported. Use one per capture and thread.
 */
public final class PacketDecoder {
    private static final int ETHERNET_HEADER_LENGTH = 14;
    private static final int VLAN_TAG_LENGTH = 4;
    private static final int SLL_HEADER_LENGTH = 16;
    private static final int SLL2_HEADER_LENGTH = 20;
    private static final int NULL_HEADER_LENGTH = 4;
    private static final int IPV4_MIN_HEADER_LENGTH = 20;
    private static final int IPV6_HEADER_LENGTH = 40;
    private static final int IPV6_EXTENSION_MIN_LENGTH = 8;
    private static final int TCP_MIN_HEADER_LENGTH = 20;
    private static final int UDP_HEADER_LENGTH = 8;
    private static final int PORTS_LENGTH = 4;
    private static final int IPV6_FRAGMENT_HEADER_LENGTH = 8;
    private static final int VXLAN_HEADER_LENGTH = 8;
    private static final int GENEVE_HEADER_LENGTH = 8;
    private static final int GENEVE_OPTION_HEADER_LENGTH = 4;

    private static final int UDP_PORT_VXLAN = 4789;
    private static final int UDP_PORT_VXLAN_LINUX = 8472;
    private static final int UDP_PORT_GENEVE = 6081;
    private static final int VXLAN_FLAG_VNI = 0x08;
    private static final int GENEVE_VERSION = 0;

    private static final int ETHERTYPE_IPV4 = 0x0800;
    private static final int ETHERTYPE_IPV6 = 0x86dd;
    private static final int ETHERTYPE_VLAN = 0x8100;
    private static final int ETHERTYPE_QINQ = 0x88a8;
    private static final int ETHERTYPE_QINQ_LEGACY = 0x9100;
    private static final int ETHERTYPE_TRANSPARENT_BRIDGING = 0x6558;
    private static final int ARPHRD_NETLINK = 824;

    // BSD loopback address families: AF_INET is 2 everywhere, AF_INET6 differs between the BSDs
    private static final int AF_INET = 2;
    private static final int AF_INET6_NETBSD_OPENBSD = 24;
    private static final int AF_INET6_FREEBSD = 28;
    private static final int AF_INET6_DARWIN = 30;

    private static final int IPV4_MORE_FRAGMENTS = 0x2000;
    private static final int IPV4_FRAGMENT_OFFSET_MASK = 0x1fff;

    private static final int NEXT_HEADER_HOP_BY_HOP = 0;
    private static final int NEXT_HEADER_ROUTING = 43;
    private static final int NEXT_HEADER_FRAGMENT = 44;
    private static final int NEXT_HEADER_AUTHENTICATION = 51;
    private static final int NEXT_HEADER_DESTINATION_OPTIONS = 60;

    /** The link layer announced no particular IP version: read it from the first nibble. */
    private static final int VERSION_FROM_NIBBLE = 0;

    private final AnomalySink sink;
    private final Set<Integer> reportedLinkTypes = new HashSet<>();
    private final FragmentReassembler fragments;
    private final AddressCache addresses = new AddressCache();

    // scratch of the frame being decoded, so that decoding allocates nothing but the packet and addresses
    private Frame frame;
    /** The frame's bytes, or a reassembled datagram's once one is complete. */
    private byte[] data;
    /** The end of the bytes of the layer being decoded: the frame's end, or a tunnel's inner frame's. */
    private int limit;
    /** Fragments of the reassembled datagram being decoded, 0 while decoding the frame's own bytes. */
    private int reassembledFrom;
    private Tunnel tunnel;
    private int linkVersion;
    private int ipVersion;
    private int ipOffset;
    private InetAddress source;
    private InetAddress destination;
    private int protocol;
    private boolean fragment;

    public PacketDecoder(AnomalySink sink) {
        this.sink = Objects.requireNonNull(sink, "sink");
        this.fragments = new FragmentReassembler(sink);
    }

    /**
     * Decodes the frame's link layer, IP and TCP/UDP headers.
     *
     * @return the packet, or empty when the frame holds no IP packet (ARP, an unsupported link type, a
     *     header too short to hold the addresses)
     */
    public Optional<Packet> decode(Frame frame) {
        this.frame = frame;
        this.data = frame.data();
        this.limit = data.length;
        this.reassembledFrom = 0;
        this.tunnel = null;
        try {
            int ipOffset = decodeLinkLayer();
            if (ipOffset < 0) {
                return Optional.empty();
            }
            return Optional.ofNullable(decodeIp(ipOffset));
        } finally {
            this.frame = null;
            this.data = null;
            this.source = null;
            this.destination = null;
            this.tunnel = null;
        }
    }

    /**
     * Ends the capture: every datagram whose fragments are still incomplete is reported to the sink as
     * {@code ipv4.fragment.incomplete} or {@code ipv6.fragment.incomplete}, naming its first fragment's frame.
     */
    public void finish() {
        fragments.finish();
    }

    /**
     * Finds the IP header behind the link-layer header and sets {@link #linkVersion}.
     *
     * @return the offset of the IP header, or -1 when there is none to decode
     */
    private int decodeLinkLayer() {
        linkVersion = VERSION_FROM_NIBBLE;
        int linkType = frame.linkType();
        switch (linkType) {
            case LinkType.ETHERNET:
                if (!has(0, ETHERNET_HEADER_LENGTH, "Ethernet header")) {
                    return -1;
                }
                return decodeEtherType(uint16(ETHERNET_HEADER_LENGTH - 2), ETHERNET_HEADER_LENGTH);
            case LinkType.LINUX_SLL:
                // packet type, ARPHRD type, address length, 8 address bytes, protocol
                if (!has(0, SLL_HEADER_LENGTH, "Linux cooked (SLL) header") || uint16(2) == ARPHRD_NETLINK) {
                    return -1;
                }
                return decodeEtherType(uint16(14), SLL_HEADER_LENGTH);
            case LinkType.LINUX_SLL2:
                // protocol, reserved, interface index, ARPHRD type, packet type, address length, 8 address bytes
                if (!has(0, SLL2_HEADER_LENGTH, "Linux cooked v2 (SLL2) header") || uint16(8) == ARPHRD_NETLINK) {
                    return -1;
                }
                return decodeEtherType(uint16(0), SLL2_HEADER_LENGTH);
            case LinkType.RAW:
            case LinkType.RAW_BSD:
            case LinkType.RAW_OPENBSD:
                return 0;
            case LinkType.IPV4:
                linkVersion = 4;
                return 0;
            case LinkType.IPV6:
                linkVersion = 6;
                return 0;
            case LinkType.NULL:
                return decodeLoopback(true);
            case LinkType.LOOP:
                return decodeLoopback(false);
            default:
                if (reportedLinkTypes.add(linkType)) {
                    report(PacketAnomalies.LINK_UNSUPPORTED, 0, "link type " + linkType + " ("
                            + LinkType.name(linkType) + ") is not decoded; supported are Ethernet, Linux cooked v1 "
                            + "and v2, raw IP and BSD loopback");
                }
                return -1;
        }
    }

    /**
     * Follows VLAN tags (802.1Q, 802.1ad and the older 0x9100 QinQ, nested to any depth) to the payload type.
     *
     * @param at offset just after the EtherType field
     */
    private int decodeEtherType(int etherType, int at) {
        int type = etherType;
        int offset = at;
        while (type == ETHERTYPE_VLAN || type == ETHERTYPE_QINQ || type == ETHERTYPE_QINQ_LEGACY) {
            // tag control information (priority, DEI, VLAN id), then the next EtherType
            if (!has(offset, VLAN_TAG_LENGTH, String.format("VLAN tag (EtherType 0x%04x)", type))) {
                return -1;
            }
            type = uint16(offset + 2);
            offset += VLAN_TAG_LENGTH;
        }
        if (type == ETHERTYPE_IPV4) {
            linkVersion = 4;
            return offset;
        }
        if (type == ETHERTYPE_IPV6) {
            linkVersion = 6;
            return offset;
        }
        return -1;
    }

    /**
     * BSD loopback: the address family in the writer's byte order, so either order is tried.
     *
     * @param eitherOrder false for LINKTYPE_LOOP, whose family is always big-endian
     */
    private int decodeLoopback(boolean eitherOrder) {
        if (!has(0, NULL_HEADER_LENGTH, "BSD loopback header")) {
            return -1;
        }
        int bigEndian = uint16(0) << 16 | uint16(2);
        int family = eitherOrder && !isLoopbackFamily(bigEndian) ? Integer.reverseBytes(bigEndian) : bigEndian;
        if (family == AF_INET) {
            linkVersion = 4;
            return NULL_HEADER_LENGTH;
        }
        if (family == AF_INET6_NETBSD_OPENBSD || family == AF_INET6_FREEBSD || family == AF_INET6_DARWIN) {
            linkVersion = 6;
            return NULL_HEADER_LENGTH;
        }
        return -1;
    }

    private static boolean isLoopbackFamily(int family) {
        return family == AF_INET || family == AF_INET6_NETBSD_OPENBSD || family == AF_INET6_FREEBSD
                || family == AF_INET6_DARWIN;
    }

    private Packet decodeIp(int at) {
        if (at >= limit) {
            report(PacketAnomalies.IP_TRUNCATED, at, "IP header expected at offset " + at + ", frame has "
                    + limit + " bytes");
            return null;
        }
        int version = (data[at] & 0xff) >>> 4;
        if (linkVersion != VERSION_FROM_NIBBLE && version != linkVersion) {
            report(PacketAnomalies.IP_VERSION_INVALID, at, "IP version = " + version + ", expected " + linkVersion
                    + " as the link layer announced");
            return null;
        }
        if (version == 4) {
            return decodeIpv4(at);
        }
        if (version == 6) {
            return decodeIpv6(at);
        }
        report(PacketAnomalies.IP_VERSION_INVALID, at, "IP version = " + version + ", expected 4 or 6");
        return null;
    }

    /** RFC 791 3.1: version and IHL, TOS, total length, id, flags and fragment offset, TTL, protocol, ... */
    private Packet decodeIpv4(int at) {
        int present = limit - at;
        if (present < IPV4_MIN_HEADER_LENGTH) {
            report(PacketAnomalies.IPV4_TRUNCATED, at, "IPv4 header needs " + IPV4_MIN_HEADER_LENGTH
                    + " bytes, " + present + " present");
            return null;
        }
        int ihl = data[at] & 0x0f;
        int totalLength = uint16(at + 2);
        int fragmentField = uint16(at + 6);
        startIp(4, at, address(at + 12, 4), address(at + 16, 4), data[at + 9] & 0xff);

        // the header length counts 32-bit words; below 5 the fixed fields overlap what follows
        if (ihl < 5) {
            report(PacketAnomalies.IPV4_HEADER_LENGTH_INVALID, at, "IPv4 IHL = " + ihl + " (" + ihl * 4
                    + " bytes), minimum is 5 (20 bytes)");
            return headerOnly(at + IPV4_MIN_HEADER_LENGTH);
        }
        int headerLength = ihl * 4;
        if (headerLength > present) {
            report(PacketAnomalies.IPV4_TRUNCATED, at, "IPv4 header length = " + headerLength + " bytes, "
                    + present + " present");
            return headerOnly(limit);
        }

        // the total length bounds the payload: Ethernet pads short frames, and padding is not payload
        int end;
        if (totalLength == 0) {
            // what segmentation offload leaves in captures taken on the sending host: the frame is the packet
            end = limit;
        } else if (totalLength < headerLength) {
            report(PacketAnomalies.IPV4_TOTAL_LENGTH_INVALID, at + 2, "IPv4 total length = " + totalLength
                    + ", less than the header length " + headerLength);
            return headerOnly(at + headerLength);
        } else if (totalLength > present) {
            report(PacketAnomalies.IPV4_TOTAL_LENGTH_OVERRUN, at + 2, "IPv4 total length = " + totalLength
                    + ", only " + present + " bytes captured from the IPv4 header on");
            end = limit;
        } else {
            end = at + totalLength;
        }

        // RFC 791: more-fragments flag and fragment offset in 8-byte units; a whole datagram has neither
        boolean moreFragments = (fragmentField & IPV4_MORE_FRAGMENTS) != 0;
        int fragmentOffset = (fragmentField & IPV4_FRAGMENT_OFFSET_MASK) * 8;
        if (moreFragments || fragmentOffset > 0) {
            boolean whole = totalLength != 0 && totalLength <= present;
            return decodeIpv4Fragment(at, headerLength, end, fragmentOffset, moreFragments, whole);
        }
        return decodeTransport(at + headerLength, end);
    }

    /**
     * Adds an IPv4 fragment to its datagram (RFC 791 3.2: keyed by addresses, protocol and identification).
     *
     * @param whole false when the capture cut the fragment short, so it cannot take part
     * @return the reassembled datagram's packet when this fragment completed it, else the fragment's own
     */
    private Packet decodeIpv4Fragment(int at, int headerLength, int end, int offset, boolean more,
            boolean whole) {
        fragment = true;
        int payloadAt = at + headerLength;
        int length = end - payloadAt;
        if (!whole) {
            report(PacketAnomalies.IPV4_FRAGMENT_NOT_REASSEMBLED, at + 2, "IPv4 fragment at offset " + offset
                    + " holds " + length + " captured bytes of " + (uint16(at + 2) - headerLength)
                    + "; its datagram cannot be reassembled");
            return headerOnly(payloadAt, end);
        }
        if (offset + length > FragmentReassembler.MAX_PAYLOAD_LENGTH - headerLength) {
            report(PacketAnomalies.IPV4_FRAGMENT_OVERSIZED, at + 6, "IPv4 fragment at offset " + offset + " of "
                    + length + " bytes ends at " + (headerLength + offset + length) + ", the limit is "
                    + FragmentReassembler.MAX_PAYLOAD_LENGTH);
            return headerOnly(payloadAt, end);
        }

        // the datagram is rebuilt behind the first fragment's header with its fragment fields cleared
        byte[] header = null;
        if (offset == 0) {
            header = Arrays.copyOfRange(data, at, payloadAt);
            header[6] = 0;
            header[7] = 0;
        }
        FragmentReassembler.Key key = new FragmentReassembler.Key(4, source, destination, protocol,
                uint16(at + 4), tunnelVni());
        FragmentReassembler.Whole datagram = fragments.offer(key, frame.number(), frame.timestampNanos(), header,
                offset, more, data, payloadAt, length);
        if (datagram == null) {
            return headerOnly(payloadAt, end);
        }
        join(datagram, 2, datagram.header().length + datagram.payloadLength());
        return decodeIpv4(0);
    }

    /** RFC 8200 3: version, class, flow label, payload length, next header, hop limit, addresses. */
    private Packet decodeIpv6(int at) {
        int present = limit - at;
        if (present < IPV6_HEADER_LENGTH) {
            report(PacketAnomalies.IPV6_TRUNCATED, at, "IPv6 header needs " + IPV6_HEADER_LENGTH + " bytes, "
                    + present + " present");
            return null;
        }
        int payloadLength = uint16(at + 4);
        startIp(6, at, address(at + 8, 16), address(at + 24, 16), data[at + 6] & 0xff);

        // payload length 0 is a jumbogram (RFC 2675) or segmentation offload: the frame is the packet
        int end;
        if (payloadLength == 0) {
            end = limit;
        } else if (IPV6_HEADER_LENGTH + payloadLength > present) {
            report(PacketAnomalies.IPV6_PAYLOAD_LENGTH_OVERRUN, at + 4, "IPv6 payload length = " + payloadLength
                    + ", only " + (present - IPV6_HEADER_LENGTH) + " bytes captured after the IPv6 header");
            end = limit;
        } else {
            end = at + IPV6_HEADER_LENGTH + payloadLength;
        }
        return decodeIpv6Extensions(at + IPV6_HEADER_LENGTH, end);
    }

    /** RFC 8200 4: skips hop-by-hop, routing, destination options, fragment and AH headers to the transport. */
    private Packet decodeIpv6Extensions(int firstAt, int end) {
        int at = firstAt;
        // where the next header field naming the current header is, patched when fragments are reassembled
        int nextHeaderAt = ipOffset + 6;
        while (isIpv6Extension(protocol)) {
            if (end - at < IPV6_EXTENSION_MIN_LENGTH) {
                return truncatedExtension(at, end, IPV6_EXTENSION_MIN_LENGTH);
            }
            int following = data[at] & 0xff;
            int length;
            if (protocol == NEXT_HEADER_FRAGMENT) {
                // next header, reserved, offset (13 bits, 8-byte units) with the M flag, identification
                int offsetAndFlag = uint16(at + 2);
                int fragmentOffset = offsetAndFlag & 0xfff8;
                boolean more = (offsetAndFlag & 1) != 0;
                if (more || fragmentOffset != 0) {
                    protocol = following;
                    return decodeIpv6Fragment(at, end, nextHeaderAt, fragmentOffset, more);
                }
                // RFC 6946: an atomic fragment is a whole datagram behind a fragment header
                length = IPV6_FRAGMENT_HEADER_LENGTH;
            } else if (protocol == NEXT_HEADER_AUTHENTICATION) {
                // RFC 4302 2.2: the AH length counts 32-bit words, minus 2
                length = ((data[at + 1] & 0xff) + 2) * 4;
            } else {
                // hop-by-hop, routing, destination options: length in 8-byte units, not counting the first 8
                length = ((data[at + 1] & 0xff) + 1) * 8;
            }
            if (length > end - at) {
                return truncatedExtension(at, end, length);
            }
            protocol = following;
            nextHeaderAt = at;
            at += length;
        }
        return decodeTransport(at, end);
    }

    /**
     * Adds an IPv6 fragment to its datagram (RFC 8200 4.5: keyed by addresses and identification). The
     * datagram is rebuilt as the first fragment's unfragmentable part, naming the fragment header's next
     * header, followed by the fragmentable part.
     *
     * @param at the fragment header
     * @param nextHeaderAt the next header field that names the fragment header
     */
    private Packet decodeIpv6Fragment(int at, int end, int nextHeaderAt, int offset, boolean more) {
        fragment = true;
        int payloadAt = at + IPV6_FRAGMENT_HEADER_LENGTH;
        int length = end - payloadAt;
        int declaredEnd = ipOffset + IPV6_HEADER_LENGTH + uint16(ipOffset + 4);
        if (uint16(ipOffset + 4) == 0 || declaredEnd > end) {
            report(PacketAnomalies.IPV6_FRAGMENT_NOT_REASSEMBLED, at, "IPv6 fragment at offset " + offset
                    + " holds " + length + " captured bytes of " + (declaredEnd - payloadAt)
                    + "; its datagram cannot be reassembled");
            return headerOnly(payloadAt, end);
        }
        int unfragmentable = at - ipOffset;
        if (offset + length > FragmentReassembler.MAX_PAYLOAD_LENGTH - (unfragmentable - IPV6_HEADER_LENGTH)) {
            report(PacketAnomalies.IPV6_FRAGMENT_OVERSIZED, at + 2, "IPv6 fragment at offset " + offset + " of "
                    + length + " bytes ends at " + (unfragmentable - IPV6_HEADER_LENGTH + offset + length)
                    + " payload bytes, the limit is " + FragmentReassembler.MAX_PAYLOAD_LENGTH);
            return headerOnly(payloadAt, end);
        }
        byte[] header = null;
        if (offset == 0) {
            header = Arrays.copyOfRange(data, ipOffset, at);
            header[nextHeaderAt - ipOffset] = (byte) protocol;
        }
        FragmentReassembler.Key key = new FragmentReassembler.Key(6, source, destination, -1, uint32(at + 4),
                tunnelVni());
        FragmentReassembler.Whole datagram = fragments.offer(key, frame.number(), frame.timestampNanos(), header,
                offset, more, data, payloadAt, length);
        if (datagram == null) {
            return headerOnly(payloadAt, end);
        }
        join(datagram, 4, datagram.header().length - IPV6_HEADER_LENGTH + datagram.payloadLength());
        return decodeIpv6(0);
    }

    private long tunnelVni() {
        return tunnel == null ? -1 : tunnel.vni();
    }

    /**
     * Makes a whole datagram the bytes being decoded: its header, with the 16-bit length field at
     * {@code lengthAt} set to {@code length}, then its fragmentable part.
     */
    private void join(FragmentReassembler.Whole datagram, int lengthAt, int length) {
        byte[] header = datagram.header();
        byte[] joined = Arrays.copyOf(header, header.length + datagram.payloadLength());
        System.arraycopy(datagram.payload(), 0, joined, header.length, datagram.payloadLength());
        joined[lengthAt] = (byte) (length >>> 8);
        joined[lengthAt + 1] = (byte) length;
        data = joined;
        limit = joined.length;
        reassembledFrom = datagram.fragments();
    }

    private void startIp(int version, int offset, InetAddress from, InetAddress to, int protocolNumber) {
        ipVersion = version;
        ipOffset = offset;
        source = from;
        destination = to;
        protocol = protocolNumber;
        fragment = false;
    }

    private static boolean isIpv6Extension(int nextHeader) {
        return nextHeader == NEXT_HEADER_HOP_BY_HOP || nextHeader == NEXT_HEADER_ROUTING
                || nextHeader == NEXT_HEADER_FRAGMENT || nextHeader == NEXT_HEADER_AUTHENTICATION
                || nextHeader == NEXT_HEADER_DESTINATION_OPTIONS;
    }

    private Packet truncatedExtension(int at, int end, int needed) {
        report(PacketAnomalies.IPV6_EXTENSION_TRUNCATED, at, "IPv6 extension header " + protocol + " needs "
                + needed + " bytes, " + (end - at) + " present");
        return headerOnly(end);
    }

    /** Dispatches on the IP protocol; {@code at} to {@code end} is the IP payload. */
    private Packet decodeTransport(int at, int end) {
        switch (Transport.of(protocol)) {
            case TCP:
                return decodeTcp(at, end);
            case UDP:
                return decodeUdp(at, end);
            default:
                return headerOnly(at, end);
        }
    }

    /** RFC 9293 3.1: ports, sequence, acknowledgment, data offset and flags, window, checksum, urgent. */
    private Packet decodeTcp(int at, int end) {
        int present = end - at;
        if (present < TCP_MIN_HEADER_LENGTH) {
            report(PacketAnomalies.TCP_TRUNCATED, at, "TCP header needs " + TCP_MIN_HEADER_LENGTH + " bytes, "
                    + present + " present");
            return portsOnly(at, present);
        }
        int dataOffset = (data[at + 12] & 0xff) >>> 4;
        if (dataOffset < 5) {
            report(PacketAnomalies.TCP_DATA_OFFSET_INVALID, at + 12, "TCP data offset = " + dataOffset + " ("
                    + dataOffset * 4 + " bytes), minimum is 5 (20 bytes)");
            return portsOnly(at, present);
        }
        int headerLength = dataOffset * 4;
        if (headerLength > present) {
            report(PacketAnomalies.TCP_TRUNCATED, at, "TCP header length = " + headerLength + " bytes, "
                    + present + " present");
            return portsOnly(at, present);
        }
        long sequence = uint32(at + 4);
        long acknowledgment = uint32(at + 8);
        int flags = data[at + 13] & 0xff;
        int window = uint16(at + 14);
        return packet(Transport.TCP, true, uint16(at), uint16(at + 2), true, sequence, acknowledgment, flags,
                window, at + headerLength, end - at - headerLength);
    }

    /** RFC 768: source port, destination port, length (header included), checksum. */
    private Packet decodeUdp(int at, int end) {
        int present = end - at;
        if (present < UDP_HEADER_LENGTH) {
            report(PacketAnomalies.UDP_TRUNCATED, at, "UDP header needs " + UDP_HEADER_LENGTH + " bytes, "
                    + present + " present");
            return portsOnly(at, present);
        }
        int length = uint16(at + 4);
        if (length < UDP_HEADER_LENGTH) {
            report(PacketAnomalies.UDP_LENGTH_INVALID, at + 4, "UDP length = " + length + ", minimum is "
                    + UDP_HEADER_LENGTH);
            return portsOnly(at, present);
        }
        int udpEnd = at + length;
        if (length > present) {
            report(PacketAnomalies.UDP_LENGTH_OVERRUN, at + 4, "UDP length = " + length + ", only " + present
                    + " bytes in the IP packet from the UDP header on");
            udpEnd = end;
        }
        Packet udp = packet(Transport.UDP, true, uint16(at), uint16(at + 2), true, 0, 0, 0, 0,
                at + UDP_HEADER_LENGTH, udpEnd - at - UDP_HEADER_LENGTH);
        if (tunnel != null) {
            // one level of decapsulation: a tunnel inside a tunnel stays the inner UDP packet it is
            return udp;
        }
        int port = udp.destinationPort();
        if (port == UDP_PORT_VXLAN || port == UDP_PORT_VXLAN_LINUX) {
            return decodeVxlan(udp);
        }
        if (port == UDP_PORT_GENEVE) {
            return decodeGeneve(udp);
        }
        return udp;
    }

    /** RFC 7348 5: flags (I: the VNI is valid), 24 reserved bits, VNI, 8 reserved bits, an Ethernet frame. */
    private Packet decodeVxlan(Packet outer) {
        int at = outer.payloadOffset();
        int length = outer.payloadLength();
        if (length < VXLAN_HEADER_LENGTH + ETHERNET_HEADER_LENGTH) {
            report(PacketAnomalies.VXLAN_TRUNCATED, at, "VXLAN header and inner Ethernet header need "
                    + (VXLAN_HEADER_LENGTH + ETHERNET_HEADER_LENGTH) + " bytes, UDP payload has " + length);
            return outer;
        }
        int flags = data[at] & 0xff;
        if ((flags & VXLAN_FLAG_VNI) == 0) {
            report(PacketAnomalies.VXLAN_FLAGS_INVALID, at, String.format("VXLAN flags = 0x%02x, expected the I "
                    + "flag 0x%02x set", flags, VXLAN_FLAG_VNI));
            return outer;
        }
        Tunnel vxlan = new Tunnel(Tunnel.Kind.VXLAN, uint24(at + 4), outer.source(), outer.destination(),
                outer.sourcePort(), outer.destinationPort(), 0);
        return decodeInner(outer, vxlan, ETHERTYPE_TRANSPARENT_BRIDGING, at + VXLAN_HEADER_LENGTH, at + length);
    }

    /**
     * RFC 8926 3.4: version (2 bits) and options length (6 bits, 4-byte words), the O and C flags, protocol
     * type, VNI, a reserved byte, then the options, each a class, a type and a length in 4-byte words.
     */
    private Packet decodeGeneve(Packet outer) {
        int at = outer.payloadOffset();
        int length = outer.payloadLength();
        if (length < GENEVE_HEADER_LENGTH) {
            report(PacketAnomalies.GENEVE_TRUNCATED, at, "Geneve header needs " + GENEVE_HEADER_LENGTH
                    + " bytes, UDP payload has " + length);
            return outer;
        }
        int version = (data[at] & 0xff) >>> 6;
        if (version != GENEVE_VERSION) {
            report(PacketAnomalies.GENEVE_VERSION_INVALID, at, "Geneve version = " + version + ", expected "
                    + GENEVE_VERSION);
            return outer;
        }
        int optionsLength = (data[at] & 0x3f) * 4;
        int protocolType = uint16(at + 2);
        int innerAt = at + GENEVE_HEADER_LENGTH + optionsLength;
        int innerHeader = protocolType == ETHERTYPE_TRANSPARENT_BRIDGING ? ETHERNET_HEADER_LENGTH : 1;
        if (innerAt + innerHeader > at + length) {
            report(PacketAnomalies.GENEVE_TRUNCATED, at, "Geneve header with " + optionsLength + " option bytes "
                    + "and the inner header need " + (innerAt + innerHeader - at) + " bytes, UDP payload has "
                    + length);
            return outer;
        }

        // the options must tile their declared length exactly, or the inner frame's start is in doubt
        int option = at + GENEVE_HEADER_LENGTH;
        while (option < innerAt) {
            int optionLength = GENEVE_OPTION_HEADER_LENGTH + (data[option + 3] & 0x1f) * 4;
            if (option + optionLength > innerAt) {
                report(PacketAnomalies.GENEVE_OPTION_LENGTH_OVERRUN, option, String.format("Geneve option "
                        + "class 0x%04x type 0x%02x of %d bytes at option byte %d, options length is %d",
                        uint16(option), data[option + 2] & 0xff, optionLength,
                        option - at - GENEVE_HEADER_LENGTH, optionsLength));
                return outer;
            }
            option += optionLength;
        }
        if (protocolType != ETHERTYPE_TRANSPARENT_BRIDGING && protocolType != ETHERTYPE_IPV4
                && protocolType != ETHERTYPE_IPV6) {
            report(PacketAnomalies.GENEVE_PROTOCOL_UNSUPPORTED, at + 2, String.format("Geneve protocol type "
                    + "0x%04x, decoded are 0x%04x (Ethernet), 0x%04x (IPv4) and 0x%04x (IPv6)", protocolType,
                    ETHERTYPE_TRANSPARENT_BRIDGING, ETHERTYPE_IPV4, ETHERTYPE_IPV6));
            return outer;
        }
        Tunnel geneve = new Tunnel(Tunnel.Kind.GENEVE, uint24(at + 4), outer.source(), outer.destination(),
                outer.sourcePort(), outer.destinationPort(), optionsLength);
        return decodeInner(outer, geneve, protocolType, innerAt, at + length);
    }

    /**
     * Decodes the frame a tunnel carries, from {@code at} to {@code end}: an Ethernet frame, or an IP packet
     * when {@code protocolType} names IPv4 or IPv6.
     *
     * @return the inner packet, or {@code outer} when the inner frame holds no IP packet to decode
     */
    private Packet decodeInner(Packet outer, Tunnel carrier, int protocolType, int at, int end) {
        tunnel = carrier;
        limit = end;
        linkVersion = VERSION_FROM_NIBBLE;
        int ipAt = protocolType == ETHERTYPE_TRANSPARENT_BRIDGING
                ? decodeEtherType(uint16(at + ETHERNET_HEADER_LENGTH - 2), at + ETHERNET_HEADER_LENGTH)
                : decodeEtherType(protocolType, at);
        Packet inner = ipAt < 0 ? null : decodeIp(ipAt);
        return inner != null ? inner : outer;
    }

    /** A packet whose transport header could not be decoded; the ports are kept if their bytes are there. */
    private Packet portsOnly(int at, int present) {
        if (present < PORTS_LENGTH) {
            return headerOnly(at);
        }
        return packet(Transport.of(protocol), true, uint16(at), uint16(at + 2), false, 0, 0, 0, 0, at, 0);
    }

    /** A packet of which only the IP header decoded; {@code payloadAt} is where its payload would start. */
    private Packet headerOnly(int payloadAt) {
        return headerOnly(Math.min(payloadAt, limit), Math.min(payloadAt, limit));
    }

    /** A packet with no transport header decoded, carrying the bytes from {@code at} to {@code end}. */
    private Packet headerOnly(int at, int end) {
        return packet(Transport.of(protocol), false, 0, 0, false, 0, 0, 0, 0, at, end - at);
    }

    private Packet packet(Transport transport, boolean portsKnown, int sourcePort, int destinationPort,
            boolean transportDecoded, long sequence, long acknowledgment, int flags, int window, int payloadAt,
            int payloadLength) {
        return new Packet(frame.number(), frame.timestampNanos(), ipVersion, source, destination, protocol,
                transport, fragment, portsKnown, sourcePort, destinationPort, transportDecoded, sequence,
                acknowledgment, flags, window, data, ipOffset, payloadAt, payloadLength, tunnel, reassembledFrom);
    }

    /** True when {@code length} bytes are present from {@code at}; reports a truncated link header if not. */
    private boolean has(int at, int length, String what) {
        if (limit - at >= length) {
            return true;
        }
        report(PacketAnomalies.LINK_TRUNCATED, at, what + " needs " + length + " bytes, "
                + Math.max(0, limit - at) + " present");
        return false;
    }

    private void report(AnomalyKind kind, int offset, String detail) {
        sink.report(new Anomaly(kind, frame.number(), reassembledFrom > 0 ? -1 : offset, detail));
    }

    private int uint16(int at) {
        return (data[at] & 0xff) << 8 | (data[at + 1] & 0xff);
    }

    private int uint24(int at) {
        return (data[at] & 0xff) << 16 | uint16(at + 1);
    }

    private long uint32(int at) {
        return ((long) uint16(at) << 16) | uint16(at + 2);
    }

    private InetAddress address(int at, int length) {
        return length == 4 ? addresses.ipv4(data, at) : addresses.ipv6(data, at);
    }
}
