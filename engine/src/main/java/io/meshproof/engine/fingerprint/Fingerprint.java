package io.meshproof.engine.fingerprint;

import java.util.Objects;

/**
 * A JA3 or JA3S fingerprint: the text the method builds and its MD5, the value that is shared and looked up.
 *
 * @param text the comma- and dash-separated decimal fields, e.g. {@code 771,4865-4866,43-51}
 * @param md5 the MD5 of {@code text}, 32 lower-case hex digits
 */
public record Fingerprint(String text, String md5) {
    public Fingerprint {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(md5, "md5");
    }

    /** The fingerprint of a text: the text and its MD5. */
    static Fingerprint of(String text) {
        return new Fingerprint(text, Digests.md5(text));
    }
}
