package io.meshproof.engine.fingerprint;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class GreaseTest {
    @Test
    void recognisesTheSixteenGreaseValues_whenBothBytesAreEqualAndEndInA() {
        // RFC 8701 2: 0x0A0A, 0x1A1A, .., 0xFAFA
        List<Integer> grease = IntStream.rangeClosed(0, 0xffff).filter(Grease::isGrease).boxed().toList();

        assertThat(grease).containsExactly(0x0a0a, 0x1a1a, 0x2a2a, 0x3a3a, 0x4a4a, 0x5a5a, 0x6a6a, 0x7a7a,
                0x8a8a, 0x9a9a, 0xaaaa, 0xbaba, 0xcaca, 0xdada, 0xeaea, 0xfafa);
    }

    @Test
    void keepsOrderOfOtherValues_whenGreaseIsLeftOut() {
        assertThat(Grease.without(List.of(0x0a0a, 0x1301, 0x1a2a, 0xfafa, 0x0a0b)))
                .containsExactly(0x1301, 0x1a2a, 0x0a0b);
    }
}
