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
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.kie.api.KieBase;
import org.kie.api.builder.Message;
import org.kie.api.builder.Results;
import org.kie.api.io.Resource;
import org.kie.api.io.ResourceType;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.rule.FactHandle;
import org.kie.internal.io.ResourceFactory;
import org.kie.internal.utils.KieHelper;

/**
 * Evaluates a compiled policy over flows with Drools. The rule base is built once; each evaluation runs a
 * fresh session, so one evaluator can serve many evaluations and threads.
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
        Evaluation evaluation = start();
        flows.forEach(evaluation);
        return evaluation.finish();
    }

    /** An evaluation that takes flows one at a time; see {@link Evaluation}. */
    public Evaluation start() {
        return new Evaluation(Evaluation.BATCH_SIZE);
    }

    /** {@link #start()} with another batch size, for tests. */
    Evaluation start(int batchSize) {
        return new Evaluation(batchSize);
    }

    /**
     * Flows evaluated as they come, in batches of {@link #BATCH_SIZE}: each batch's facts are inserted, the
     * rules fired and the facts retracted again (every rule looks at one flow alone), and of the flows only
     * those that broke a statement are kept. So memory grows with the violations, not with the flows. Not for
     * use by several threads at once.
     */
    public final class Evaluation implements Consumer<Flow> {
        static final int BATCH_SIZE = 256;

        private final KieSession session = rules.newKieSession();
        private final Collector collector = new Collector();
        private final Map<String, Flow> batch = new HashMap<>();
        private final int batchSize;
        private final List<FactHandle> handles;
        private boolean finished;

        private Evaluation(int batchSize) {
            this.batchSize = batchSize;
            this.handles = new ArrayList<>(batchSize);
            session.setGlobal("verdicts", collector);
        }

        /**
         * Evaluates a flow (at the latest when {@link #finish} is called).
         *
         * @throws IllegalStateException after {@link #finish}
         */
        @Override
        public void accept(Flow flow) {
            if (finished) {
                throw new IllegalStateException("the evaluation is finished");
            }
            FlowFact fact = FactMapper.toFact(flow);
            batch.put(fact.getId(), flow);
            handles.add(session.insert(fact));
            if (handles.size() == batchSize) {
                fireBatch();
            }
        }

        /** One verdict per statement, in policy order, over every flow given. Ends the evaluation. */
        public List<Verdict> finish() {
            if (!finished) {
                finished = true;
                try {
                    fireBatch();
                } finally {
                    session.dispose();
                }
            }
            List<Verdict> verdicts = new ArrayList<>();
            for (Statement statement : compilation.policy().orElseThrow().statements()) {
                verdicts.add(collector.verdictOf(statement));
            }
            return verdicts;
        }

        private void fireBatch() {
            collector.batch = batch;
            session.fireAllRules();
            handles.forEach(session::delete);
            handles.clear();
            batch.clear();
        }
    }

    /**
     * Receives the calls of the compiled rules for one evaluation: per statement, how many flows matched, the
     * weakest evidence among them, and the flows of the current batch that broke it, with the reason.
     */
    private static final class Collector implements VerdictCollector {
        final Map<Integer, Integer> matched = new HashMap<>();
        final Map<Integer, String> weakest = new HashMap<>();
        final Map<Integer, Map<Integer, Violation>> violated = new HashMap<>();
        /** The flows whose facts are in the session now, by fact id. */
        Map<String, Flow> batch = Map.of();

        @Override
        public void matched(int statement, FlowFact flow) {
            matched.merge(statement, 1, Integer::sum);
            String evidence = flow.getClientAuth() == null ? "plaintext" : flow.getClientAuth();
            weakest.merge(statement, evidence, (old, added) ->
                    EVIDENCE_ORDER.indexOf(added) > EVIDENCE_ORDER.indexOf(old) ? added : old);
        }

        @Override
        public void violated(int statement, FlowFact fact, String reason) {
            Flow flow = batch.get(fact.getId());
            violated.computeIfAbsent(statement, s -> new TreeMap<>())
                    .putIfAbsent(flow.id(), Violation.of(flow, reason));
        }

        Verdict verdictOf(Statement statement) {
            int index = statement.index();
            int flows = matched.getOrDefault(index, 0);
            List<Violation> violations = List.copyOf(violated.getOrDefault(index, Map.of()).values());
            Status status = flows == 0 ? Status.NOT_OBSERVED : violations.isEmpty() ? Status.PASS : Status.FAIL;
            return new Verdict(index, statement.name().orElse(null), statement.text(), statement.position().line(),
                    status, flows, weakest.get(index), violations);
        }
    }
}
