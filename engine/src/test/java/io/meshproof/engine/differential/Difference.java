package io.meshproof.engine.differential;

/**
 * One value on which tshark and meshproof disagree.
 *
 * @param capture the capture's file name
 * @param frame the first frame of the conversation
 * @param conversation what the conversation is, for the reader
 * @param field the compared value's name, e.g. {@code tls.sni}, or {@code flow} when one tool has a
 *     conversation the other has not
 * @param tshark tshark's value
 * @param meshproof meshproof's value
 */
record Difference(String capture, long frame, String conversation, String field, String tshark,
        String meshproof) {
    @Override
    public String toString() {
        return capture + " frame " + frame + " (" + conversation + ") " + field + ": tshark " + tshark
                + ", meshproof " + meshproof;
    }
}
