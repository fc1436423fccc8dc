package io.meshproof.engine.flow;

import java.util.Locale;

/**
 * What a capture failed to show of a flow. A flow carries each kind at most once; where the missing part is
 * the TLS handshake, the flow's client-authentication evidence is {@code unknown} rather than a guess.
 */
public enum Quality {
    /** Bytes of a TCP stream were never captured (a hole the reassembler gave up waiting for). */
    GAP("gap"),

    /** A gap fell before the TLS handshake was over, so what it showed of client authentication is partial. */
    HANDSHAKE_GAP("handshake-gap"),

    /** The connection predates the capture: no SYN and, for TLS, no ClientHello was captured. */
    STARTED_BEFORE_CAPTURE("started-before-capture"),

    /**
     * The capturing kernel reported dropped packets (pcapng interface statistics). The statistics give no
     * times, so every flow of that capture carries this.
     */
    KERNEL_DROPS("kernel-drops");

    private final String label;

    Quality(String label) {
        this.label = label;
    }

    /** The name used in reports, e.g. {@code started-before-capture}. */
    public String label() {
        return label;
    }

    /** Whether this leaves the TLS handshake, and so the client-authentication evidence, unknown. */
    public boolean hidesHandshake() {
        return this == HANDSHAKE_GAP || this == STARTED_BEFORE_CAPTURE;
    }

    @Override
    public String toString() {
        return label.toUpperCase(Locale.ROOT);
    }
}
