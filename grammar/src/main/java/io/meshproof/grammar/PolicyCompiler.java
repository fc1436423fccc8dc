package io.meshproof.grammar;

import io.meshproof.grammar.tree.Policy;
import java.util.List;
import java.util.Optional;

/**
 * Compiles policy text to DRL. The DRL declares package {@code io.meshproof.policy}, the global
 * {@code io.meshproof.grammar.facts.VerdictCollector verdicts}, and per statement {@code i} the DRL rules
 * {@code "s<i> match [NAME]"}, which calls {@code verdicts.matched(i, flow)} for every non-local
 * {@link io.meshproof.grammar.facts.FlowFact} the statement covers, and {@code "s<i> violation [NAME]"},
 * which calls {@code verdicts.violated(i, flow, reason)} for those among them that break its requirement.
 */
public final class PolicyCompiler {
    /** The DRL package every compiled policy declares. */
    public static final String DRL_PACKAGE = "io.meshproof.policy";

    /** The name of the {@link io.meshproof.grammar.facts.VerdictCollector} global the DRL reports to. */
    public static final String VERDICTS_GLOBAL = "verdicts";

    /** Where to write the DRL in a KieFileSystem so that its path matches its package. */
    public static final String DRL_RESOURCE_PATH = "src/main/resources/io/meshproof/policy/policy.drl";

    private PolicyCompiler() {
    }

    /**
     * Parses, checks and compiles one policy source. Never throws for bad input: every fault is reported.
     *
     * @param sourceName the name errors give the source, for example {@code audit.policy}
     * @param text the policy text
     */
    public static Compilation compile(String sourceName, String text) {
        ParsedPolicy parsed = PolicyTreeParser.parse(sourceName, text);
        if (parsed.policy().isEmpty()) {
            return new Compilation(Optional.empty(), parsed.errors(), "");
        }
        Policy policy = parsed.policy().get();
        return new Compilation(Optional.of(policy), List.of(), toDrl(policy));
    }

    /**
     * Compiles a tree to DRL, for trees built by other means than parsing (parsed trees never fail here).
     *
     * @throws IllegalArgumentException when a name or glob holds a control character
     */
    public static String toDrl(Policy policy) {
        return DrlWriter.write(policy);
    }
}
