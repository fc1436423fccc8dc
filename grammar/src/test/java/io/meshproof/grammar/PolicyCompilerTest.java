package io.meshproof.grammar;

import static io.meshproof.grammar.Flows.external;
import static io.meshproof.grammar.Flows.localHop;
import static io.meshproof.grammar.Flows.opaque;
import static io.meshproof.grammar.Flows.plaintext;
import static io.meshproof.grammar.Flows.pod;
import static io.meshproof.grammar.Flows.tls;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshproof.grammar.DroolsHarness.Call;
import io.meshproof.grammar.facts.EndpointFact;
import org.junit.jupiter.api.Test;

class PolicyCompilerTest {
    private static final EndpointFact LEGACY = pod("legacy", "sleep-1", "10.244.2.5", 40000);
    private static final EndpointFact FOO_SLEEP = pod("foo", "sleep-7d9", "10.244.1.9", 40001);
    private static final EndpointFact FOO_WEB = pod("foo", "httpbin-1", "10.244.1.20", 80);
    private static final EndpointFact FOO_WEB_8000 = pod("foo", "httpbin-1", "10.244.1.20", 8000);
    private static final EndpointFact BAR_WEB = pod("bar", "httpbin-2", "10.244.3.20", 80);

    private static DroolsHarness compile(String text) {
        Compilation compilation = PolicyCompiler.compile("audit.policy", text);
        assertThat(compilation.errors()).isEmpty();
        assertThat(compilation.succeeded()).isTrue();
        return DroolsHarness.build(compilation.drl());
    }

    private static Call matched(int statement, String flow) {
        return new Call("matched", statement, flow, null);
    }

    private static Call violated(int statement, String flow, String reason) {
        return new Call("violated", statement, flow, reason);
    }

    @Test
    void writesReadableDrl_whenStatementIsNamed() {
        String drl = PolicyCompiler.compile("audit.policy", "rule foo-only-mtls:\n"
                + "    flow from ns:legacy to pod:foo/web-* port 80 must be mtls\n").drl();

        assertThat(drl).isEqualTo("""
                package io.meshproof.policy;

                import io.meshproof.grammar.facts.FlowFact;
                import io.meshproof.grammar.facts.Requirements;

                global io.meshproof.grammar.facts.VerdictCollector verdicts;

                // statement 0, line 2
                rule "s0 match foo-only-mtls"
                when
                    $f : FlowFact( local == false, client.namespace == "legacy", \
                server.podMatches("foo", "web-*"), server.port == 80 )
                then
                    verdicts.matched(0, $f);
                end

                rule "s0 violation foo-only-mtls"
                when
                    $f : FlowFact( local == false, client.namespace == "legacy", \
                server.podMatches("foo", "web-*"), server.port == 80, mutual == false )
                then
                    verdicts.violated(0, $f, Requirements.reason("mtls", $f));
                end
                """);
    }

    @Test
    void reportsPlaintextViolation_whenLegacyTalksPlaintextToFoo() {
        DroolsHarness drools = compile("flow from ns:legacy to ns:foo must be mtls");

        assertThat(drools.evaluate(plaintext("1", LEGACY, FOO_WEB), plaintext("2", LEGACY, BAR_WEB)))
                .containsExactly(matched(0, "1"), violated(0, "1", "plaintext (mtls required)"));
    }

    @Test
    void neverMatches_whenFlowIsALocalHop() {
        DroolsHarness drools = compile("flow from any to any must be mtls");

        assertThat(drools.evaluate(localHop("1", FOO_WEB, FOO_WEB))).isEmpty();
    }

    @Test
    void acceptsProvenAndInferred_whenMtlsIsRequired() {
        DroolsHarness drools = compile("flow from any to ns:foo must be mtls");

        assertThat(drools.evaluate(tls("proven", LEGACY, FOO_WEB, "proven"), tls("inferred", LEGACY, FOO_WEB,
                "inferred"), tls("absent", LEGACY, FOO_WEB, "absent"), tls("unknown", LEGACY, FOO_WEB, "unknown"),
                opaque("opaque", LEGACY, FOO_WEB)))
                .containsExactly(matched(0, "absent"), matched(0, "inferred"), matched(0, "opaque"),
                        matched(0, "proven"), matched(0, "unknown"),
                        violated(0, "absent", "TLS without client certificate (evidence absent)"),
                        violated(0, "opaque", "protocol not recognised as TLS (mtls required)"),
                        violated(0, "unknown",
                                "client authentication unknown (handshake not captured or session resumed)"));
    }

