package io.meshproof.engine.packet;

import io.meshproof.engine.anomaly.AnomalyKind;
import io.meshproof.engine.anomaly.Severity;

/** The kinds of anomaly the link, IP, TCP and UDP decoders of {@link PacketDecoder} report. */
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
            "ipv4.fragment.not_reassembled", Severity.NOTE,
            "an IPv4 fragment; fragments are not reassembled, so only its IPv4 header is decoded");

    public static final AnomalyKind IPV6_TRUNCATED = new AnomalyKind("ipv6.truncated", Severity.ERROR,
            "the frame ends inside the fixed IPv6 header");
    public static final AnomalyKind IPV6_PAYLOAD_LENGTH_OVERRUN = new AnomalyKind("ipv6.payload_length.overrun",
            Severity.WARNING, "the IPv6 payload length runs past the captured bytes; what is there is decoded");
    public static final AnomalyKind IPV6_EXTENSION_TRUNCATED = new AnomalyKind("ipv6.extension.truncated",
            Severity.ERROR, "the packet ends inside an IPv6 extension header");
    public static final AnomalyKind IPV6_FRAGMENT_NOT_REASSEMBLED = new AnomalyKind(
            "ipv6.fragment.not_reassembled", Severity.NOTE,
            "an IPv6 fragment; fragments are not reassembled, only the first one's transport header is decoded");

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

    private PacketAnomalies() {
    }
}
