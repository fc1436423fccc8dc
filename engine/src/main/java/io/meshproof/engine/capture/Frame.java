package io.meshproof.engine.capture;

/**
 * One captured unit as the capture file holds it.
 *
 * @param number 1-based position in the capture, counted across sections and interfaces
 * @param timestampNanos capture time in nanoseconds since the Unix epoch
 * @param linkType the interface's link-layer type (LINKTYPE_* value of the pcap specification)
 * @param interfaceId pcapng interface index, 0 for pcap files
 * @param data the captured bytes; the frame owns this array and nobody mutates it
 * @param originalLength the length of the frame on the wire, which may exceed {@code data.length}
 */
public record Frame(long number, long timestampNanos, int linkType, int interfaceId, byte[] data,
        int originalLength) {
}
