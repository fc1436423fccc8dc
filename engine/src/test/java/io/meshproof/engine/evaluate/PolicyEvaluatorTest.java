package io.meshproof.engine.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshproof.engine.analysis.CaptureAnalysis;
import io.meshproof.engine.analysis.CaptureAnalyzer;
import io.meshproof.engine.analysis.Progress;
import io.meshproof.engine.capture.TestCaptures;
import io.meshproof.engine.flow.Flow;
import io.meshproof.engine.inventory.Inventory;
import io.meshproof.grammar.PolicyCompiler;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Verdicts over the flows of every corpus capture, evaluated in batches of several sizes. */
class PolicyEvaluatorTest {
    private static final String POLICY = """
            flow from any to any must be mtls
            flow from ns:legacy to ns:foo must be mtls
            flow from any to ns:nowhere must be tls
            """;

    private static List<Flow> flows;
    private static PolicyEvaluator evaluator;

    @BeforeAll
    static void readCorpus() throws Exception {
        Inventory inventory = Inventory.load(List.of(resource("/inventory/pods.json"),
                resource("/inventory/services.json")));
        List<Path> captures = TestCaptures.fileNames().stream().map(TestCaptures::path).toList();
        flows = new CaptureAnalyzer(inventory).readAll(captures, Progress.NONE).stream()
                .flatMap(analysis -> analysis.flows().stream()).toList();
        evaluator = new PolicyEvaluator(PolicyCompiler.compile("test.policy", POLICY));
    }

    @Test
    void legacyToFoo_failsWithEveryMatchingFlowAsAViolation() {
        List<Flow> legacyToFoo = flows.stream().filter(flow -> !flow.local())
                .filter(flow -> "legacy".equals(flow.client().resolved().namespace()))
                .filter(flow -> "foo".equals(flow.server().resolved().namespace())).toList();
        assertThat(legacyToFoo).isNotEmpty().allMatch(flow -> flow.tls() == null);

        Verdict verdict = evaluator.evaluate(flows).get(1);

        assertThat(verdict.status()).isEqualTo(Status.FAIL);
        assertThat(verdict.flows()).isEqualTo(legacyToFoo.size());
        assertThat(verdict.evidence()).isEqualTo("plaintext");
        assertThat(verdict.violations()).extracting(Violation::flow)
                .containsExactlyElementsOf(legacyToFoo.stream().map(Flow::id).sorted().toList());
        Flow first = legacyToFoo.stream().min((a, b) -> Integer.compare(a.id(), b.id())).orElseThrow();
        assertThat(verdict.violations().get(0)).isEqualTo(new Violation(first.id(), first.capture(),
                first.firstFrame(), first.client(), first.server(), first.summary(), "plaintext (mtls required)"));
    }

    @Test
    void givesTheSameVerdicts_whateverTheBatchSize() {
        List<Verdict> whole = evaluator.evaluate(flows);

        for (int batchSize : new int[] {1, 7, flows.size() + 1}) {
            PolicyEvaluator.Evaluation evaluation = evaluator.start(batchSize);
            flows.forEach(evaluation);
            assertThat(evaluation.finish()).as("batches of %d", batchSize).isEqualTo(whole);
        }
        assertThat(whole).extracting(Verdict::status)
                .containsExactly(Status.FAIL, Status.FAIL, Status.NOT_OBSERVED);
        assertThat(whole.get(0).flows()).isEqualTo(flows.stream().filter(flow -> !flow.local()).count());
    }

    @Test
    void refusesFlows_afterItFinished() {
        PolicyEvaluator.Evaluation evaluation = evaluator.start();
        evaluation.finish();

        assertThatThrownBy(() -> evaluation.accept(flows.get(0))).isInstanceOf(IllegalStateException.class)
                .hasMessage("the evaluation is finished");
    }

    private static Path resource(String name) throws Exception {
        return Path.of(PolicyEvaluatorTest.class.getResource(name).toURI());
    }
}
