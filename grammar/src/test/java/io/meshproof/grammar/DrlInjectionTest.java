package io.meshproof.grammar;

import static io.meshproof.grammar.Flows.plaintext;
import static io.meshproof.grammar.Flows.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshproof.grammar.DroolsHarness.Call;
import io.meshproof.grammar.tree.Policy;
import io.meshproof.grammar.tree.Requirement;
import io.meshproof.grammar.tree.Selector;
import io.meshproof.grammar.tree.SourcePosition;
import io.meshproof.grammar.tree.Statement;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Policy text must never become DRL code: the parser refuses quotes, and the writer escapes what remains. */
class DrlInjectionTest {
    private static final String BREAKOUT = "\") then System.exit(1); end rule \"x";
    private static final SourcePosition SOMEWHERE = new SourcePosition(1, 1, 1);

    private static Policy namespacePolicy(String namespace, String ruleName) {
        Statement statement = new Statement(0, Optional.of(ruleName), "hand-built", SOMEWHERE,
                new Selector.Namespace(namespace, SOMEWHERE), new Selector.Pod(namespace, namespace + "*", SOMEWHERE),
                OptionalInt.empty(), Requirement.MTLS);
        return new Policy("hand-built", List.of(statement));
    }

    @Test
    void refusesPolicy_whenSelectorTriesToCloseTheString() {
        Compilation compilation = PolicyCompiler.compile("evil.policy",
                "flow from ns:foo" + BREAKOUT + " to any must be mtls\n");

        assertThat(compilation.drl()).isEmpty();
        assertThat(compilation.errors()).extracting(PolicyError::message)
                .containsExactly("unexpected character '\"'");
    }

    @Test
    void refusesPolicy_whenRuleNameTriesToCloseTheString() {
        Compilation compilation = PolicyCompiler.compile("evil.policy",
                "rule x" + BREAKOUT + ": flow from any to any must be mtls\n");

        assertThat(compilation.drl()).isEmpty();
        assertThat(compilation.errors()).extracting(PolicyError::message)
                .containsExactly("unexpected character '\"'");
    }

    @Test
    void escapesBreakout_whenTreeIsBuiltByHand() {
        String drl = PolicyCompiler.toDrl(namespacePolicy(BREAKOUT, BREAKOUT));

        assertThat(drl).contains("client.namespace == \"\\\") then System.exit(1); end rule \\\"x\"");
        DroolsHarness drools = DroolsHarness.build(drl);
        assertThat(drools.evaluate(plaintext("1", pod(BREAKOUT, BREAKOUT + "-1", "10.0.0.1", 1),
                pod(BREAKOUT, BREAKOUT + "-2", "10.0.0.2", 2))))
                .containsExactly(new Call("matched", 0, "1", null),
                        new Call("violated", 0, "1", "plaintext (mtls required)"));
    }

    @Test
    void keepsValueExact_whenLiteralHoldsBackslashesAndDrlSyntax() {
        String nasty = "a\\\"b\\ ${x} /* c */ // d";
        DroolsHarness drools = DroolsHarness.build(PolicyCompiler.toDrl(namespacePolicy(nasty, "n")));

        assertThat(drools.evaluate(plaintext("1", pod(nasty, nasty + "z", "10.0.0.1", 1),
                pod(nasty, nasty, "10.0.0.2", 2)), plaintext("2", pod("a", "a", "10.0.0.1", 1),
                pod("a", "a", "10.0.0.2", 2)))).extracting(Call::flow).containsExactly("1", "1");
    }

    @Test
    void escapesQuoteAndBackslash_whenLiteralIsWritten() {
        assertThat(DrlStrings.literal("plain")).isEqualTo("\"plain\"");
        assertThat(DrlStrings.literal("a\"b\\c")).isEqualTo("\"a\\\"b\\\\c\"");
    }

    @Test
    void refusesControlCharacters_whenLiteralIsWritten() {
        assertThatThrownBy(() -> DrlStrings.literal("foo\nend"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("refusing to put control character U+000A into a DRL string literal");
        assertThatThrownBy(() -> DrlStrings.literal("foo\u2028end"))
                .hasMessage("refusing to put control character U+2028 into a DRL string literal");
        assertThatThrownBy(() -> PolicyCompiler.toDrl(namespacePolicy("a\rb", "n")))
                .hasMessage("refusing to put control character U+000D into a DRL string literal");
    }
}
