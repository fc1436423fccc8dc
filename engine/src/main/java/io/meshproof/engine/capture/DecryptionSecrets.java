package io.meshproof.engine.capture;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The content of one pcapng Decryption Secrets Block, kept for the decoders that can use it.
 *
 * @param type the secrets type, e.g. {@link #TLS_KEY_LOG}
 * @param data the secrets as stored in the block, without padding; owned by this value, not mutated
 */
public record DecryptionSecrets(int type, byte[] data) {
    /** NSS key log text ("TLSK"), the format of SSLKEYLOGFILE. */
    public static final int TLS_KEY_LOG = 0x544c534b;

    /** WireGuard key log ("WGKL"). */
    public static final int WIREGUARD_KEY_LOG = 0x57474b4c;

    public DecryptionSecrets {
        Objects.requireNonNull(data, "data");
    }

    public boolean isTlsKeyLog() {
        return type == TLS_KEY_LOG;
    }

    /** The secrets as UTF-8 text, which is what key logs are. */
    public String text() {
        return new String(data, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return String.format("DecryptionSecrets[type=0x%08x, %d bytes]", type, data.length);
    }
}
