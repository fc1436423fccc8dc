package io.meshproof.engine.keylog;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * The secrets a key log holds for one TLS connection, found by its ClientHello random. Secrets are owned
 * by this value and handed out as copies; {@link #toString()} never shows them.
 *
 * @param source where the secrets came from, for the user: "file NAME" or "embedded"
 */
public record SessionSecrets(String source, Map<SecretLabel, byte[]> secrets) {
    public SessionSecrets {
        secrets = new EnumMap<>(secrets);
    }

    /** A copy of the secret with the given label. */
    public Optional<byte[]> find(SecretLabel label) {
        byte[] secret = secrets.get(label);
        return secret == null ? Optional.empty() : Optional.of(secret.clone());
    }

    @Override
    public Map<SecretLabel, byte[]> secrets() {
        Map<SecretLabel, byte[]> copy = new EnumMap<>(SecretLabel.class);
        secrets.forEach((label, secret) -> copy.put(label, secret.clone()));
        return copy;
    }

    @Override
    public String toString() {
        return "SessionSecrets[" + source + ", " + secrets.keySet() + "]";
    }
}
