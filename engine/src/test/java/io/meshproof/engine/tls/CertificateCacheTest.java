package io.meshproof.engine.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Certificates decoded once per analysis: what a repeated certificate gives is what its first decoding gave. */
class CertificateCacheTest {
    // A DER SEQUENCE header that claims more bytes than follow: the JDK rejects it.
    private static final byte[] TRUNCATED = {0x30, (byte) 0x82, 0x01, 0x00, 0x02, 0x01};

    @Test
    void givesTheSameProblem_whenAnUndecodableCertificateRepeats() {
        CertificateCache cache = new CertificateCache();
        String[] first = new String[1];
        String[] second = new String[1];

        Optional<CertificateInfo> once = cache.decode(TRUNCATED.clone(), first);
        Optional<CertificateInfo> again = cache.decode(TRUNCATED.clone(), second);

        assertThat(once).isEmpty();
        assertThat(again).isEmpty();
        assertThat(first[0]).isNotBlank();
        assertThat(second[0]).isEqualTo(first[0]);
    }

    @Test
    void decodesLikeTheDecoder_whenNothingIsCachedYet() {
        String[] direct = new String[1];
        String[] cached = new String[1];

        CertificateDecoder.decode(TRUNCATED, direct);
        new CertificateCache().decode(TRUNCATED, cached);

        assertThat(cached[0]).isEqualTo(direct[0]);
    }
}
