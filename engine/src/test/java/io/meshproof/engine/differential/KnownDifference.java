package io.meshproof.engine.differential;

/**
 * A difference between tshark and meshproof that is understood: either a meshproof bug not fixed yet, or
 * a deliberate difference in what the two tools count or can see.
 *
 * @param capture the capture's file name, or {@code *} for every capture
 * @param frame the first frame of the conversation, or 0 for every conversation
 * @param field the compared value, as in {@link Difference#field()}
 * @param reason why the two differ
 */
record KnownDifference(String capture, long frame, String field, String reason) {
    static final String ANY_CAPTURE = "*";
    static final long ANY_FRAME = 0;

    boolean explains(Difference difference) {
        return (capture.equals(ANY_CAPTURE) || capture.equals(difference.capture()))
                && (frame == ANY_FRAME || frame == difference.frame())
                && field.equals(difference.field());
    }
}
