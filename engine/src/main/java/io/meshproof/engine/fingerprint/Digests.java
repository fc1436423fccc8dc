package io.meshproof.engine.fingerprint;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The hashes the fingerprint specifications use, of a string's ASCII bytes, as lower-case hex. */
final class Digests {
    private Digests() {
    }

    /** MD5 as 32 hex digits (JA3, JA3S). */
    static String md5(String text) {
        return hex("MD5", text);
    }

    /** SHA-256 as 64 hex digits (JA4). */
    static String sha256(String text) {
        return hex("SHA-256", text);
    }

    private static String hex(String algorithm, String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance(algorithm);
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            // every Java platform must provide MD5 and SHA-256 (MessageDigest's class documentation)
            throw new IllegalStateException(algorithm + " is missing from this Java runtime", e);
        }
    }
}
