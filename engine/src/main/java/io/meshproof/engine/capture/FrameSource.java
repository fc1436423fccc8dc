package io.meshproof.engine.capture;

import java.util.List;

/** One capture file format, read frame by frame after its file header. */
interface FrameSource {
    /** "pcap" or "pcapng". */
    String format();

    /**
     * Reads the next frame.
     *
     * @param number the 1-based number to give it
     * @return the frame, or null at a clean end of the data
     * @throws CaptureDamage when the data ends inside a frame or contradicts the format
     */
    Frame readFrame(long number) throws CaptureDamage;

    /** The interfaces described so far, in the order the file describes them. */
    List<CaptureInterface> interfaces();

    /** The decryption secrets found so far. */
    List<DecryptionSecrets> secrets();
}