    @Test
    void acceptsOnlyProven_whenMtlsProvenIsRequired() {
        DroolsHarness drools = compile("flow from any to ns:foo must be mtls proven");

        assertThat(drools.evaluate(tls("proven", LEGACY, FOO_WEB, "proven"), tls("inferred", LEGACY, FOO_WEB,
                "inferred"), tls("absent", LEGACY, FOO_WEB, "absent"), tls("unknown", LEGACY, FOO_WEB, "unknown"),
                plaintext("plain", LEGACY, FOO_WEB)))
                .containsExactly(matched(0, "absent"), matched(0, "inferred"), matched(0, "plain"),
                        matched(0, "proven"), matched(0, "unknown"),
                        violated(0, "absent", "TLS without client certificate (evidence absent)"),
                        violated(0, "inferred", "client authentication inferred, not proven (mtls proven required)"),
                        violated(0, "plain", "plaintext (mtls proven required)"),
                        violated(0, "unknown",
                                "client authentication unknown (handshake not captured or session resumed)"));
    }

    @Test
    void acceptsAnyTls_whenTlsIsRequired() {
        DroolsHarness drools = compile("flow from pod:foo/sleep-* to ip:10.244.1.0/24 must be tls");

        assertThat(drools.evaluate(tls("1", FOO_SLEEP, FOO_WEB, "absent"), tls("2", FOO_SLEEP, FOO_WEB, "unknown"),
                plaintext("3", FOO_SLEEP, FOO_WEB), plaintext("4", LEGACY, FOO_WEB),
                plaintext("5", FOO_SLEEP, BAR_WEB)))
                .containsExactly(matched(0, "1"), matched(0, "2"), matched(0, "3"),
                        violated(0, "3", "plaintext (tls required)"));
    }

    @Test
    void acceptsTlsAndOpaque_whenPlaintextIsForbidden() {
        EndpointFact api = external("203.0.113.10", 443);
        DroolsHarness drools = compile("flow from any to ip:203.0.113.10 must not be plaintext");

        assertThat(drools.evaluate(tls("1", FOO_SLEEP, api, "absent"), opaque("2", FOO_SLEEP, api),
                plaintext("3", FOO_SLEEP, api), plaintext("4", FOO_SLEEP, external("203.0.113.11", 443))))
                .containsExactly(matched(0, "1"), matched(0, "2"), matched(0, "3"),
                        violated(0, "3", "plaintext http (plaintext forbidden)"));
    }

    @Test
    void reportsTls_whenPlaintextIsRequired() {
        DroolsHarness drools = compile("flow from ns:legacy to any must be plaintext");

        assertThat(drools.evaluate(plaintext("1", LEGACY, FOO_WEB), tls("2", LEGACY, BAR_WEB, "proven")))
                .containsExactly(matched(0, "1"), matched(0, "2"), violated(0, "2", "TLS (plaintext required)"));
    }

    @Test
    void limitsToServerPort_whenPortIsGiven() {
        DroolsHarness drools = compile("flow from ns:foo to ns:foo port 80 must be mtls");

        assertThat(drools.evaluate(plaintext("1", FOO_SLEEP, FOO_WEB), plaintext("2", FOO_SLEEP, FOO_WEB_8000)))
                .containsExactly(matched(0, "1"), violated(0, "1", "plaintext (mtls required)"));
    }

    @Test
    void matchesIpv6Blocks_whenSelectorIsIpv6() {
        EndpointFact v6Client = pod("foo", "sleep-1", "fd00:10:244:0:0:0:0:5", 40000);
        EndpointFact v6Server = pod("bar", "web-1", "fd00:10:245:0:0:0:0:6", 80);
        DroolsHarness drools = compile("flow from ip:fd00:10:244::/48 to any must be tls");

        assertThat(drools.evaluate(plaintext("1", v6Client, v6Server), plaintext("2", v6Server, v6Client)))
                .containsExactly(matched(0, "1"), violated(0, "1", "plaintext (tls required)"));
    }

    @Test
    void numbersStatementsInOrder_whenPolicyHasSeveral() {
        DroolsHarness drools = compile("""
                # comment
                rule foo-only-mtls:
                    flow from any to ns:foo must be mtls
                flow from ns:legacy to ns:foo must be mtls
                flow from ns:foo to ns:foo port 80 must be mtls
                flow from pod:foo/sleep-* to ip:10.244.1.0/24 must be tls
                flow from any to ip:203.0.113.10 must not be plaintext
                flow from ns:legacy to any must be plaintext
                """);

        assertThat(drools.evaluate(plaintext("1", LEGACY, FOO_WEB), tls("2", FOO_SLEEP, FOO_WEB, "proven")))
                .containsExactly(matched(0, "1"), matched(0, "2"), violated(0, "1", "plaintext (mtls required)"),
                        matched(1, "1"), violated(1, "1", "plaintext (mtls required)"),
                        matched(2, "2"), matched(3, "2"), matched(5, "1"));
    }
}
