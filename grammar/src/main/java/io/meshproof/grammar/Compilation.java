package io.meshproof.grammar;

import io.meshproof.grammar.tree.Policy;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A policy compiled to DRL, or the errors that stopped it.
 *
 * @param policy the checked tree, present exactly when {@code errors} is empty
 * @param errors all syntax and meaning errors, in source order
 * @param drl the DRL source (package {@code io.meshproof.policy}, global {@code verdicts}); empty when
 *     there are errors
 */
public record Compilation(Optional<Policy> policy, List<PolicyError> errors, String drl) {
    public Compilation {
        Objects.requireNonNull(policy, "policy");
        errors = List.copyOf(errors);
        Objects.requireNonNull(drl, "drl");
    }

    /** True when the source compiled; then {@link #policy()} is present and {@link #drl()} is not empty. */
    public boolean succeeded() {
        return errors.isEmpty();
    }
}
