package io.meshproof.grammar;

import io.meshproof.grammar.tree.Policy;
import io.meshproof.grammar.tree.Selector;
import io.meshproof.grammar.tree.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Writes the DRL for a checked policy: per statement one DRL rule that reports the flows it covers and one
 * that reports those among them breaking the requirement. Policy text reaches the DRL only through
 * {@link DrlStrings#literal}; everything else written here is fixed text or a number.
 */
final class DrlWriter {
    // FlowFact.getApp() for traffic whose protocol was not recognised.
    private static final String UNKNOWN_APP = "unknown";

    private final StringBuilder out = new StringBuilder();

    private DrlWriter() {
    }

    static String write(Policy policy) {
        DrlWriter writer = new DrlWriter();
        writer.writeHeader();
        for (Statement statement : policy.statements()) {
            writer.writeStatement(statement);
        }
        return writer.out.toString();
    }

    private void writeHeader() {
        out.append("package ").append(PolicyCompiler.DRL_PACKAGE).append(";\n\n");
        out.append("import io.meshproof.grammar.facts.FlowFact;\n");
        out.append("import io.meshproof.grammar.facts.Requirements;\n\n");
        out.append("global io.meshproof.grammar.facts.VerdictCollector ").append(PolicyCompiler.VERDICTS_GLOBAL)
                .append(";\n");
    }

    private void writeStatement(Statement statement) {
        int i = statement.index();
        List<String> covered = coverage(statement);
        List<String> broken = new ArrayList<>(covered);
        broken.addAll(breach(statement));

        String verdicts = PolicyCompiler.VERDICTS_GLOBAL;
        String requirement = DrlStrings.literal(statement.requirementText());
        out.append("\n// statement ").append(i).append(", line ").append(statement.position().line()).append('\n');
        writeRule(ruleName(statement, "match"), covered, verdicts + ".matched(" + i + ", $f);");
        out.append('\n');
        writeRule(ruleName(statement, "violation"), broken,
                verdicts + ".violated(" + i + ", $f, Requirements.reason(" + requirement + ", $f));");
    }

    private void writeRule(String name, List<String> constraints, String action) {
        out.append("rule ").append(name).append('\n');
        out.append("when\n");
        out.append("    $f : FlowFact( ").append(String.join(", ", constraints)).append(" )\n");
        out.append("then\n");
        out.append("    ").append(action).append('\n');
        out.append("end\n");
    }

    private static String ruleName(Statement statement, String kind) {
        String name = "s" + statement.index() + " " + kind;
        return DrlStrings.literal(statement.name().map(n -> name + " " + n).orElse(name));
    }

    /** Constraints that select the flows a statement covers; local hops inside a pod are never covered. */
    private static List<String> coverage(Statement statement) {
        List<String> constraints = new ArrayList<>();
        constraints.add("local == false");
        selectorConstraint("client", statement.from()).ifPresent(constraints::add);
        selectorConstraint("server", statement.to()).ifPresent(constraints::add);
        statement.port().ifPresent(port -> constraints.add("server.port == " + port));
        return constraints;
    }

    private static Optional<String> selectorConstraint(String side, Selector selector) {
        if (selector instanceof Selector.Namespace ns) {
            return Optional.of(side + ".namespace == " + DrlStrings.literal(ns.name()));
        }
        if (selector instanceof Selector.Pod pod) {
            return Optional.of(side + ".podMatches(" + DrlStrings.literal(pod.namespaceGlob()) + ", "
                    + DrlStrings.literal(pod.nameGlob()) + ")");
        }
        if (selector instanceof Selector.Address address) {
            return Optional.of(side + ".inNetwork(" + DrlStrings.literal(address.block()) + ")");
        }
        return Optional.empty();
    }

    /** Constraints, added to the coverage, that a flow breaking the requirement meets. */
    private static List<String> breach(Statement statement) {
        return switch (statement.requirement()) {
            case MTLS -> List.of(statement.proven() ? "proven == false" : "mutual == false");
            case TLS -> List.of("tls == false");
            case PLAINTEXT -> List.of("tls == true");
            case NOT_PLAINTEXT -> List.of("tls == false", "app != " + DrlStrings.literal(UNKNOWN_APP));
        };
    }
}
