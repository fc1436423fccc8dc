package io.meshproof.engine.evaluate;

import io.meshproof.engine.flow.Flow;
import io.meshproof.grammar.Compilation;
import io.meshproof.grammar.PolicyCompiler;
import io.meshproof.grammar.tree.Statement;
import io.meshproof.grammar.facts.FlowFact;
import io.meshproof.grammar.facts.VerdictCollector;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.kie.api.KieBase;
import org.kie.api.builder.Message;
import org.kie.api.builder.Results;
import org.kie.api.io.Resource;
import org.kie.api.io.ResourceType;
import org.kie.api.runtime.KieSession;
import org.kie.internal.io.ResourceFactory;
import org.kie.internal.utils.KieHelper;

/**
 * Evaluates a compiled policy over flows with Drools. The rule base is built once; each call to
 * {@link #evaluate} runs a fresh session, so one evaluator can serve many evaluations and threads.
 */
public final class PolicyEvaluator {
    /** Evidence from strongest to weakest; "plaintext" is weaker than any TLS evidence. */
    private static final List<String> EVIDENCE_ORDER = List.of("proven", "inferred", "absent", "unknown",
            "plaintext");

    private final Compilation compilation;
    private final KieBase rules;

    /**
     * @throws IllegalArgumentException when the compilation has errors, or when Drools refuses its DRL
     *     (a compiler bug, never the user's fault)
     */
    public PolicyEvaluator(Compilation compilation) {
        if (!compilation.errors().isEmpty() || compilation.policy().isEmpty()) {
            throw new IllegalArgumentException("the policy has errors and cannot be evaluated");
        }
        this.compilation = compilation;
        KieHelper helper = new KieHelper();
        // A source path that matches the DRL's package keeps Drools from warning about the layout.
        Resource drl = ResourceFactory.newByteArrayResource(compilation.drl().getBytes(StandardCharsets.UTF_8))
                .setSourcePath(PolicyCompiler.DRL_RESOURCE_PATH);
        helper.addResource(drl, ResourceType.DRL);
        Results results = helper.verify();
        if (results.hasMessages(Message.Level.ERROR)) {
            throw new IllegalArgumentException("the compiled DRL does not build: "
                    + results.getMessages(Message.Level.ERROR));
        }
        this.rules = helper.build();
    }

    /** One verdict per statement, in policy order. */
    public List<Verdict> evaluate(List<Flow> flows) {
        Map<String, Flow> byId = new HashMap<>();
        Collector collector = new Collector();
        KieSession session = rules.newKieSession();
        try {
            session.setGlobal("verdicts", collector);
            for (Flow flow : flows) {
                FlowFact fact = FactMapper.toFact(flow);
                byId.put(fact.getId(), flow);
                session.insert(fact);
            }
            session.fireAllRules();
        } finally {
            session.dispose();
        }
        List<Verdict> verdicts = new ArrayList<>();
        for (Statement statement : compilation.policy().orElseThrow().statements()) {
            verdicts.add(verdictOf(statement, collector, byId));
        }
        return verdicts;
    }

    private static Verdict verdictOf(Statement statement, Collector collector, Map<String, Flow> byId) {
        int index = statement.index();
        Map<String, FlowFact> matched = collector.matched.getOrDefault(index, Map.of());
        Map<String, String> violated = collector.violated.getOrDefault(index, Map.of());
        String weakest = null;
        for (FlowFact fact : matched.values()) {
            String evidence = fact.getClientAuth() == null ? "plaintext" : fact.getClientAuth();
            if (weakest == null || EVIDENCE_ORDER.indexOf(evidence) > EVIDENCE_ORDER.indexOf(weakest)) {
                weakest = evidence;
            }
        }
        List<Violation> violations = new ArrayList<>();
        for (Map.Entry<String, String> entry : new TreeMap<>(violated).entrySet()) {
            violations.add(new Violation(byId.get(entry.getKey()), entry.getValue()));
        }
        violations.sort((a, b) -> Integer.compare(a.flow().id(), b.flow().id()));
        Status status = matched.isEmpty() ? Status.NOT_OBSERVED
                : violations.isEmpty() ? Status.PASS : Status.FAIL;
        return new Verdict(index, statement.name().orElse(null), statement.text(), statement.position().line(), status,
                matched.size(), weakest, violations);
    }

    /** Receives the calls of the compiled rules; one per evaluation. */
    private static final class Collector implements VerdictCollector {
        final Map<Integer, Map<String, FlowFact>> matched = new HashMap<>();
        final Map<Integer, Map<String, String>> violated = new HashMap<>();

        @Override
        public void matched(int statement, FlowFact flow) {
            matched.computeIfAbsent(statement, s -> new LinkedHashMap<>()).put(flow.getId(), flow);
        }

        @Override
        public void violated(int statement, FlowFact flow, String reason) {
            violated.computeIfAbsent(statement, s -> new LinkedHashMap<>()).putIfAbsent(flow.getId(), reason);
        }
    }
}
