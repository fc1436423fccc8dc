package io.meshproof.repl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands as a user types them, on the bundled examples (the same files the README's command uses). */
class CommandLineTest {
    private static final String EXAMPLES = Path.of("..", "examples").toString();
    private static final String PODS = EXAMPLES + "/inventory/pods.json";
    private static final String SERVICES = EXAMPLES + "/inventory/services.json";
    private static final String LEGACY = EXAMPLES + "/captures/seed-legacy-to-foo.pcap";
    private static final String MTLS = EXAMPLES + "/captures/seed-foo-to-foo-mtls.pcap";
    private static final String SEED_POLICY = EXAMPLES + "/seed.policy";
    private static final String PROVEN_POLICY = EXAMPLES + "/seed-proven.policy";
    private static final String MTLS_KEYS = EXAMPLES + "/captures/seed-foo-to-foo-mtls.keys";

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return MeshproofCommand.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @Test
    void seedCheckFailsLegacyAndPassesMtls_withInferredEvidence() {
        int code = run("check", "--policy", SEED_POLICY, "--inventory", PODS, "--inventory", SERVICES, LEGACY, MTLS);

        assertThat(code).isEqualTo(1);
        String text = out.toString();
        assertThat(text).contains("FAIL         flow from ns:legacy to ns:foo must be mtls  "
                + "(1 flow, weakest evidence plaintext)");
        assertThat(text).contains("#1 legacy/sleep-pp7nskwnsw-6sfz8 10.244.2.23:41001 -> "
                + "foo/httpbin-vbcjkdtmnv-s676x 10.244.1.12:80 plaintext http GET /ip");
        assertThat(text).contains("plaintext (mtls required)");
        assertThat(text).contains("PASS         flow from ns:foo to ns:foo must be mtls  "
                + "(1 flow, weakest evidence inferred)");
        assertThat(text).contains("1 passed, 1 failed, 0 not observed; 4 flows in 2 captures "
                + "(2 local hops inside pods not checked)");
        assertThat(text).doesNotContain("127.0.0.6");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void seedCheckAsJson_givesContractKeys() throws Exception {
        int code = run("check", "--format", "json", "--policy", SEED_POLICY, "--inventory", PODS,
                "--inventory", SERVICES, LEGACY, MTLS);

        assertThat(code).isEqualTo(1);
        JsonNode verdicts = new ObjectMapper().readTree(out.toString()).get("verdicts");
        assertThat(verdicts).hasSize(2);
        JsonNode legacy = verdicts.get(0);
        assertThat(legacy.get("statement").asText()).isEqualTo("flow from ns:legacy to ns:foo must be mtls");
        assertThat(legacy.get("line").asInt()).isEqualTo(3);
        assertThat(legacy.get("status").asText()).isEqualTo("fail");
        assertThat(legacy.get("flows").asInt()).isEqualTo(1);
        JsonNode violation = legacy.get("violations").get(0);
        assertThat(violation.get("client").get("pod").asText()).isEqualTo("sleep-pp7nskwnsw-6sfz8");
        assertThat(violation.get("server").get("ip").asText()).isEqualTo("10.244.1.12");
        assertThat(violation.get("reason").asText()).isEqualTo("plaintext (mtls required)");
        JsonNode mtls = verdicts.get(1);
        assertThat(mtls.get("status").asText()).isEqualTo("pass");
        assertThat(mtls.get("evidence").asText()).isEqualTo("inferred");
        assertThat(mtls.get("violations")).isEmpty();
    }

    @Test
    void flowsAsJson_describesTheMtlsFlowAndTheLocalHop() throws Exception {
        int code = run("flows", "--format", "json", "--inventory", PODS, "--inventory", SERVICES, MTLS);

        assertThat(code).isZero();
        JsonNode flows = new ObjectMapper().readTree(out.toString());
        assertThat(flows).hasSize(2);
        JsonNode mesh = flows.get(0);
        assertThat(mesh.get("app").asText()).isEqualTo("tls");
        assertThat(mesh.get("local").asBoolean()).isFalse();
        assertThat(mesh.get("client").get("namespace").asText()).isEqualTo("foo");
        assertThat(mesh.get("client").get("serviceAccount").asText()).isEqualTo("sleep");
        assertThat(mesh.get("client").get("sidecar").asBoolean()).isTrue();
        assertThat(mesh.get("tls").get("version").asText()).isEqualTo("1.3");
        assertThat(mesh.get("tls").get("sni").asText()).isEqualTo("outbound_.8000_._.httpbin.foo.svc.cluster.local");
        assertThat(mesh.get("tls").get("alpnOffered").toString()).isEqualTo("[\"istio-http/1.1\",\"istio\",\"http/1.1\"]");
        assertThat(mesh.get("tls").get("alpnSelected").isNull()).isTrue();
        assertThat(mesh.get("tls").get("cipher").asText()).isEqualTo("TLS_AES_128_GCM_SHA256");
        assertThat(mesh.get("tls").get("clientAuth").asText()).isEqualTo("inferred");
        assertThat(mesh.get("packets").get("toServer").asInt()).isEqualTo(11);
        assertThat(mesh.get("packets").get("toClient").asInt()).isEqualTo(8);
        JsonNode hop = flows.get(1);
        assertThat(hop.get("local").asBoolean()).isTrue();
        assertThat(hop.get("client").get("ip").asText()).isEqualTo("127.0.0.6");
        assertThat(hop.get("http").get(0).get("path").asText()).isEqualTo("/ip");
        assertThat(hop.get("tls").isNull()).isTrue();
    }

    @Test
    void flowsTable_listsEachFlow() {
        int code = run("flows", "--inventory", PODS, "--inventory", SERVICES, LEGACY);

        assertThat(code).isZero();
        assertThat(out.toString()).contains("legacy/sleep-pp7nskwnsw-6sfz8 10.244.2.23:41001")
                .contains("GET /ip 200").contains("http (local)");
    }

    @Test
    void missingCapture_isUnusableInput() {
        int code = run("flows", "no-such.pcap");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("meshproof: error: no-such.pcap: no such file" + System.lineSeparator());
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void fileThatIsNotACapture_isUnusableInput() {
        int code = run("flows", SEED_POLICY);

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).startsWith("meshproof: error: " + SEED_POLICY + ": not a capture file");
    }

    @Test
    void policyErrors_arePrintedLikeACompilersAllAtOnce() {
        String policy = Path.of("src", "test", "resources", "policies", "misspelt.policy").toString();
        int code = run("check", "--policy", policy, LEGACY);

        assertThat(code).isEqualTo(2);
        String nl = System.lineSeparator();
        assertThat(err.toString()).startsWith(policy + ":2:39: error: expected 'mtls', 'tls' or 'plaintext', found 'mlts'" + nl
                + "    flow from ns:legacy to ns:foo must be mlts" + nl
                + "                                          ^^^^" + nl
                + policy + ":3:11: error: ");
        assertThat(err.toString()).endsWith("meshproof: error: " + policy + ": 2 errors in the policy" + nl);
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void missingPolicy_isUnusableInput() {
        int code = run("check", "--policy", "nope.policy", LEGACY);

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("meshproof: error: nope.policy: no such file" + System.lineSeparator());
    }

    @Test
    void badInventory_isUnusableInput(@TempDir Path dir) throws Exception {
        Path broken = dir.resolve("pods.json");
        Files.writeString(broken, "{\"items\": [");
        int code = run("flows", "--inventory", broken.toString(), LEGACY);

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).startsWith("meshproof: error: " + broken);
    }

    @Test
    void unknownOption_isUnusableInputWithAHint() {
        int code = run("flows", "--inventry", "pods.json", LEGACY);

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).startsWith("meshproof: error: Unknown option: '--inventry'")
                .endsWith("Try 'meshproof flows --help' for more." + System.lineSeparator());
    }

    @Test
    void compilePrintsDrl() {
        int code = run("compile", SEED_POLICY);

        assertThat(code).isZero();
        assertThat(out.toString()).contains("global io.meshproof.grammar.facts.VerdictCollector verdicts;")
                .contains("client.namespace == \"legacy\"");
    }

    @Test
    void everyCommandHasHelp() {
        for (String command : new String[] {"check", "flows", "dissect", "compile"}) {
            out.getBuffer().setLength(0);
            assertThat(run(command, "--help")).isZero();
            assertThat(out.toString()).startsWith("Usage: meshproof " + command);
        }
        out.getBuffer().setLength(0);
        assertThat(run("--version")).isZero();
        assertThat(out.toString()).startsWith("meshproof ");
    }

    @Test
    void mtlsProvenPasses_withTheKeyLog() {
        int code = run("check", "--policy", PROVEN_POLICY, "--keylog", MTLS_KEYS, "--inventory", PODS,
                "--inventory", SERVICES, MTLS);

        assertThat(code).isZero();
        assertThat(out.toString()).contains("PASS         flow from ns:foo to ns:foo must be mtls proven  "
                + "(1 flow, weakest evidence proven)");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void mtlsProvenFailsNamingInferredEvidence_withoutTheKeyLog() {
        int code = run("check", "--policy", PROVEN_POLICY, "--inventory", PODS, "--inventory", SERVICES, MTLS);

        assertThat(code).isEqualTo(1);
        assertThat(out.toString()).contains("FAIL         flow from ns:foo to ns:foo must be mtls proven  "
                + "(1 flow, weakest evidence inferred)")
                .contains("tls 1.3 client-auth inferred")
                .contains("client authentication inferred, not proven (mtls proven required)");
    }

    @Test
    void flowsWithKeyLog_showTheDecryptedHandshakeAndRequest_neverTheSecrets() throws Exception {
        int code = run("flows", "--format", "json", "--keylog", MTLS_KEYS, "--inventory", PODS,
                "--inventory", SERVICES, MTLS);

        assertThat(code).isZero();
        JsonNode mesh = new ObjectMapper().readTree(out.toString()).get(0);
        JsonNode tls = mesh.get("tls");
        assertThat(tls.get("decrypted").asBoolean()).isTrue();
        assertThat(tls.get("decryptedWith").asText()).isEqualTo("file " + MTLS_KEYS);
        assertThat(tls.get("alpnSelected").asText()).isEqualTo("http/1.1");
        assertThat(tls.get("certificateRequest").asBoolean()).isTrue();
        assertThat(tls.get("clientAuth").asText()).isEqualTo("proven");
        assertThat(tls.get("clientIdentity").asText()).isEqualTo("spiffe://cluster.local/ns/foo/sa/sleep");
        assertThat(tls.get("serverIdentity").asText()).isEqualTo("spiffe://cluster.local/ns/foo/sa/httpbin");
        assertThat(mesh.get("decryptedApp").asText()).isEqualTo("http/1.1");
        JsonNode request = mesh.get("http").get(0);
        assertThat(request.get("method").asText() + " " + request.get("path").asText() + " "
                + request.get("host").asText() + " " + request.get("status").asInt()).isEqualTo(
                "GET /ip httpbin.foo:8000 200");
        assertThat(request.get("decrypted").asBoolean()).isTrue();
        assertThat(mesh.get("anomalies")).isEmpty();
        assertSecretsNotShown(Files.readString(Path.of(MTLS_KEYS)));
    }

    @Test
    void wrongKeyLog_decryptsNothingAndSaysSoOnce_verdictUnchanged(@TempDir Path dir) throws Exception {
        // the seed connection's client random with secrets that are not its own
        Path wrong = dir.resolve("wrong.keys");
        Files.writeString(wrong, Files.readString(Path.of(MTLS_KEYS))
                .replaceAll("(?m) [0-9a-f]{64}$", " " + "5a".repeat(32)));

        int flows = run("flows", "--format", "json", "--keylog", wrong.toString(), MTLS);
        JsonNode mesh = new ObjectMapper().readTree(out.toString()).get(0);
        out.getBuffer().setLength(0);
        int check = run("check", "--policy", PROVEN_POLICY, "--keylog", wrong.toString(), "--inventory", PODS,
                "--inventory", SERVICES, MTLS);

        assertThat(flows).isZero();
        assertThat(mesh.get("tls").get("decrypted").asBoolean()).isFalse();
        assertThat(mesh.get("tls").get("clientAuth").asText()).isEqualTo("inferred");
        assertThat(mesh.get("http")).isEmpty();
        assertThat(mesh.get("anomalies")).singleElement().satisfies(a -> {
            assertThat(a.get("id").asText()).isEqualTo("tls.decrypt.failed");
            assertThat(a.get("detail").asText()).isEqualTo("the server's record 1 does not authenticate under the "
                    + "secrets from file " + wrong + " (secrets of another connection?); decryption of this "
                    + "connection stops");
        });
        assertThat(check).isEqualTo(1);
        assertThat(out.toString()).contains("weakest evidence inferred");
    }

    @Test
    void keyLogOfAnotherCapture_isNotedOncePerTlsFlow(@TempDir Path dir) throws Exception {
        Path other = dir.resolve("other.keys");
        Files.writeString(other, "CLIENT_RANDOM " + "11".repeat(32) + " " + "22".repeat(48) + "\n");

        int code = run("flows", "--format", "json", "--keylog", other.toString(), MTLS);

        assertThat(code).isZero();
        JsonNode flows = new ObjectMapper().readTree(out.toString());
        assertThat(flows.get(0).get("tls").get("clientAuth").asText()).isEqualTo("inferred");
        assertThat(flows.get(0).get("anomalies")).extracting(a -> a.get("id").asText())
                .containsExactly("tls.decrypt.no_secrets");
        assertThat(flows.get(1).get("anomalies")).isEmpty();
    }

    @Test
    void malformedKeyLogLines_areWarnedWithTheirLineNumber_andSkipped(@TempDir Path dir) throws Exception {
        Path keys = dir.resolve("damaged.keys");
        String good = Files.readString(Path.of(MTLS_KEYS));
        Files.writeString(keys, "# comment\nCLIENT_RANDOM abcd\n\nSERVER_TRAFFIC_SECRET_0 zz " + "ab".repeat(32)
                + "\n" + good);

        int code = run("check", "--policy", PROVEN_POLICY, "--inventory", PODS, "--keylog", keys.toString(), MTLS);

        assertThat(code).isZero();
        assertThat(err.toString()).isEqualTo("meshproof: warning: " + keys + ":2: expected LABEL CLIENT_RANDOM "
                + "SECRET, found 2 fields; line skipped" + System.lineSeparator()
                + "meshproof: warning: " + keys + ":4: client random is not 64 hex digits (2 characters); "
                + "line skipped" + System.lineSeparator());
    }

    @Test
    void missingKeyLog_isUnusableInput() {
        int code = run("flows", "--keylog", "no-such.keys", MTLS);

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("meshproof: error: no-such.keys: no such file" + System.lineSeparator());
    }

    private void assertSecretsNotShown(String keyLog) {
        for (String line : keyLog.split("\n")) {
            String[] fields = line.split(" ");
            if (fields.length == 3) {
                assertThat(out.toString() + err.toString()).doesNotContain(fields[2]);
            }
        }
    }

    @Test
    void warnsOfANamespaceTheInventoryDoesNotKnow(@TempDir Path dir) throws Exception {
        Path policy = dir.resolve("typo.policy");
        Files.writeString(policy, "flow from any to ns:fooo must be mtls\n");
        int code = run("check", "--policy", policy.toString(), "--inventory", PODS, LEGACY);

        assertThat(code).isZero();
        assertThat(err.toString()).isEqualTo("meshproof: warning: " + policy + ":1:18: namespace 'fooo' has no pod "
                + "or service in the inventory (it has: bar, foo, istio-system, kube-system, legacy)"
                + System.lineSeparator());
    }

    @Test
    void warnsThatNamespacesCannotMatch_whenNoInventoryIsGiven() {
        int code = run("check", "--policy", SEED_POLICY, LEGACY);

        assertThat(code).isZero();
        assertThat(err.toString()).isEqualTo("meshproof: warning: no --inventory given: addresses resolve to no "
                + "namespace, so ns: and pod: selectors match nothing" + System.lineSeparator());
    }

    @Test
    void refusesAPolicyWithoutStatements(@TempDir Path dir) throws Exception {
        Path policy = dir.resolve("empty.policy");
        Files.writeString(policy, "# only a comment\n\n");
        int code = run("check", "--policy", policy.toString(), LEGACY);

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("meshproof: error: " + policy + ": the policy has no statements"
                + System.lineSeparator());
    }

    @Test
    void saysWhyNoFlowWasFound_whenTheLinkTypeIsUnsupported(@TempDir Path dir) throws Exception {
        byte[] bytes = Files.readAllBytes(Path.of(LEGACY));
        // pcap file header, bytes 20..23: the link type, here 147 (a user-defined DLT), little-endian.
        bytes[20] = (byte) 147;
        bytes[21] = 0;
        Path capture = dir.resolve("user147.pcap");
        Files.write(capture, bytes);
        int code = run("flows", capture.toString());

        assertThat(code).isZero();
        assertThat(out.toString()).startsWith("no flows");
        assertThat(err.toString()).startsWith("meshproof: warning: " + capture + ": link.unsupported in 1 frame, "
                + "first in frame 1: ");
    }

    @Test
    void failedWrite_isNotASuccess() {
        java.io.Writer full = new java.io.Writer() {
            @Override
            public void write(char[] buffer, int offset, int length) throws java.io.IOException {
                throw new java.io.IOException("No space left on device");
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        int code = MeshproofCommand.run(new PrintWriter(full, true), new PrintWriter(err, true), "flows", LEGACY);

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("meshproof: error: the output could not be written completely "
                + "(disk full?)" + System.lineSeparator());
    }

    @Test
    void unknownCommand_namesTheCommands() {
        int code = run("chek", "--policy", SEED_POLICY);

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).startsWith("meshproof: error: unknown command 'chek' (commands: check, flows, "
                + "dissect, compile)");
    }

    @Test
    void writesNothing_whenALaterCaptureIsUnusable() {
        int code = run("flows", "--format", "json", LEGACY, "no-such.pcap");

        assertThat(code).isEqualTo(2);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString()).isEqualTo("meshproof: error: no-such.pcap: no such file" + System.lineSeparator());
    }

    @Test
    void reportsEveryUnusableCapture_beforeReadingAny() {
        int code = run("check", "--policy", SEED_POLICY, "--inventory", PODS, "missing-one.pcap", SEED_POLICY,
                LEGACY, "missing-two.pcap.gz");

        assertThat(code).isEqualTo(2);
        assertThat(out.toString()).isEmpty();
        String n = System.lineSeparator();
        assertThat(err.toString()).isEqualTo("meshproof: error: missing-one.pcap: no such file" + n
                + "meshproof: error: " + SEED_POLICY + ": not a capture file (starts with 23 20 54 68, expected a "
                + "pcap or pcapng magic number)" + n
                + "meshproof: error: missing-two.pcap.gz: no such file" + n);
    }

    @Test
    void readsACaptureGivenTwiceOnce_withAWarning() {
        String otherName = Path.of(EXAMPLES, "captures", "..", "captures", "seed-legacy-to-foo.pcap").toString();

        int code = run("check", "--policy", SEED_POLICY, "--inventory", PODS, "--inventory", SERVICES, LEGACY,
                MTLS, otherName, LEGACY);

        assertThat(code).isEqualTo(1);
        assertThat(out.toString()).contains("1 passed, 1 failed, 0 not observed; 4 flows in 2 captures");
        String n = System.lineSeparator();
        assertThat(err.toString()).isEqualTo("meshproof: warning: " + otherName + " is the same file as " + LEGACY
                + "; it is read once" + n + "meshproof: warning: " + LEGACY + " is given more than once; it is "
                + "read once" + n);
    }

    @Test
    void acceptsVerbose_beforeOrAfterTheCommand() {
        assertThat(run("-v", "compile", SEED_POLICY)).isZero();
        assertThat(run("compile", "-v", SEED_POLICY)).isZero();
        assertThat(run("flows", "-vv", LEGACY)).isZero();
        assertThat(run("--verbose", "flows", "--verbose", LEGACY)).isZero();
        assertThat(err.toString()).isEmpty();
        assertThat(out.toString()).contains("rule \"s0 match\"").contains("GET /ip 200");
    }

    @Test
    void keyLogGivenAsPolicy_isNamedNotQuoted() throws Exception {
        int code = run("compile", MTLS_KEYS);

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("meshproof: error: " + MTLS_KEYS + ": this is a TLS key log, not a "
                + "policy (key logs are given with --keylog); its lines are not shown" + System.lineSeparator());
        for (String line : Files.readAllLines(Path.of(MTLS_KEYS))) {
            String[] fields = line.split(" ");
            if (fields.length == 3) {
                assertThat(err.toString()).doesNotContain(fields[2].substring(0, 16));
            }
        }
    }

    @Test
    void policyWithAByteOrderMark_compiles(@TempDir Path dir) throws Exception {
        Path policy = dir.resolve("bom.policy");
        Files.writeString(policy, "\uFEFF" + Files.readString(Path.of(SEED_POLICY)));

        int code = run("check", "--policy", policy.toString(), "--inventory", PODS, "--inventory", SERVICES, LEGACY,
                MTLS);

        assertThat(code).isEqualTo(1);
        assertThat(out.toString()).contains("1 passed, 1 failed, 0 not observed");
    }

    @Test
    void policyThatIsNotUtf8_namesLineAndColumn(@TempDir Path dir) throws Exception {
        Path policy = dir.resolve("latin1.policy");
        Files.write(policy, "# caf\u00e9\nflow from ns:caf\u00e9 to any must be tls\n"
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));

        int code = run("compile", policy.toString());

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("meshproof: error: " + policy + ":1:6: not a text file (invalid UTF-8)"
                + System.lineSeparator());
    }

    @Test
    void directoryGivenAsCapture_isReportedWithTheOtherBadFiles(@TempDir Path dir) {
        int code = run("flows", dir.toString(), "missing.pcap");

        assertThat(code).isEqualTo(2);
        String n = System.lineSeparator();
        assertThat(err.toString()).isEqualTo("meshproof: error: " + dir + ": is a directory, not a capture file" + n
                + "meshproof: error: missing.pcap: no such file" + n);
    }

    @Test
    void keyLogThatIsNotText_saysSo() {
        int code = run("flows", "--keylog", LEGACY, MTLS);

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("meshproof: error: " + LEGACY + ": not a key log (not UTF-8 text)"
                + System.lineSeparator());
    }

    @Test
    void reportsEveryKindOfUnusableInput_inOneRun(@TempDir Path dir) throws Exception {
        Path policy = dir.resolve("bad.policy");
        Files.writeString(policy, "flow from ns:legacy to ns:foo must be mlts\n");
        Path inventory = dir.resolve("pods.json");
        Files.writeString(inventory, "{\"items\": [");

        int code = run("check", "--policy", policy.toString(), "--inventory", inventory.toString(), "--keylog",
                "nope.keys", LEGACY, "missing.pcap");

        assertThat(code).isEqualTo(2);
        assertThat(out.toString()).isEmpty();
        String n = System.lineSeparator();
        assertThat(err.toString()).isEqualTo(policy + ":1:39: error: expected 'mtls', 'tls' or 'plaintext', found "
                + "'mlts'" + n + "    flow from ns:legacy to ns:foo must be mlts" + n
                + "                                          ^^^^" + n
                + "meshproof: error: " + policy + ": 1 error in the policy" + n
                + "meshproof: error: " + inventory + ":1:12: invalid JSON: Unexpected end-of-input: expected close "
                + "marker for Array (start marker at 1:11)" + n
                + "meshproof: error: nope.keys: no such file" + n
                + "meshproof: error: missing.pcap: no such file" + n);
    }
}
