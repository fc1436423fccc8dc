package io.meshproof.engine.capture;

/** The LINKTYPE_* values of the pcap specification that meshproof decodes, with libpcap's short names. */
public final class LinkType {
    /** BSD loopback: a 4-byte address family in the byte order of the machine that wrote it. */
    public static final int NULL = 0;
    public static final int ETHERNET = 1;
    /** Raw IP as some BSDs numbered it (DLT_RAW 12 and 14). */
    public static final int RAW_BSD = 12;
    public static final int RAW_OPENBSD = 14;
    public static final int RAW = 101;
    /** OpenBSD loopback: like {@link #NULL} but the address family is always big-endian. */
    public static final int LOOP = 108;
    public static final int LINUX_SLL = 113;
    public static final int IPV4 = 228;
    public static final int IPV6 = 229;
    public static final int LINUX_SLL2 = 276;

    private LinkType() {
    }

    /** libpcap's name for a link type ("EN10MB", "LINUX_SLL2"), or "LINKTYPE_n" for others. */
    public static String name(int linkType) {
        return switch (linkType) {
            case NULL -> "NULL";
            case ETHERNET -> "EN10MB";
            case RAW, RAW_BSD, RAW_OPENBSD -> "RAW";
            case LOOP -> "LOOP";
            case LINUX_SLL -> "LINUX_SLL";
            case IPV4 -> "IPV4";
            case IPV6 -> "IPV6";
            case LINUX_SLL2 -> "LINUX_SLL2";
            default -> "LINKTYPE_" + linkType;
        };
    }
}
