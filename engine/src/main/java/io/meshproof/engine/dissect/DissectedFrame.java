package io.meshproof.engine.dissect;

import java.util.List;

/**
 * One frame as {@code meshproof dissect} shows it: a line of Wireshark's packet list and its detail tree.
 *
 * @param number the frame number, from 1
 * @param relativeNanos nanoseconds since the capture's first frame
 * @param source the source address (IP, else link layer), "" when none is known
 * @param destination the destination address, "" when none is known
 * @param protocol the highest protocol decoded in the frame: {@code TCP}, {@code TLSv1.3}, {@code HTTP}, ...
 * @param length the frame's length on the wire, in bytes
 * @param info the info column, as Wireshark words it where meshproof decodes the same thing
 * @param flowId the id {@code meshproof flows} gives the frame's flow, 0 when the frame belongs to none
 * @param layers one tree per layer, outermost first: frame, link, IP, transport, then application units
 */
public record DissectedFrame(long number, long relativeNanos, String source, String destination, String protocol,
        int length, String info, int flowId, List<Field> layers) {
    public DissectedFrame {
        layers = List.copyOf(layers);
    }
}
