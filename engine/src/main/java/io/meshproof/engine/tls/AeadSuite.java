package io.meshproof.engine.tls;

import java.util.Optional;

/**
 * The AEAD cipher suites meshproof decrypts, with what their key schedule needs. TLS 1.3 suites
 * (RFC 8446 B.4) and the TLS 1.2 ECDHE/DHE/RSA suites with AES-GCM (RFC 5288, 5289) and ChaCha20-Poly1305
 * (RFC 7905), the ones meshes and their clients negotiate.
 */
enum AeadSuite {
    TLS_AES_128_GCM_SHA256(0x1301, Aead.AES_GCM, 16, Hash.SHA256, true),
    TLS_AES_256_GCM_SHA384(0x1302, Aead.AES_GCM, 32, Hash.SHA384, true),
    TLS_CHACHA20_POLY1305_SHA256(0x1303, Aead.CHACHA20_POLY1305, 32, Hash.SHA256, true),
    TLS_RSA_WITH_AES_128_GCM_SHA256(0x009C, Aead.AES_GCM, 16, Hash.SHA256, false),
    TLS_RSA_WITH_AES_256_GCM_SHA384(0x009D, Aead.AES_GCM, 32, Hash.SHA384, false),
    TLS_DHE_RSA_WITH_AES_128_GCM_SHA256(0x009E, Aead.AES_GCM, 16, Hash.SHA256, false),
    TLS_DHE_RSA_WITH_AES_256_GCM_SHA384(0x009F, Aead.AES_GCM, 32, Hash.SHA384, false),
    TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256(0xC02B, Aead.AES_GCM, 16, Hash.SHA256, false),
    TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384(0xC02C, Aead.AES_GCM, 32, Hash.SHA384, false),
    TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256(0xC02F, Aead.AES_GCM, 16, Hash.SHA256, false),
    TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384(0xC030, Aead.AES_GCM, 32, Hash.SHA384, false),
    TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256(0xCCA8, Aead.CHACHA20_POLY1305, 32, Hash.SHA256, false),
    TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256(0xCCA9, Aead.CHACHA20_POLY1305, 32, Hash.SHA256, false),
    TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256(0xCCAA, Aead.CHACHA20_POLY1305, 32, Hash.SHA256, false);

    /** The AEAD algorithm of a suite, with its JDK names. */
    enum Aead {
        AES_GCM("AES/GCM/NoPadding", "AES"),
        CHACHA20_POLY1305("ChaCha20-Poly1305", "ChaCha20");

        final String transformation;
        final String keyAlgorithm;

        Aead(String transformation, String keyAlgorithm) {
            this.transformation = transformation;
            this.keyAlgorithm = keyAlgorithm;
        }
    }

    /** The suite's hash, for HKDF (TLS 1.3) or the PRF (TLS 1.2). */
    enum Hash {
        SHA256("HmacSHA256", 32),
        SHA384("HmacSHA384", 48);

        final String hmac;
        final int lengthBytes;

        Hash(String hmac, int lengthBytes) {
            this.hmac = hmac;
            this.lengthBytes = lengthBytes;
        }
    }

    // RFC 8446 5.3 and RFC 7905 2: a 12-byte nonce; RFC 5288 3: GCM in TLS 1.2 has a 4-byte implicit salt
    static final int NONCE_LENGTH = 12;
    static final int TLS12_GCM_SALT_LENGTH = 4;
    static final int TLS12_GCM_EXPLICIT_NONCE_LENGTH = 8;
    static final int TAG_LENGTH = 16;

    final int id;
    final Aead aead;
    final int keyLength;
    final Hash hash;
    final boolean tls13;

    AeadSuite(int id, Aead aead, int keyLength, Hash hash, boolean tls13) {
        this.id = id;
        this.aead = aead;
        this.keyLength = keyLength;
        this.hash = hash;
        this.tls13 = tls13;
    }

    /** The length of the fixed IV this suite's key block (TLS 1.2) or key schedule (TLS 1.3) yields. */
    int fixedIvLength() {
        return tls13 || aead == Aead.CHACHA20_POLY1305 ? NONCE_LENGTH : TLS12_GCM_SALT_LENGTH;
    }

    static Optional<AeadSuite> find(int id) {
        for (AeadSuite suite : values()) {
            if (suite.id == id) {
                return Optional.of(suite);
            }
        }
        return Optional.empty();
    }
}
