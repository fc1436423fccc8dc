package io.meshproof.rules;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshproof.engine.analysis.CaptureAnalyzer;
import io.meshproof.engine.analysis.Progress;
import io.meshproof.engine.evaluate.PolicyEvaluator;
import io.meshproof.engine.evaluate.Verdict;
import io.meshproof.engine.flow.Flow;
import io.meshproof.engine.inventory.Inventory;
import io.meshproof.grammar.Compilation;
import io.meshproof.grammar.PolicyCompiler;
import io.meshproof.grammar.facts.Glob;
import io.meshproof.grammar.tree.Selector;
import io.meshproof.grammar.tree.Statement;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The policies meshproof ships, evaluated on real captures. The expected verdicts are not written down
 * here: they are worked out from the corpus's ground truth ({@code expected.json}), by applying each
 * statement's selectors and requirement to the flows it lists, so the test says "meshproof agrees with
 * what really happened on the wire".
 */
class ShippedPoliciesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest(name = "{0} on {1}")
    @CsvSource({
        "seed.policy, seed-legacy-to-foo.pcap seed-foo-to-foo-mtls.pcap",
        "seed.policy, mixed-mesh.pcapng",
        "strict-mesh.policy, mixed-mesh.pcapng",
        "strict-mesh.policy, seed-legacy-to-foo.pcap seed-foo-to-foo-mtls.pcap"})
    void verdictsAgreeWithGroundTruth(String policyName, String captureNames) throws Exception {
        Compilation compilation = PolicyCompiler.compile(policyName, shipped(policyName));
        assertThat(compilation.errors()).isEmpty();
        List<String> captures = List.of(captureNames.split(" "));

        List<Flow> flows = new ArrayList<>();
        CaptureAnalyzer analyzer = new CaptureAnalyzer(inventory());
        for (String capture : captures) {
            flows.addAll(analyzer.read(resource("/captures/" + capture), flows.size() + 1, Progress.NONE).flows());
        }
        List<Verdict> verdicts = new PolicyEvaluator(compilation).evaluate(flows);

        List<Statement> statements = compilation.policy().orElseThrow().statements();
        assertThat(verdicts).hasSameSizeAs(statements);
        for (int i = 0; i < statements.size(); i++) {
            Expected expected = groundTruth(statements.get(i), captures);
            Verdict verdict = verdicts.get(i);
            assertThat(verdict.status().label()).as(verdict.statement()).isEqualTo(expected.status());
            assertThat(verdict.flows()).as(verdict.statement()).isEqualTo(expected.flows());
            Set<String> violating = new TreeSet<>();
            verdict.violations().forEach(v -> violating.add(v.client().ip() + ":" + v.client().port()));
            assertThat(violating).as(verdict.statement()).isEqualTo(expected.violating());
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"seed.policy", "strict-mesh.policy"})
    void shippedPolicyCompiles(String policyName) throws Exception {
        Compilation compilation = PolicyCompiler.compile(policyName, shipped(policyName));
        assertThat(compilation.errors()).isEmpty();
        assertThat(compilation.drl()).contains("rule \"s0 match");
    }

    private record Expected(String status, int flows, Set<String> violating) {
    }

    /** Applies a statement to the ground-truth flows of the captures. */
    private static Expected groundTruth(Statement statement, List<String> captures) throws IOException {
        JsonNode files = JSON.readTree(ShippedPoliciesTest.class.getResourceAsStream("/captures/expected.json"))
                .get("files");
        int matched = 0;
        Set<String> violating = new TreeSet<>();
        for (String capture : captures) {
            for (JsonNode flow : files.get(capture).get("flows")) {
                if (flow.get("local_hop").asBoolean()
                        || !selects(statement.from(), flow.get("client"), flow.get("source"))
                        || !selects(statement.to(), flow.get("server"), flow.get("destination"))
                        || (statement.port().isPresent()
                                && flow.get("server").get("port").asInt() != statement.port().getAsInt())) {
                    continue;
                }
                matched++;
                if (!satisfies(statement, flow)) {
                    violating.add(flow.get("client").get("ip").asText() + ":" + flow.get("client").get("port").asText());
                }
            }
        }
        String status = matched == 0 ? "not-observed" : violating.isEmpty() ? "pass" : "fail";
        return new Expected(status, matched, violating);
    }

    private static boolean selects(Selector selector, JsonNode address, JsonNode identity) {
        if (selector instanceof Selector.Any) {
            return true;
        }
        if (selector instanceof Selector.Namespace namespace) {
            return namespace.name().equals(identity.path("namespace").asText(null));
        }
        if (selector instanceof Selector.Pod pod) {
            return "pod".equals(identity.path("kind").asText())
                    && Glob.matches(pod.namespaceGlob(), identity.path("namespace").asText())
                    && Glob.matches(pod.nameGlob(), identity.path("pod").asText());
        }
        if (selector instanceof Selector.Address block) {
            return block.cidr().contains(address.get("ip").asText());
        }
        throw new IllegalArgumentException("selector not covered by this test: " + selector);
    }

    private static boolean satisfies(Statement statement, JsonNode flow) {
        boolean tls = "tls".equals(flow.get("transport").asText());
        String evidence = tls ? flow.get("tls").get("evidence_without_keys").asText() : "plaintext";
        return switch (statement.requirement()) {
            case MTLS -> evidence.equals("proven") || evidence.equals("inferred");
            case TLS, NOT_PLAINTEXT -> tls;
            case PLAINTEXT -> !tls;
        };
    }

    private static String shipped(String name) throws IOException {
        try (InputStream in = ShippedPoliciesTest.class.getResourceAsStream("/io/meshproof/rules/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static Inventory inventory() throws Exception {
        return Inventory.load(List.of(resource("/inventory/pods.json"), resource("/inventory/services.json")));
    }

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(ShippedPoliciesTest.class.getResource(name).toURI());
    }
}
