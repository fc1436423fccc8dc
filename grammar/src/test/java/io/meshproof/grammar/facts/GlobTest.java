package io.meshproof.grammar.facts;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GlobTest {
    @ParameterizedTest(name = "{0} ~ {1}: {2}")
    @CsvSource({
        "sleep-*, sleep-2lckslfmsf-98nxw, true",
        "sleep-*, httpbin-vbcjkdtmnv-s676x, false",
        "*, '', true",
        "'', '', true",
        "'', a, false",
        "?, a, true",
        "?, '', false",
        "*-s676x, httpbin-vbcjkdtmnv-s676x, true",
        "http*-*-s676?, httpbin-vbcjkdtmnv-s676x, true",
        "http*-*-s676?, httpbin-vbcjkdtmnv-s676, false",
        "a*b*c, abc, true",
        "a*b*c, aXbYc, true",
        "a*b*c, acb, false",
        "**a**, bab, true",
        "*a, aaab, false",
        "a*, a, true"})
    void matchesLikeAShell(String glob, String value, boolean expected) {
        assertThat(Glob.matches(glob, value)).isEqualTo(expected);
    }

    @Test
    void matchesNothing_forANullValue() {
        assertThat(Glob.matches("*", null)).isFalse();
    }

    @Test
    void answersAtOnce_forPatternsThatMakeBacktrackingExplode() {
        // a recursive matcher takes minutes on the first and overflows its stack on the second
        String name = "a".repeat(20_000);
        assertThat(Glob.matches("a*a*a*a*a*a*a*b", name)).isFalse();
        assertThat(Glob.matches("*".repeat(5000) + "x", name)).isFalse();
        assertThat(Glob.matches("*".repeat(5000) + "a", name)).isTrue();
    }
}
