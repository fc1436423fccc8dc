package io.meshproof.engine.tls;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Decoded certificates by their DER bytes, for one analysis: the certificates of a mesh repeat across its
 * connections (one workload certificate per pod, one CA), so each is parsed once. Holds at most
 * {@link #MAX_ENTRIES} certificates, the least recently used forgotten first, so memory does not grow with the
 * capture. Not thread-safe: one analysis reads on one thread.
 */
public final class CertificateCache {
    static final int MAX_ENTRIES = 4096;

    private final Map<Der, Decoded> decoded = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Der, Decoded> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

    /** The certificate's DER bytes as a map key; the array is never changed after it is read. */
    private record Der(byte[] bytes, int hash) {
        static Der of(byte[] bytes) {
            return new Der(bytes, Arrays.hashCode(bytes));
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Der der && der.hash == hash && Arrays.equals(der.bytes, bytes);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    /** A decoding's outcome: the certificate, or why the JDK rejected it. */
    private record Decoded(Optional<CertificateInfo> info, String problem) {
    }

    /** {@link CertificateDecoder#decode}, parsing each distinct certificate once. */
    Optional<CertificateInfo> decode(byte[] der, String[] problem) {
        Decoded result = decoded.computeIfAbsent(Der.of(der), key -> {
            String[] why = new String[1];
            Optional<CertificateInfo> info = CertificateDecoder.decode(key.bytes(), why);
            return new Decoded(info, why[0]);
        });
        if (result.info().isEmpty()) {
            problem[0] = result.problem();
        }
        return result.info();
    }
}
