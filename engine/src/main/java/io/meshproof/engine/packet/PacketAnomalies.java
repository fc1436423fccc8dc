package io.meshproof.engine.packet;

import io.meshproof.engine.anomaly.AnomalyKind;
import io.meshproof.engine.anomaly.Severity;

/** The kinds of anomaly the link, IP, fragment, TCP, UDP and tunnel decoders of {@link PacketDecoder} report. */
public final class PacketAnomalies {
    public static final AnomalyKind LINK_UNSUPPORTED = new AnomalyKind("link.unsupported", Severity.WARNING,
            "frames of this link-layer type are not decoded");
    public static final AnomalyKind LINK_TRUNCATED = new AnomalyKind("link.truncated", Severity.ERROR,
            "the frame ends inside its link-layer header or a VLAN tag");

    public static final AnomalyKind IP_VERSION_INVALID = new AnomalyKind("ip.version.invalid", Severity.ERROR,
            "the IP version field is not the version the link layer announced, or neither 4 nor 6");
    public static final AnomalyKind IP_TRUNCATED = new AnomalyKind("ip.truncated", Severity.ERROR,
            "the link layer announced IP but the frame holds no IP byte");

    public static final AnomalyKind IPV4_TRUNCATED = new AnomalyKind("ipv4.truncated", Severity.ERROR,
            "the frame ends inside the IPv4 header");
    public static final AnomalyKind IPV4_HEADER_LENGTH_INVALID = new AnomalyKind("ipv4.header_length.invalid",
            Severity.ERROR, "the IPv4 header length (IHL) is below the minimum of 5 words");
    public static final AnomalyKind IPV4_TOTAL_LENGTH_INVALID = new AnomalyKind("ipv4.total_length.invalid",
            Severity.ERROR, "the IPv4 total length is smaller than the IPv4 header");
    public static final AnomalyKind IPV4_TOTAL_LENGTH_OVERRUN = new AnomalyKind("ipv4.total_length.overrun",
            Severity.WARNING, "the IPv4 total length runs past the captured bytes; what is there is decoded");
    public static final AnomalyKind IPV4_FRAGMENT_NOT_REASSEMBLED = new AnomalyKind(
            "ipv4.fragment.not_reassembled", Severity.WARNING,
            "an IPv4 fragment not captured whole (snap length), so its datagram cannot be reassembled");
    public static final AnomalyKind IPV4_FRAGMENT_OVERLAP = new AnomalyKind("ipv4.fragment.overlap",
            Severity.WARNING, "IPv4 fragments of one datagram overlap or disagree on its end; the bytes that "
                    + "arrived first are kept");
    public static final AnomalyKind IPV4_FRAGMENT_OVERSIZED = new AnomalyKind("ipv4.fragment.oversized",
            Severity.ERROR, "an IPv4 fragment reaches past the largest possible datagram (65535 bytes); dropped");
    public static final AnomalyKind IPV4_FRAGMENT_INCOMPLETE = new AnomalyKind("ipv4.fragment.incomplete",
            Severity.WARNING, "an IPv4 datagram whose fragments did not all arrive in time, or that was given up "
                    + "to bound memory; its transport payload is not decoded");

