package io.meshproof.engine.packet;

import java.net.InetAddress;
import java.util.Arrays;

/**
 * One IP packet of a frame, with its TCP or UDP header decoded. The payload is a slice of the frame's
 * bytes, not a copy: {@code data} is the frame's array, owned by the frame and never mutated. A datagram
 * reassembled from fragments is the exception: its {@code data} is a new array owned by the packet, holding
 * the datagram from its IP header on ({@code ipOffset} 0), and {@code frame} is the frame that completed it.
 *
 * <p>A packet that came out of a VXLAN or Geneve tunnel describes the inner packet; {@link #tunnel()} names
 * the outer one.
 *
 * <p>What is known depends on how much decoded: addresses and protocol always; ports when
 * {@code portsKnown}; sequence and acknowledgment numbers, flags and window only when
 * {@code transportDecoded} (0 otherwise); the payload is empty when the transport header was not decoded,
 * except for protocols other than TCP and UDP, whose payload is everything after the IP headers.
 *
 * @param frame the 1-based number of the frame that carried the packet
 * @param timestampNanos the frame's capture time, nanoseconds since the Unix epoch
 * @param ipVersion 4 or 6
 * @param protocol the IP protocol number (IPv6: the next header after the extension headers)
 * @param fragment true when the packet is a fragment of a datagram still being reassembled: its payload is
 *     the fragment's part of the datagram and no transport header is decoded (the datagram's packet comes
 *     with its last fragment)
 * @param portsKnown true when the first four bytes of a TCP or UDP header were present
 * @param transportDecoded true when the TCP or UDP header was present and valid
 * @param sequenceNumber TCP sequence number, unsigned 32 bits
 * @param acknowledgmentNumber TCP acknowledgment number, unsigned 32 bits
 * @param tcpFlags the TCP flag bits: FIN 0x01, SYN 0x02, RST 0x04, PSH 0x08, ACK 0x10, URG 0x20, ECE 0x40,
 *     CWR 0x80
 * @param window TCP window, unscaled
 * @param data the frame's bytes, or the reassembled datagram's
 * @param ipOffset offset of the IP header within {@code data}
 * @param payloadOffset offset of the transport payload within {@code data}
 * @param payloadLength payload bytes present: within the IP packet's declared length (so link-layer padding
 *     is not payload) and within the captured bytes
 * @param tunnel the VXLAN or Geneve tunnel the packet came out of, or null when it was not encapsulated
 * @param fragments how many fragments the packet was reassembled from, 0 when it was not fragmented
 */
public record Packet(long frame, long timestampNanos, int ipVersion, InetAddress source, InetAddress destination,
        int protocol, Transport transport, boolean fragment, boolean portsKnown, int sourcePort,
        int destinationPort, boolean transportDecoded, long sequenceNumber, long acknowledgmentNumber,
        int tcpFlags, int window, byte[] data, int ipOffset, int payloadOffset, int payloadLength, Tunnel tunnel,
        int fragments) {
    public static final int FIN = 0x01;
    public static final int SYN = 0x02;
    public static final int RST = 0x04;
    public static final int PSH = 0x08;
    public static final int ACK = 0x10;
    public static final int URG = 0x20;

    /** A packet that was neither encapsulated nor reassembled. */
    public Packet(long frame, long timestampNanos, int ipVersion, InetAddress source, InetAddress destination,
            int protocol, Transport transport, boolean fragment, boolean portsKnown, int sourcePort,
            int destinationPort, boolean transportDecoded, long sequenceNumber, long acknowledgmentNumber,
            int tcpFlags, int window, byte[] data, int ipOffset, int payloadOffset, int payloadLength) {
        this(frame, timestampNanos, ipVersion, source, destination, protocol, transport, fragment, portsKnown,
                sourcePort, destinationPort, transportDecoded, sequenceNumber, acknowledgmentNumber, tcpFlags,
                window, data, ipOffset, payloadOffset, payloadLength, null, 0);
    }

    /** True when the packet was reassembled from fragments, so {@link #data()} is its own array. */
    public boolean reassembled() {
        return fragments > 0;
    }

    public boolean fin() {
        return (tcpFlags & FIN) != 0;
    }

    public boolean syn() {
        return (tcpFlags & SYN) != 0;
    }

    public boolean rst() {
        return (tcpFlags & RST) != 0;
    }

    public boolean psh() {
        return (tcpFlags & PSH) != 0;
    }

    /** The ACK flag; the acknowledgment number is {@link #acknowledgmentNumber()}. */
    public boolean ack() {
        return (tcpFlags & ACK) != 0;
    }

    public boolean urg() {
        return (tcpFlags & URG) != 0;
    }

    public boolean isTcp() {
        return transport == Transport.TCP;
    }

    public boolean isUdp() {
        return transport == Transport.UDP;
    }

    /** A copy of the payload, for callers that keep it beyond the frame or print it. */
    public byte[] payload() {
        return Arrays.copyOfRange(data, payloadOffset, payloadOffset + payloadLength);
    }

    @Override
    public String toString() {
        String ports = portsKnown ? ":" + sourcePort + " -> " + destination.getHostAddress() + ":" + destinationPort
                : " -> " + destination.getHostAddress();
        return "Packet[frame " + frame + ", " + transport + " " + source.getHostAddress() + ports
                + (transportDecoded ? ", " + payloadLength + " payload bytes" : ", transport not decoded")
                + (fragments > 0 ? ", reassembled from " + fragments + " fragments" : "")
                + (tunnel != null ? ", in " + tunnel.kind() + " " + tunnel.vni() : "") + "]";
    }
}
