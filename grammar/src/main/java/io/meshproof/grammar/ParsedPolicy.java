package io.meshproof.grammar;

import io.meshproof.grammar.tree.Policy;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What parsing and checking a policy source gave: the tree when the source is sound, else every error.
 *
 * @param policy present exactly when {@code errors} is empty
 * @param errors all syntax and meaning errors, in source order
 */
public record ParsedPolicy(Optional<Policy> policy, List<PolicyError> errors) {
    public ParsedPolicy {
        Objects.requireNonNull(policy, "policy");
        errors = List.copyOf(errors);
        if (policy.isPresent() == !errors.isEmpty()) {
            throw new IllegalArgumentException("a policy comes with no errors, errors with no policy");
        }
    }
}