    public static final AnomalyKind IPV6_TRUNCATED = new AnomalyKind("ipv6.truncated", Severity.ERROR,
            "the frame ends inside the fixed IPv6 header");
    public static final AnomalyKind IPV6_PAYLOAD_LENGTH_OVERRUN = new AnomalyKind("ipv6.payload_length.overrun",
            Severity.WARNING, "the IPv6 payload length runs past the captured bytes; what is there is decoded");
    public static final AnomalyKind IPV6_EXTENSION_TRUNCATED = new AnomalyKind("ipv6.extension.truncated",
            Severity.ERROR, "the packet ends inside an IPv6 extension header");
    public static final AnomalyKind IPV6_FRAGMENT_NOT_REASSEMBLED = new AnomalyKind(
            "ipv6.fragment.not_reassembled", Severity.WARNING,
            "an IPv6 fragment not captured whole (snap length), so its datagram cannot be reassembled");
    public static final AnomalyKind IPV6_FRAGMENT_OVERLAP = new AnomalyKind("ipv6.fragment.overlap",
            Severity.WARNING, "IPv6 fragments of one datagram overlap or disagree on its end; the bytes that "
                    + "arrived first are kept");
    public static final AnomalyKind IPV6_FRAGMENT_OVERSIZED = new AnomalyKind("ipv6.fragment.oversized",
            Severity.ERROR, "an IPv6 fragment reaches past the largest possible payload (65535 bytes); dropped");
    public static final AnomalyKind IPV6_FRAGMENT_INCOMPLETE = new AnomalyKind("ipv6.fragment.incomplete",
            Severity.WARNING, "an IPv6 datagram whose fragments did not all arrive in time, or that was given up "
                    + "to bound memory; its transport payload is not decoded");

    public static final AnomalyKind TCP_TRUNCATED = new AnomalyKind("tcp.truncated", Severity.ERROR,
            "the packet ends inside the TCP header");
    public static final AnomalyKind TCP_DATA_OFFSET_INVALID = new AnomalyKind("tcp.data_offset.invalid",
            Severity.ERROR, "the TCP data offset is below the minimum of 5 words");

    public static final AnomalyKind UDP_TRUNCATED = new AnomalyKind("udp.truncated", Severity.ERROR,
            "the packet ends inside the UDP header");
    public static final AnomalyKind UDP_LENGTH_INVALID = new AnomalyKind("udp.length.invalid", Severity.ERROR,
            "the UDP length is smaller than the UDP header");
    public static final AnomalyKind UDP_LENGTH_OVERRUN = new AnomalyKind("udp.length.overrun", Severity.WARNING,
            "the UDP length runs past the end of the IP packet; what is there is decoded");

    public static final AnomalyKind VXLAN_TRUNCATED = new AnomalyKind("vxlan.truncated", Severity.ERROR,
            "the UDP payload on a VXLAN port is too short for the VXLAN header and an Ethernet header; the outer "
                    + "UDP packet is kept");
    public static final AnomalyKind VXLAN_FLAGS_INVALID = new AnomalyKind("vxlan.flags.invalid", Severity.ERROR,
            "the VXLAN I flag (VNI valid) is clear; the outer UDP packet is kept");

    public static final AnomalyKind GENEVE_TRUNCATED = new AnomalyKind("geneve.truncated", Severity.ERROR,
            "the UDP payload on the Geneve port ends inside the Geneve header, its options or the inner Ethernet "
                    + "header; the outer UDP packet is kept");
    public static final AnomalyKind GENEVE_VERSION_INVALID = new AnomalyKind("geneve.version.invalid",
            Severity.ERROR, "the Geneve version is not 0; the outer UDP packet is kept");
    public static final AnomalyKind GENEVE_OPTION_LENGTH_OVERRUN = new AnomalyKind("geneve.option.length_overrun",
            Severity.ERROR, "a Geneve option runs past the options length of its header; the outer UDP packet "
                    + "is kept");
    public static final AnomalyKind GENEVE_PROTOCOL_UNSUPPORTED = new AnomalyKind("geneve.protocol.unsupported",
            Severity.NOTE, "the Geneve protocol type is none of Ethernet, IPv4 or IPv6; the outer UDP packet is "
                    + "kept");

    /** The fragment overlap kind of an IP version. */
    static AnomalyKind overlap(int ipVersion) {
        return ipVersion == 4 ? IPV4_FRAGMENT_OVERLAP : IPV6_FRAGMENT_OVERLAP;
    }

    /** The incomplete datagram kind of an IP version. */
    static AnomalyKind incomplete(int ipVersion) {
        return ipVersion == 4 ? IPV4_FRAGMENT_INCOMPLETE : IPV6_FRAGMENT_INCOMPLETE;
    }

    private PacketAnomalies() {
    }
}
