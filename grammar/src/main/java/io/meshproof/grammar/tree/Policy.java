package io.meshproof.grammar.tree;

import java.util.List;
import java.util.Objects;

/**
 * A parsed and checked policy.
 *
 * @param sourceName the name errors and reports give the source, for example {@code audit.policy}
 * @param statements the statements in source order; {@code statements.get(i).index() == i}
 */
public record Policy(String sourceName, List<Statement> statements) {
    public Policy {
        Objects.requireNonNull(sourceName, "sourceName");
        statements = List.copyOf(statements);
    }
}
