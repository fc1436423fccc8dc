package io.meshproof.grammar;

import io.meshproof.grammar.tree.Policy;
import java.util.List;
import java.util.Optional;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;

/** Parses policy text into the checked tree, collecting every syntax and meaning error on the way. */
public final class PolicyTreeParser {
    private PolicyTreeParser() {
    }

    /**
     * Parses and checks one policy source. Never throws for bad input: every fault is in the result.
     *
     * @param sourceName the name errors give the source, for example {@code audit.policy}
     * @param text the policy text
     */
    public static ParsedPolicy parse(String sourceName, String text) {
        ErrorCollector errors = new ErrorCollector(sourceName, text);

        // Every statement ends with a line break in the grammar, the last one too.
        boolean terminated = text.isEmpty() || text.endsWith("\n") || text.endsWith("\r");
        PolicyLexer lexer = new PolicyLexer(CharStreams.fromString(terminated ? text : text + "\n", sourceName));
        lexer.removeErrorListeners();
        lexer.addErrorListener(errors);
        PolicyParser parser = new PolicyParser(new CommonTokenStream(lexer));
        parser.removeErrorListeners();
        parser.addErrorListener(errors);
        parser.setErrorHandler(new SyntaxErrorStrategy());

        Policy policy = new TreeBuilder(sourceName, errors).build(parser.policy());
        List<PolicyError> found = errors.errors();
        return new ParsedPolicy(found.isEmpty() ? Optional.of(policy) : Optional.empty(), found);
    }
}
