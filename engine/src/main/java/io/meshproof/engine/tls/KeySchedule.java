package io.meshproof.engine.tls;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The key derivations that turn logged secrets into record keys, with the JDK's HMAC: HKDF-Expand-Label
 * of TLS 1.3 (RFC 8446 7.1, RFC 5869 2.3) and the PRF of TLS 1.2 (RFC 5246 5). Results are fresh arrays
 * owned by the caller.
 */
final class KeySchedule {
    private static final byte[] TLS13_LABEL_PREFIX = "tls13 ".getBytes(StandardCharsets.US_ASCII);

    private KeySchedule() {
    }

    /** RFC 8446 7.1: HKDF-Expand(secret, HkdfLabel(length, "tls13 " + label, context), length). */
    static byte[] expandLabel(AeadSuite.Hash hash, byte[] secret, String label, byte[] context, int length)
            throws GeneralSecurityException {
        byte[] name = label.getBytes(StandardCharsets.US_ASCII);
        byte[] info = new byte[2 + 1 + TLS13_LABEL_PREFIX.length + name.length + 1 + context.length];
        int at = 0;
        info[at++] = (byte) (length >>> 8);
        info[at++] = (byte) length;
        info[at++] = (byte) (TLS13_LABEL_PREFIX.length + name.length);
        System.arraycopy(TLS13_LABEL_PREFIX, 0, info, at, TLS13_LABEL_PREFIX.length);
        at += TLS13_LABEL_PREFIX.length;
        System.arraycopy(name, 0, info, at, name.length);
        at += name.length;
        info[at++] = (byte) context.length;
        System.arraycopy(context, 0, info, at, context.length);
        return hkdfExpand(hash, secret, info, length);
    }

    /** RFC 5869 2.3: T(i) = HMAC(PRK, T(i-1) | info | i), the first {@code length} bytes of T(1) | T(2) ... */
    private static byte[] hkdfExpand(AeadSuite.Hash hash, byte[] prk, byte[] info, int length)
            throws GeneralSecurityException {
        Mac mac = Mac.getInstance(hash.hmac);
        mac.init(new SecretKeySpec(prk, hash.hmac));
        byte[] out = new byte[length];
        byte[] previous = new byte[0];
        int filled = 0;
        for (int i = 1; filled < length; i++) {
            mac.update(previous);
            mac.update(info);
            mac.update((byte) i);
            previous = mac.doFinal();
            int n = Math.min(previous.length, length - filled);
            System.arraycopy(previous, 0, out, filled, n);
            filled += n;
        }
        return out;
    }

    /** RFC 5246 5: PRF(secret, label, seed) = P_hash(secret, label + seed), the first {@code length} bytes. */
    static byte[] prf(AeadSuite.Hash hash, byte[] secret, String label, byte[] seed, int length)
            throws GeneralSecurityException {
        byte[] name = label.getBytes(StandardCharsets.US_ASCII);
        byte[] labelSeed = Arrays.copyOf(name, name.length + seed.length);
        System.arraycopy(seed, 0, labelSeed, name.length, seed.length);
        Mac mac = Mac.getInstance(hash.hmac);
        mac.init(new SecretKeySpec(secret, hash.hmac));
        byte[] out = new byte[length];
        // A(0) = seed, A(i) = HMAC(secret, A(i-1)); output HMAC(secret, A(i) + seed) for i = 1, 2, ...
        byte[] a = labelSeed;
        int filled = 0;
        while (filled < length) {
            a = mac.doFinal(a);
            mac.update(a);
            byte[] block = mac.doFinal(labelSeed);
            int n = Math.min(block.length, length - filled);
            System.arraycopy(block, 0, out, filled, n);
            filled += n;
        }
        return out;
    }
}
