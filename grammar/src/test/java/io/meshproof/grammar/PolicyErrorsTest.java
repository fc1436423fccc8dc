package io.meshproof.grammar;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PolicyErrorsTest {
    private static List<String> errorsOf(String text) {
        Compilation compilation = PolicyCompiler.compile("audit.policy", text);
        assertThat(compilation.policy()).isEmpty();
        assertThat(compilation.drl()).isEmpty();
        return compilation.errors().stream().map(PolicyError::format).toList();
    }

    private static String onlyErrorOf(String text) {
        List<String> errors = errorsOf(text);
        assertThat(errors).hasSize(1);
        return errors.get(0);
    }

    @Test
    void namesTheRequirements_whenRequirementIsMisspelt() {
        String text = "rule legacy:\n    flow from ns:legacy to ns:foo must be mlts\n";

        assertThat(onlyErrorOf(text)).isEqualTo("""
                audit.policy:2:43: error: expected 'mtls', 'tls' or 'plaintext', found 'mlts'
                        flow from ns:legacy to ns:foo must be mlts
                                                              ^^^^""");
    }

    @Test
    void reportsStrayWord_whenProvenIsMisspelt() {
        assertThat(onlyErrorOf("flow from ns:foo to ns:foo must be mtls provn\n")).isEqualTo("""
                audit.policy:1:41: error: unexpected 'provn' after the end of the statement
                    flow from ns:foo to ns:foo must be mtls provn
                                                            ^^^^^""");
    }

    @Test
    void keepsTabsInCaretLine_whenLineHasTabs() {
        assertThat(onlyErrorOf("\tflow from any to\tns:foo must be mlts")).isEqualTo(
                "audit.policy:1:34: error: expected 'mtls', 'tls' or 'plaintext', found 'mlts'\n"
                        + "    \tflow from any to\tns:foo must be mlts\n"
                        + "    \t                \t               ^^^^");
    }

    @Test
    void saysToIsMissing_whenTwoSelectorsFollowEachOther() {
        assertThat(onlyErrorOf("flow from ns:legacy ns:foo must be mtls")).isEqualTo("""
                audit.policy:1:21: error: missing 'to' before 'ns:foo'
                    flow from ns:legacy ns:foo must be mtls
                                        ^^^^^^""");
    }

    @Test
    void asksForSelector_whenSelectorIsMissing() {
        assertThat(onlyErrorOf("flow from to ns:foo must be mtls")).isEqualTo("""
                audit.policy:1:11: error: expected a selector (any, ns:NAME, pod:NS/NAME or ip:ADDR[/BITS]), \
                found 'to'
                    flow from to ns:foo must be mtls
                              ^^""");
    }

    @Test
    void suggestsKind_whenSelectorIsABareName() {
        assertThat(onlyErrorOf("flow from foo to ns:foo must be mtls")).isEqualTo("""
                audit.policy:1:11: error: expected a selector (any, ns:NAME, pod:NS/NAME or ip:ADDR[/BITS]), \
                found 'foo'; a selector names its kind, as in 'ns:foo'
                    flow from foo to ns:foo must be mtls
                              ^^^""");
    }

    @Test
    void saysMustIsMissing_whenBeFollowsSelector() {
        assertThat(onlyErrorOf("flow from any to ns:foo be mtls")).isEqualTo("""
                audit.policy:1:25: error: missing 'must' before 'be'
                    flow from any to ns:foo be mtls
                                            ^^""");
    }

    @Test
    void pointsAtEndOfLine_whenRequirementIsMissing() {
        assertThat(onlyErrorOf("flow from any to ns:foo")).isEqualTo("""
                audit.policy:1:24: error: expected 'port' or 'must', found end of line
                    flow from any to ns:foo
                                           ^""");
    }

    @Test
    void showsOneCaret_whenLineEndsInCarriageReturnAndLineFeed() {
        assertThat(onlyErrorOf("flow from any to ns:foo port\r\nflow from any to any must be tls\r\n")).isEqualTo("""
                audit.policy:1:29: error: expected a port number after 'port', found end of line
                    flow from any to ns:foo port
                                                ^""");
    }

    @Test
    void reportsStrayToken_whenWordsFollowTheStatement() {
        assertThat(onlyErrorOf("flow from any to ns:foo must be mtls extra stuff")).isEqualTo("""
                audit.policy:1:38: error: unexpected 'extra' after the end of the statement
                    flow from any to ns:foo must be mtls extra stuff
                                                         ^^^^^""");
    }

    @Test
    void asksForNumber_whenPortHasNone() {
        assertThat(onlyErrorOf("flow from any to ns:foo port must be mtls")).isEqualTo("""
                audit.policy:1:30: error: expected a port number after 'port', found 'must'
                    flow from any to ns:foo port must be mtls
                                                 ^^^^""");
    }

    @Test
    void reportsBeMissing_whenMustIsFollowedByRequirement() {
        assertThat(onlyErrorOf("flow from any to ns:foo must mtls")).isEqualTo("""
                audit.policy:1:30: error: expected 'be' or 'not be' after 'must', found 'mtls'
                    flow from any to ns:foo must mtls
                                                 ^^^^""");
    }

    @Test
    void reportsLineStart_whenLineIsNoStatement() {
        assertThat(onlyErrorOf("flw from any to ns:foo must be mtls")).isEqualTo("""
                audit.policy:1:1: error: expected 'flow' or 'rule' at the start of a line, found 'flw'
                    flw from any to ns:foo must be mtls
                    ^^^""");
    }

    @Test
    void reportsMissingColon_whenRuleNameHasNone() {
        assertThat(onlyErrorOf("rule x\nflow from any to ns:foo must be mtls")).isEqualTo("""
                audit.policy:1:7: error: expected ':' after the rule name, found end of line
                    rule x
                          ^""");
    }

    @Test
    void refusesQuote_whenPolicyTriesToCloseADrlString() {
        String text = "flow from ns:foo\") then System.exit(1); end rule \"x to any must be mtls";

        assertThat(onlyErrorOf(text)).isEqualTo("""
                audit.policy:1:17: error: unexpected character '"'
                    flow from ns:foo") then System.exit(1); end rule "x to any must be mtls
                                    ^""");
    }

    @Test
    void namesKnownKinds_whenSelectorKindIsUnknown() {
        assertThat(onlyErrorOf("flow from svc:kube-dns to ns:foo must be mtls")).isEqualTo("""
                audit.policy:1:11: error: unknown selector kind 'svc:'; the kinds are any, ns:, pod: and ip:
                    flow from svc:kube-dns to ns:foo must be mtls
                              ^^^""");
    }

    @Test
    void usesCidrMessage_whenAddressIsBad() {
        assertThat(onlyErrorOf("flow from ip:10.0.0.300 to ns:foo must be mtls")).isEqualTo("""
                audit.policy:1:14: error: '10.0.0.300' is not an IP address
                    flow from ip:10.0.0.300 to ns:foo must be mtls
                                 ^^^^^^^^^^""");
        assertThat(onlyErrorOf("flow from any to ip:fd00::/129 must be mtls")).isEqualTo("""
                audit.policy:1:21: error: prefix length '129' is not a number from 0 to 128
                    flow from any to ip:fd00::/129 must be mtls
                                        ^^^^^^^^^^""");
    }

    @Test
    void reportsRange_whenPortIsOutOfRange() {
        assertThat(onlyErrorOf("flow from any to ns:foo port 0 must be mtls")).isEqualTo("""
                audit.policy:1:30: error: port 0 is out of range 1..65535
                    flow from any to ns:foo port 0 must be mtls
                                                 ^""");
        assertThat(onlyErrorOf("flow from any to ns:foo port 99999999999 must be mtls")).isEqualTo("""
                audit.policy:1:30: error: port 99999999999 is out of range 1..65535
                    flow from any to ns:foo port 99999999999 must be mtls
                                                 ^^^^^^^^^^^""");
    }

    @Test
    void reportsSecondUse_whenRuleNameIsDuplicated() {
        String text = "rule a: flow from any to any must be tls\nrule a:\n  flow from any to any must be mtls\n";

        assertThat(onlyErrorOf(text)).isEqualTo("""
                audit.policy:2:6: error: duplicate rule name 'a'; it is first used on line 1
                    rule a:
                         ^""");
    }

    @Test
    void reportsEmptyName_whenNamespaceIsEmpty() {
        assertThat(onlyErrorOf("flow from ns: to ns:foo must be mtls")).isEqualTo("""
                audit.policy:1:14: error: empty namespace name in 'ns:'
                    flow from ns: to ns:foo must be mtls
                                 ^""");
        assertThat(onlyErrorOf("flow from pod:/x to ns:foo must be mtls")).isEqualTo("""
                audit.policy:1:15: error: empty namespace name in 'pod:/x'
                    flow from pod:/x to ns:foo must be mtls
                                  ^""");
    }

    @Test
    void refusesNegation_whenRequirementIsNotPlaintext() {
        assertThat(onlyErrorOf("flow from any to ns:foo must not be mtls")).isEqualTo("""
                audit.policy:1:37: error: expected 'plaintext' after 'must not be', found 'mtls'
                    flow from any to ns:foo must not be mtls
                                                        ^^^^""");
    }

    @Test
    void reportsLabel_whenNoStatementFollows() {
        assertThat(errorsOf("rule a:\nrule b:\nflow from any to any must be tls\nrule c:")).containsExactly("""
                audit.policy:1:6: error: rule 'a' is not followed by a statement; another rule label comes first
                    rule a:
                         ^""", """
                audit.policy:4:6: error: rule 'c' is not followed by a statement
                    rule c:
                         ^""");
    }

    @Test
    void explainsNamespaceNames_whenNamespaceCannotExist() {
        assertThat(onlyErrorOf("flow from ns:Foo* to ns:foo must be mtls")).isEqualTo("""
                audit.policy:1:14: error: 'Foo*' is not a namespace name (at most 63 lower-case letters, digits \
                and inner '-'); for patterns use pod:NS/*
                    flow from ns:Foo* to ns:foo must be mtls
                                 ^^^^""");
    }

    @Test
    void quotesOnlyTheStartOfARunawayName() {
        String error = onlyErrorOf("flow from ns:" + "a".repeat(100_000) + " to ns:foo must be mtls");

        assertThat(error.lines().findFirst().orElseThrow()).isEqualTo("audit.policy:1:14: error: '"
                + "a".repeat(40) + "...' is not a namespace name (at most 63 lower-case letters, digits and inner "
                + "'-'); for patterns use pod:NS/*");
    }

    @Test
    void asksForSlash_whenPodSelectorHasNoName() {
        assertThat(onlyErrorOf("flow from pod:foo to ns:foo must be mtls")).isEqualTo("""
                audit.policy:1:15: error: expected NAMESPACE/NAME after 'pod:', found 'foo'
                    flow from pod:foo to ns:foo must be mtls
                                  ^^^""");
        assertThat(onlyErrorOf("flow from pod:foo/ to ns:foo must be mtls")).isEqualTo("""
                audit.policy:1:18: error: empty pod name in 'pod:foo/'
                    flow from pod:foo/ to ns:foo must be mtls
                                     ^""");
    }

    @Test
    void reportsUnexpectedCharacter_whenStatementEndsWithSemicolon() {
        assertThat(onlyErrorOf("flow from any to ns:foo must be mtls;")).isEqualTo("""
                audit.policy:1:37: error: unexpected character ';'
                    flow from any to ns:foo must be mtls;
                                                        ^""");
    }

    @Test
    void reportsEveryError_whenSeveralLinesAreWrong() {
        String text = """
                flow from ns:legacy to ns:foo must be mlts
                flow from any to any must be tls
                what is this
                flow from svc:x to ip:10.0.0.0/40 port 70000 must be tls
                flow from any to ns:foo port must be mtls
                """;

        assertThat(PolicyCompiler.compile("audit.policy", text).errors())
                .extracting(e -> e.line() + ":" + e.column() + " " + e.message())
                .containsExactly("1:39 expected 'mtls', 'tls' or 'plaintext', found 'mlts'",
                        "3:1 expected 'flow' or 'rule' at the start of a line, found 'what'",
                        "4:11 unknown selector kind 'svc:'; the kinds are any, ns:, pod: and ip:",
                        "4:23 prefix length '40' is not a number from 0 to 32",
                        "4:40 port 70000 is out of range 1..65535",
                        "5:30 expected a port number after 'port', found 'must'");
    }

    @Test
    void namesTheCodePoint_whenTheBadCharacterIsInvisible() {
        assertThat(onlyErrorOf("\uFEFFflow from any to ns:foo must be mtls\n")).startsWith(
                "audit.policy:1:1: error: unexpected character U+FEFF (zero width no-break space)\n");
    }

    @Test
    void showsAWindowOfTheLine_whenTheLineIsVeryLong() {
        String padding = "x".repeat(300);
        String text = "flow from ns:legacy to ns:foo must be mlts # " + padding + "\n";

        String error = onlyErrorOf(text);

        String[] lines = error.split("\n");
        assertThat(lines[0]).isEqualTo("audit.policy:1:39: error: expected 'mtls', 'tls' or 'plaintext', found 'mlts'");
        assertThat(lines[1]).isEqualTo("    flow from ns:legacy to ns:foo must be mlts # " + "x".repeat(75) + "...");
        assertThat(lines[2]).isEqualTo("    " + " ".repeat(38) + "^^^^");
    }

    @Test
    void quotesOnlyTheStartOfARunawayToken() {
        String selector = "ns:" + "a".repeat(5000);
        String error = onlyErrorOf("flow from any " + selector + " must be mtls\n");

        assertThat(error.split("\n")[0]).isEqualTo("audit.policy:1:15: error: missing 'to' before '"
                + selector.substring(0, 40) + "...'");
        assertThat(error.length()).isLessThan(400);
    }
}
