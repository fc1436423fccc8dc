package io.meshproof.engine.packet;

import java.net.InetAddress;
import java.util.Objects;

/**
 * The overlay tunnel a packet arrived in: the outer UDP packet whose payload held the packet's frame.
 *
 * @param kind the encapsulation
 * @param vni the 24-bit virtual network identifier
 * @param outerSource the outer IP source, a tunnel endpoint (usually a node)
 * @param outerDestination the outer IP destination, the other tunnel endpoint
 * @param outerSourcePort the outer UDP source port, which endpoints pick from a hash of the inner flow
 * @param outerDestinationPort the outer UDP destination port: 4789 or 8472 for VXLAN, 6081 for Geneve
 * @param optionsLength bytes of Geneve options after the fixed Geneve header; 0 for VXLAN
 */
public record Tunnel(Kind kind, long vni, InetAddress outerSource, InetAddress outerDestination,
        int outerSourcePort, int outerDestinationPort, int optionsLength) {
    public Tunnel {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(outerSource, "outerSource");
        Objects.requireNonNull(outerDestination, "outerDestination");
    }

    /** The encapsulations {@link PacketDecoder} removes. */
    public enum Kind {
        /** RFC 7348, on UDP 4789 (IANA) or 8472 (the Linux kernel's and flannel's default). */
        VXLAN,
        /** RFC 8926, on UDP 6081. */
        GENEVE
    }
}
