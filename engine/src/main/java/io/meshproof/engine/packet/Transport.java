package io.meshproof.engine.packet;

/** The transport protocol of a packet, as far as meshproof decodes it. */
public enum Transport {
    TCP,
    UDP,
    /** Any other IP protocol (ICMP, SCTP, ESP, ...), or none (IPv6 "no next header"). */
    OTHER;

    static final int PROTOCOL_TCP = 6;
    static final int PROTOCOL_UDP = 17;

    /** The transport for an IP protocol number (IPv4 protocol, IPv6 next header). */
    public static Transport of(int protocol) {
        return switch (protocol) {
            case PROTOCOL_TCP -> TCP;
            case PROTOCOL_UDP -> UDP;
            default -> OTHER;
        };
    }
}
