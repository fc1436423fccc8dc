package io.meshproof.grammar;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshproof.grammar.tree.Policy;
import io.meshproof.grammar.tree.Requirement;
import io.meshproof.grammar.tree.Selector;
import io.meshproof.grammar.tree.SourcePosition;
import io.meshproof.grammar.tree.Statement;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class PolicyTreeParserTest {
    private static final String EXAMPLE = """
            # comment
            rule foo-only-mtls:
                flow from any to ns:foo must be mtls
            flow from ns:legacy to ns:foo must be mtls
            flow from ns:foo to ns:foo port 80 must be mtls

            flow from pod:foo/sleep-* to ip:10.244.1.0/24 must be tls
            flow from any to ip:203.0.113.10 must not be plaintext   # the external API
            flow from ns:legacy to any must be plaintext
            """;

    private static Policy parse(String text) {
        ParsedPolicy parsed = PolicyTreeParser.parse("audit.policy", text);
        assertThat(parsed.errors()).isEmpty();
        return parsed.policy().orElseThrow();
    }

    @Test
    void parsesMtlsProven_whenProvenFollowsMtls() {
        Policy policy = parse("flow from ns:foo to ns:foo must be mtls proven\n"
                + "flow from any to ns:foo must be mtls\n");

        assertThat(policy.statements()).extracting(Statement::requirement)
                .containsExactly(Requirement.MTLS, Requirement.MTLS);
        assertThat(policy.statements()).extracting(Statement::proven).containsExactly(true, false);
        assertThat(policy.statements()).extracting(Statement::requirementText)
                .containsExactly("mtls proven", "mtls");
    }

    @Test
    void parsesEveryStatement_whenPolicyHasCommentsLabelsAndBlankLines() {
        Policy policy = parse(EXAMPLE);

        assertThat(policy.sourceName()).isEqualTo("audit.policy");
        assertThat(policy.statements()).extracting(Statement::index).containsExactly(0, 1, 2, 3, 4, 5);
        assertThat(policy.statements()).extracting(Statement::requirement).containsExactly(Requirement.MTLS,
                Requirement.MTLS, Requirement.MTLS, Requirement.TLS, Requirement.NOT_PLAINTEXT,
                Requirement.PLAINTEXT);
        assertThat(policy.statements()).extracting(s -> s.from().text() + " -> " + s.to().text()).containsExactly(
                "any -> ns:foo", "ns:legacy -> ns:foo", "ns:foo -> ns:foo", "pod:foo/sleep-* -> ip:10.244.1.0/24",
                "any -> ip:203.0.113.10", "ns:legacy -> any");
    }

    @Test
    void attachesLabel_whenRuleIsOnTheLineBefore() {
        Statement first = parse(EXAMPLE).statements().get(0);

        assertThat(first).isEqualTo(new Statement(0, Optional.of("foo-only-mtls"),
                "flow from any to ns:foo must be mtls", new SourcePosition(3, 5, 36),
                new Selector.Any(new SourcePosition(3, 15, 3)),
                new Selector.Namespace("foo", new SourcePosition(3, 22, 6)), OptionalInt.empty(), Requirement.MTLS));
    }

    @Test
    void attachesLabel_whenRuleIsOnTheSameLine() {
        Policy policy = parse("rule a.b_c-1: flow from any to any must be tls\nflow from any to any must be mtls");

        assertThat(policy.statements()).extracting(Statement::name)
                .containsExactly(Optional.of("a.b_c-1"), Optional.empty());
        assertThat(policy.statements().get(0).position()).isEqualTo(new SourcePosition(1, 15, 32));
    }

    @Test
    void acceptsKeywordAsRuleName_whenLabelNamesIt() {
        Policy policy = parse("rule tls: flow from any to any must be tls\n"
                + "rule flow:\nflow from any to any must be tls");

        assertThat(policy.statements()).extracting(Statement::name)
                .containsExactly(Optional.of("tls"), Optional.of("flow"));
    }

    @Test
    void keepsPort_whenPortClauseIsGiven() {
        Statement statement = parse(EXAMPLE).statements().get(2);

        assertThat(statement.port()).isEqualTo(OptionalInt.of(80));
        assertThat(statement.text()).isEqualTo("flow from ns:foo to ns:foo port 80 must be mtls");
        assertThat(statement.position()).isEqualTo(new SourcePosition(5, 1, 47));
    }

    @Test
    void parsesPodGlobsAndCidr_whenSelectorsHaveThem() {
        Statement statement = parse(EXAMPLE).statements().get(3);

        assertThat(statement.from()).isEqualTo(new Selector.Pod("foo", "sleep-*", new SourcePosition(7, 11, 15)));
        Selector.Address to = (Selector.Address) statement.to();
        assertThat(to.block()).isEqualTo("10.244.1.0/24");
        assertThat(to.position()).isEqualTo(new SourcePosition(7, 30, 16));
        assertThat(to.cidr().prefixBits()).isEqualTo(24);
        assertThat(to.cidr().contains("10.244.1.77")).isTrue();
        assertThat(to.cidr().contains("10.244.2.1")).isFalse();
    }

    @Test
    void parsesBareAddress_whenIpHasNoPrefix() {
        Selector.Address to = (Selector.Address) parse(EXAMPLE).statements().get(4).to();

        assertThat(to.block()).isEqualTo("203.0.113.10");
        assertThat(to.cidr().prefixBits()).isEqualTo(32);
        assertThat(parse(EXAMPLE).statements().get(4).text())
                .isEqualTo("flow from any to ip:203.0.113.10 must not be plaintext");
    }

    @Test
    void parsesIpv6Blocks_whenAddressHasColons() {
        Statement statement = parse("flow from ip:fd00:10:244::/48 to ip:::1 must be mtls").statements().get(0);

        Selector.Address from = (Selector.Address) statement.from();
        assertThat(from.block()).isEqualTo("fd00:10:244::/48");
        assertThat(from.cidr().contains("fd00:10:244:1::5")).isTrue();
        assertThat(from.position()).isEqualTo(new SourcePosition(1, 11, 19));
        assertThat(((Selector.Address) statement.to()).cidr().prefixBits()).isEqualTo(128);
    }

    @Test
    void acceptsNamespaceGlob_whenPodSelectorHasOne() {
        Statement statement = parse("flow from pod:team-?/* to pod:*/web-? must be tls").statements().get(0);

        assertThat(statement.from()).isEqualTo(new Selector.Pod("team-?", "*", new SourcePosition(1, 11, 12)));
        assertThat(statement.to()).isEqualTo(new Selector.Pod("*", "web-?", new SourcePosition(1, 27, 11)));
    }

    @Test
    void returnsEmptyPolicy_whenSourceHasOnlyComments() {
        assertThat(parse("# nothing yet\n\n   # still nothing\n").statements()).isEmpty();
        assertThat(parse("").statements()).isEmpty();
    }

    @Test
    void countsTabAsOneColumn_whenLineIsIndentedWithTab() {
        Statement statement = parse("rule r:\n\tflow from any to ns:foo must be tls\r\n").statements().get(0);

        assertThat(statement.position()).isEqualTo(new SourcePosition(2, 2, 35));
        assertThat(statement.to().position()).isEqualTo(new SourcePosition(2, 19, 6));
    }
}
