package io.meshproof.engine.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InventoryTest {
    private static final Inventory CLUSTER = load("pods.json", "services.json");

    @Test
    void resolvesPodWithoutSidecar_whenAddressIsItsPodIp() {
        Endpoint sleep = CLUSTER.resolve(address("10.244.2.23"));

        assertThat(sleep.kind()).isEqualTo("pod");
        assertThat(sleep.namespace()).isEqualTo("legacy");
        assertThat(sleep.name()).isEqualTo("sleep-pp7nskwnsw-6sfz8");
        assertThat(sleep.app()).isEqualTo("sleep");
        assertThat(sleep.serviceAccount()).isEqualTo("sleep");
        assertThat(sleep.sidecar()).isFalse();
        assertThat(sleep.node()).isEqualTo("kind-worker2");
        assertThat(sleep.ip()).isEqualTo("10.244.2.23");
    }

    @Test
    void resolvesMeshedPod_whenItHasAnIstioProxyContainer() {
        Endpoint httpbin = CLUSTER.resolve(address("10.244.1.12"));

        assertThat(httpbin).extracting(Endpoint::kind, Endpoint::namespace, Endpoint::name, Endpoint::app,
                        Endpoint::serviceAccount, Endpoint::sidecar, Endpoint::node)
                .containsExactly("pod", "foo", "httpbin-vbcjkdtmnv-s676x", "httpbin", "httpbin", true, "kind-worker");
        assertThat(httpbin.labels()).containsEntry("security.istio.io/tlsMode", "istio");
    }

    @Test
    void resolvesService_whenAddressIsAClusterIp() {
        Endpoint dns = CLUSTER.resolve(address("10.96.0.10"));

        assertThat(dns).extracting(Endpoint::kind, Endpoint::namespace, Endpoint::name, Endpoint::sidecar)
                .containsExactly("service", "kube-system", "kube-dns", false);
        assertThat(CLUSTER.resolve(address("10.96.118.47")).app()).isEqualTo("httpbin");
    }

    @Test
    void resolvesPod_whenAddressIsIpv6() {
        Endpoint legacySleep = CLUSTER.resolve(address("fd00:10:244:2::17"));
        Endpoint istiod = CLUSTER.resolve(address("fd00:10:244::5"));

        assertThat(legacySleep.name()).isEqualTo("sleep-pp7nskwnsw-6sfz8");
        assertThat(legacySleep.ip()).isEqualTo("fd00:10:244:2::17");
        assertThat(istiod.name()).isEqualTo("istiod-tkl4rzkvf9-hrd2t");
        assertThat(istiod.ip()).isEqualTo("fd00:10:244::5");
        assertThat(CLUSTER.resolve(address("fd00:10:244:1::c")).sidecar()).isTrue();
    }

    @Test
    void resolvesExternal_whenAddressLiesOutsideEveryClusterRange() {
        assertThat(CLUSTER.resolve(address("203.0.113.10")))
                .isEqualTo(new Endpoint("203.0.113.10", "external", null, null, null, null, false, null, null));
        assertThat(CLUSTER.resolve(address("2001:db8::1")).kind()).isEqualTo("external");
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.6", "::6", "::1", "169.254.1.1", "fe80::1", "10.244.9.9", "10.96.1.1",
        "fd00:10:244:7::1"})
    void resolvesUnknown_whenAddressIsLocalOrUnlistedInsideARange(String ip) {
        assertThat(CLUSTER.resolve(address(ip)).kind()).isEqualTo("unknown");
    }

    @Test
    void findsPod_byNamespaceAndName() {
        assertThat(CLUSTER.findPod("foo", "sleep-2lckslfmsf-98nxw")).hasValueSatisfying(pod -> {
            assertThat(pod.ip()).isEqualTo("10.244.2.7");
            assertThat(pod.sidecar()).isTrue();
        });
        assertThat(CLUSTER.findPod("foo", "nope")).isEmpty();
    }

    @Test
    void resolvesTheSame_whenPodsAreGivenAsYaml() {
        Inventory fromYaml = load("pods.yaml", "services.json");

        for (String ip : List.of("10.244.2.23", "10.244.1.12", "10.96.0.10", "fd00:10:244:2::17", "203.0.113.10",
                "10.244.0.3", "fd00:10:244:1::9")) {
            assertThat(fromYaml.resolve(address(ip))).isEqualTo(CLUSTER.resolve(address(ip)));
        }
    }

    @Test
    void givesNodeAddressToHostNetworkPod_onlyWhenItIsTheOnlyClaim() {
        Inventory inventory = load("host-network.yaml");

        assertThat(inventory.resolve(address("172.18.0.4")).name()).isEqualTo("kube-proxy-b");
        assertThat(inventory.resolve(address("172.18.0.4")).app()).isEqualTo("kube-proxy");
        assertThat(inventory.resolve(address("172.18.0.3")))
                .extracting(Endpoint::kind, Endpoint::name, Endpoint::node)
                .containsExactly("unknown", null, "kind-worker");
    }

    @Test
    void prefersRunningPod_whenAFinishedPodHadTheSameAddress() {
        Endpoint worker = load("host-network.yaml").resolve(address("10.244.1.40"));

        assertThat(worker.name()).isEqualTo("worker-now");
        assertThat(worker.sidecar()).isTrue();
    }

    @Test
    void resolvesByPrivateUse_whenInventoryIsEmpty() {
        assertThat(Inventory.empty().resolve(address("10.244.1.12")).kind()).isEqualTo("unknown");
        assertThat(Inventory.empty().resolve(address("203.0.113.10")).kind()).isEqualTo("external");
    }

    @Test
    void failsWithFileName_whenFileIsMissing() {
        assertThatThrownBy(() -> Inventory.load(List.of(Path.of("nope.json"))))
                .isInstanceOf(InventoryException.class)
                .hasMessage("nope.json: no such file");
    }

    @Test
    void failsWithLineAndColumn_whenJsonIsInvalid() {
        Path file = resource("invalid.json");

        assertThatThrownBy(() -> Inventory.load(List.of(file)))
                .isInstanceOf(InventoryException.class)
                .hasMessage(file + ":4:20: invalid JSON: Unexpected character (',' (code 44)): "
                        + "was expecting double-quote to start field name");
    }

    @Test
    void failsWithLineAndColumn_whenYamlIsInvalid() {
        Path file = resource("invalid.yaml");

        assertThatThrownBy(() -> Inventory.load(List.of(file)))
                .isInstanceOf(InventoryException.class)
                .hasMessage(file + ":4:1: invalid YAML: expected ',' or ']', but got <stream end>");
    }

    @Test
    void failsWithWhatWasFound_whenJsonIsNotAKubernetesList() {
        Path file = resource("not-a-list.json");

        assertThatThrownBy(() -> Inventory.load(List.of(file)))
                .isInstanceOf(InventoryException.class)
                .hasMessage(file + ":3:7: expected a JSON object with 'items' or 'kind', found an array");
    }

    @Test
    void failsWithKind_whenSingleObjectIsNeitherPodNorService() {
        Path file = resource("deployment.json");

        assertThatThrownBy(() -> Inventory.load(List.of(file)))
                .isInstanceOf(InventoryException.class)
                .hasMessage(file + ":1:1: expected kind Pod, Service or a List, found 'Deployment'");
    }

    @Test
    void failsWithKinds_whenListHoldsNoPodOrService(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path file = dir.resolve("deployments.json");
        java.nio.file.Files.writeString(file, "{\"kind\": \"List\", \"items\": [{\"kind\": \"Deployment\"},"
                + " {\"kind\": \"Node\"}]}");

        assertThatThrownBy(() -> Inventory.load(List.of(file)))
                .isInstanceOf(InventoryException.class)
                .hasMessage(file + ":1:1: expected a list of Pods or Services, found Deployment, Node");
    }

    private static Inventory load(String... names) {
        try {
            return Inventory.load(Arrays.stream(names).map(InventoryTest::resource).toList());
        } catch (InventoryException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    private static Path resource(String name) {
        try {
            return Path.of(InventoryTest.class.getResource("/inventory/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }

    @Test
    void namesTheOpeningBrace_notJacksonsInternals_whenJsonEndsEarly(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("pods.json");
        Files.writeString(file, "{\"items\": [{\"kind\": \"Pod\"");

        assertThatThrownBy(() -> Inventory.load(List.of(file))).isInstanceOf(InventoryException.class)
                .hasMessage(file + ":1:26: invalid JSON: Unexpected end-of-input: expected close marker for Object "
                        + "(start marker at 1:12)");
    }

    @Test
    void saysNotText_withThePlaceOfTheFirstBadByte(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("pods.json");
        Files.write(file, "{\"items\": [],\n \"x\": \"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1));

        assertThatThrownBy(() -> Inventory.load(List.of(file))).isInstanceOf(InventoryException.class)
                .hasMessage(file + ":2:11: not a text file (invalid UTF-8); expected the JSON or YAML of kubectl "
                        + "get -o json or -o yaml");
    }
}
