package io.meshproof.engine.capture;

import java.util.Objects;

/**
 * Something wrong with the capture file that ended reading early, such as a file cut inside a frame.
 *
 * @param message what was found, e.g. "file ends inside frame 373 (84 of 1514 bytes present); 372 whole
 *     frames read"
 * @param frame the 1-based number of the frame that could not be read, that is the number the next frame
 *     would have had
 */
public record CaptureWarning(String message, long frame) {
    public CaptureWarning {
        Objects.requireNonNull(message, "message");
    }
}
