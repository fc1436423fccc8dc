package io.meshproof.grammar;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshproof.grammar.facts.FlowFact;
import io.meshproof.grammar.facts.VerdictCollector;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.Message;
import org.kie.api.runtime.KieContainer;
import org.kie.api.runtime.KieSession;

/** Builds compiled DRL with Drools, as the engine will, and records what its rules report. */
final class DroolsHarness implements VerdictCollector {
    /** One call the DRL made: kind is "matched" or "violated"; reason is null for "matched". */
    record Call(String kind, int statement, String flow, String reason) {
    }

    private final KieContainer container;
    private final List<Call> calls = new ArrayList<>();

    private DroolsHarness(KieContainer container) {
        this.container = container;
    }

    /** Builds {@code drl}, asserting that Drools reports no error. */
    static DroolsHarness build(String drl) {
        KieServices services = KieServices.Factory.get();
        KieFileSystem files = services.newKieFileSystem();
        files.write(PolicyCompiler.DRL_RESOURCE_PATH, drl);
        KieBuilder builder = services.newKieBuilder(files).buildAll();
        assertThat(builder.getResults().getMessages(Message.Level.ERROR)).as(drl).isEmpty();
        return new DroolsHarness(services.newKieContainer(builder.getKieModule().getReleaseId()));
    }

    /** Inserts the flows into a new session, fires every rule, and returns the calls in a stable order. */
    List<Call> evaluate(FlowFact... flows) {
        calls.clear();
        KieSession session = container.newKieSession();
        try {
            session.setGlobal(PolicyCompiler.VERDICTS_GLOBAL, this);
            for (FlowFact flow : flows) {
                session.insert(flow);
            }
            session.fireAllRules();
        } finally {
            session.dispose();
        }
        List<Call> sorted = new ArrayList<>(calls);
        sorted.sort(Comparator.comparingInt(Call::statement).thenComparing(Call::kind)
                .thenComparing(Call::flow));
        return sorted;
    }

    @Override
    public void matched(int statement, FlowFact flow) {
        calls.add(new Call("matched", statement, flow.getId(), null));
    }

    @Override
    public void violated(int statement, FlowFact flow, String reason) {
        calls.add(new Call("violated", statement, flow.getId(), reason));
    }
}
