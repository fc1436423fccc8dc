package io.meshproof.engine.capture;

/**
 * A capture that cannot be read at all: not a capture file, empty, cut inside its file header, or damaged
 * before its first frame. The message starts with the file's name and says what was found, for example
 * {@code "notes.txt: not a capture file (starts with 68 65 6c 6c, expected a pcap or pcapng magic number)"}.
 * Damage after the first frame is a {@link CaptureWarning} instead.
 */
public final class CaptureException extends Exception {
    private static final long serialVersionUID = 1L;

    public CaptureException(String message) {
        super(message);
    }

    public CaptureException(String message, Throwable cause) {
        super(message, cause);
    }
}
