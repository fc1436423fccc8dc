package io.meshproof.engine.capture;

import java.util.OptionalLong;

/**
 * One capture interface: the single implicit one of a pcap file, or a pcapng Interface Description Block.
 *
 * @param section 0-based pcapng section the interface belongs to (always 0 for pcap)
 * @param id the interface id within its section, as {@link Frame#interfaceId()} carries it
 * @param linkType LINKTYPE_* value, see {@link LinkType}
 * @param name the if_name option, or the empty string when the file names none
 * @param snapLength the snapshot length in bytes, 0 for "no limit"
 * @param tsresol the if_tsresol option byte: bit 7 clear means units of 10^-n seconds, set means
 *     2^-n seconds, with n in the low 7 bits; 6 (microseconds) by default, 9 for nanosecond pcap
 * @param dropped packets the interface dropped (pcapng isb_ifdrop, else isb_osdrop, of the last statistics
 *     block), if known
 */
public record CaptureInterface(int section, int id, int linkType, String name, int snapLength, int tsresol,
        OptionalLong dropped) {
    /** Microsecond resolution, the pcap and pcapng default. */
    public static final int TSRESOL_MICROSECONDS = 6;

    /** Nanosecond resolution. */
    public static final int TSRESOL_NANOSECONDS = 9;

    CaptureInterface withDropped(long count) {
        return new CaptureInterface(section, id, linkType, name, snapLength, tsresol, OptionalLong.of(count));
    }
}
