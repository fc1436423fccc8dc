package io.meshproof.engine.tls;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Removes the record protection of one direction under one set of keys, counting the records it opens
 * (the sequence number of RFC 8446 5.3 and RFC 5246 6.1). Keys stay inside this object and are never shown.
 */
final class RecordDecrypter {
    // RFC 8446 5.1: legacy_record_version of protected records; RFC 5246 6.2.3.3: the AAD carries 3,3 too
    private static final int RECORD_VERSION = 0x0303;
    private static final int SEQUENCE_LENGTH = 8;

    /** The content of one decrypted record. */
    record Plaintext(int contentType, byte[] content) {
    }

    private final AeadSuite suite;
    private final SecretKeySpec key;
    private final byte[] fixedIv;
    private final byte[] trafficSecret;
    private long sequence;

    private RecordDecrypter(AeadSuite suite, byte[] key, byte[] fixedIv, byte[] trafficSecret) {
        this.suite = suite;
        this.key = new SecretKeySpec(key, suite.aead.keyAlgorithm);
        this.fixedIv = fixedIv;
        this.trafficSecret = trafficSecret;
    }

    /** RFC 8446 7.3: key and iv from a traffic secret. */
    static RecordDecrypter tls13(AeadSuite suite, byte[] trafficSecret) throws GeneralSecurityException {
        byte[] key = KeySchedule.expandLabel(suite.hash, trafficSecret, "key", new byte[0], suite.keyLength);
        byte[] iv = KeySchedule.expandLabel(suite.hash, trafficSecret, "iv", new byte[0], AeadSuite.NONCE_LENGTH);
        return new RecordDecrypter(suite, key, iv, trafficSecret);
    }

    /** TLS 1.2: a write key and write IV from the key block. */
    static RecordDecrypter tls12(AeadSuite suite, byte[] key, byte[] fixedIv) {
        return new RecordDecrypter(suite, key, fixedIv, null);
    }

    /** RFC 8446 7.2: the keys after a KeyUpdate, from application_traffic_secret_N+1. */
    RecordDecrypter next() throws GeneralSecurityException {
        byte[] secret = KeySchedule.expandLabel(suite.hash, trafficSecret, "traffic upd", new byte[0],
                suite.hash.lengthBytes);
        return tls13(suite, secret);
    }

    /**
     * Opens one record body of the given outer content type; empty when it does not authenticate (wrong
     * keys, or a record protected under other keys). The sequence number advances only on success.
     */
    Optional<Plaintext> decrypt(int contentType, byte[] body) {
        try {
            Optional<Plaintext> plaintext = suite.tls13 ? open13(contentType, body) : open12(contentType, body);
            if (plaintext.isPresent()) {
                sequence++;
            }
            return plaintext;
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** RFC 8446 5.2: the AAD is the record header; the inner plaintext is content, type, zero padding. */
    private Optional<Plaintext> open13(int contentType, byte[] body) throws GeneralSecurityException {
        if (body.length < AeadSuite.TAG_LENGTH + 1) {
            return Optional.empty();
        }
        byte[] aad = {(byte) contentType, (byte) (RECORD_VERSION >>> 8), (byte) RECORD_VERSION,
            (byte) (body.length >>> 8), (byte) body.length};
        byte[] inner = open(xorSequence(fixedIv), aad, body, 0, body.length);
        int end = inner.length;
        while (end > 0 && inner[end - 1] == 0) {
            end--;
        }
        if (end == 0) {
            // RFC 8446 5.4: an inner plaintext of only zeros has no content type
            return Optional.empty();
        }
        return Optional.of(new Plaintext(inner[end - 1] & 0xFF, Arrays.copyOf(inner, end - 1)));
    }

    /** RFC 5246 6.2.3.3 with RFC 5288 3 (GCM: explicit nonce in the record) or RFC 7905 2 (ChaCha20). */
    private Optional<Plaintext> open12(int contentType, byte[] body) throws GeneralSecurityException {
        boolean gcm = suite.aead == AeadSuite.Aead.AES_GCM;
        int explicit = gcm ? AeadSuite.TLS12_GCM_EXPLICIT_NONCE_LENGTH : 0;
        int plaintextLength = body.length - explicit - AeadSuite.TAG_LENGTH;
        if (plaintextLength < 0) {
            return Optional.empty();
        }
        byte[] nonce;
        if (gcm) {
            nonce = Arrays.copyOf(fixedIv, AeadSuite.NONCE_LENGTH);
            System.arraycopy(body, 0, nonce, AeadSuite.TLS12_GCM_SALT_LENGTH, explicit);
        } else {
            nonce = xorSequence(fixedIv);
        }
        byte[] aad = new byte[SEQUENCE_LENGTH + 5];
        writeSequence(aad, 0);
        aad[8] = (byte) contentType;
        aad[9] = (byte) (RECORD_VERSION >>> 8);
        aad[10] = (byte) RECORD_VERSION;
        aad[11] = (byte) (plaintextLength >>> 8);
        aad[12] = (byte) plaintextLength;
        byte[] content = open(nonce, aad, body, explicit, body.length - explicit);
        return Optional.of(new Plaintext(contentType, content));
    }

    private byte[] open(byte[] nonce, byte[] aad, byte[] body, int offset, int length)
            throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance(suite.aead.transformation);
        if (suite.aead == AeadSuite.Aead.AES_GCM) {
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(AeadSuite.TAG_LENGTH * 8, nonce));
        } else {
            cipher.init(Cipher.DECRYPT_MODE, key, new IvParameterSpec(nonce));
        }
        cipher.updateAAD(aad);
        return cipher.doFinal(body, offset, length);
    }

    /** RFC 8446 5.3: the 64-bit sequence number, left-padded to the IV's length, XORed with the IV. */
    private byte[] xorSequence(byte[] iv) {
        byte[] nonce = iv.clone();
        for (int i = 0; i < SEQUENCE_LENGTH; i++) {
            nonce[nonce.length - 1 - i] ^= (byte) (sequence >>> (8 * i));
        }
        return nonce;
    }

    private void writeSequence(byte[] out, int at) {
        for (int i = 0; i < SEQUENCE_LENGTH; i++) {
            out[at + i] = (byte) (sequence >>> (8 * (SEQUENCE_LENGTH - 1 - i)));
        }
    }

    @Override
    public String toString() {
        return "RecordDecrypter[" + suite + ", record " + sequence + "]";
    }
}
