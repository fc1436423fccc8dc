package io.meshproof.engine.keylog;

import java.util.Optional;

/** Where a TLS decoder looks up the secrets of a connection. */
public interface SecretStore {
    /** A store without any secret: nothing is decrypted and nothing is said about it. */
    SecretStore NONE = new SecretStore() {
        @Override
        public Optional<SessionSecrets> find(byte[] clientRandom) {
            return Optional.empty();
        }

        @Override
        public boolean isEmpty() {
            return true;
        }
    };

    /** The secrets logged for the connection whose ClientHello carried this 32-byte random. */
    Optional<SessionSecrets> find(byte[] clientRandom);

    /** True when no secret at all was given, so a connection without secrets is not worth a note. */
    boolean isEmpty();
}
