package io.meshproof.engine.capture;

/**
 * Why a capture cannot be read further, raised inside the reader and turned by {@link CaptureReader}
 * into a {@link CaptureException} or a {@link CaptureWarning}.
 */
final class CaptureDamage extends Exception {
    private static final long serialVersionUID = 1L;

    private final boolean truncation;

    /**
     * @param message what was found, without the file name
     * @param truncation true when the file just ends early (a killed capture), false for bytes that
     *     contradict the format
     */
    CaptureDamage(String message, boolean truncation) {
        super(message, null, false, false);
        this.truncation = truncation;
    }

    boolean truncation() {
        return truncation;
    }
}
