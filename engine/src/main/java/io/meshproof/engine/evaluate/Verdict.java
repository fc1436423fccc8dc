package io.meshproof.engine.evaluate;

import java.util.List;

/**
 * The verdict on one statement.
 *
 * @param index the statement's position in its policy, from 0
 * @param name the statement's rule name, or null
 * @param statement the statement as written
 * @param line the line it starts on, from 1
 * @param status pass, fail or not observed
 * @param flows how many flows fell under the statement
 * @param evidence the weakest evidence among those flows ("proven", "inferred", "absent", "unknown", or
 *     "plaintext" when some were not TLS); null when none matched
 * @param violations the flows that broke it, in flow order
 */
public record Verdict(int index, String name, String statement, int line, Status status, int flows,
        String evidence, List<Violation> violations) {
    public Verdict {
        violations = List.copyOf(violations);
    }
}
