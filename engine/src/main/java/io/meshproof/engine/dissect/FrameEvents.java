package io.meshproof.engine.dissect;

import java.util.List;

/**
 * Where decoders report what they found in each frame, for {@code meshproof dissect}: one call per protocol
 * data unit (a TLS record, an HTTP message head, an HTTP/2 frame). The normal analysis path uses
 * {@link #NONE}, so decoders build no fields unless {@link #enabled()} says someone listens.
 */
public interface FrameEvents {
    /** Listens to nothing; decoders skip building fields for it. */
    FrameEvents NONE = new FrameEvents() {
        @Override
        public void layer(long frame, String protocol, String info, List<Field> fields) {
        }

        @Override
        public boolean enabled() {
            return false;
        }
    };

    /**
     * One decoded unit.
     *
     * @param frame the frame that completed the unit (for a reassembled unit, its last segment's frame)
     * @param protocol the protocol column's text, e.g. {@code TLSv1.3}, {@code HTTP}, {@code HTTP2}
     * @param info the info column's text for this unit, e.g. {@code Client Hello (SNI=example.com)}
     * @param fields the unit's detail tree, Wireshark field names where Wireshark has them
     */
    void layer(long frame, String protocol, String info, List<Field> fields);

    /** False when reports are thrown away, so callers need not build them. */
    default boolean enabled() {
        return true;
    }
}
