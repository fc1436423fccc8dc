package io.meshproof.grammar.tree;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One statement of a policy: {@code flow from SOURCE to DESTINATION [port N] must be REQUIREMENT}.
 *
 * @param index position among the policy's statements, from 0; verdicts are keyed by it
 * @param name the {@code rule NAME:} label, when the statement has one
 * @param text the statement as written, from {@code flow} to its last word (comments excluded)
 * @param position where {@link #text} starts and how long it is
 * @param from selects the client, the side that opened the flow
 * @param to selects the server, the side that accepted it
 * @param port the server port the statement is limited to, when given
 * @param requirement what the covered flows must be
 * @param proven for {@link Requirement#MTLS}: {@code must be mtls proven}, inferred client authentication
 *     is not enough
 */
public record Statement(int index, Optional<String> name, String text, SourcePosition position, Selector from,
        Selector to, OptionalInt port, Requirement requirement, boolean proven) {
    /** A statement whose requirement has no {@code proven}. */
    public Statement(int index, Optional<String> name, String text, SourcePosition position, Selector from,
            Selector to, OptionalInt port, Requirement requirement) {
        this(index, name, text, position, from, to, port, requirement, false);
    }

    public Statement {
        if (index < 0) {
            throw new IllegalArgumentException("statement index " + index + " is negative");
        }
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(position, "position");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(port, "port");
        Objects.requireNonNull(requirement, "requirement");
        if (proven && requirement != Requirement.MTLS) {
            throw new IllegalArgumentException("'proven' qualifies only mtls, not " + requirement.keyword());
        }
    }

    /** The requirement as written after {@code must be}: "mtls proven" or {@link Requirement#keyword()}. */
    public String requirementText() {
        return proven ? requirement.keyword() + " proven" : requirement.keyword();
    }
}
