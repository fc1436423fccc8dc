package io.meshproof.engine.keylog;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The secrets available while one capture is read: the key log files given by the user, then the key logs
 * embedded in the capture, added as their blocks are read. Looked up first to last. Not thread-safe.
 */
public final class KeyRing implements SecretStore {
    private final List<KeyLog> logs = new ArrayList<>();

    public KeyRing(KeyLog files) {
        logs.add(files);
    }

    /** Adds a key log found inside the capture. */
    public void add(KeyLog embedded) {
        logs.add(embedded);
    }

    @Override
    public Optional<SessionSecrets> find(byte[] clientRandom) {
        for (KeyLog log : logs) {
            Optional<SessionSecrets> found = log.find(clientRandom);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    @Override
    public boolean isEmpty() {
        return logs.stream().allMatch(KeyLog::isEmpty);
    }

    @Override
    public String toString() {
        return "KeyRing" + logs;
    }
}
