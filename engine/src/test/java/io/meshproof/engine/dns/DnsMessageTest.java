package io.meshproof.engine.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.meshproof.engine.anomaly.Anomaly;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class DnsMessageTest {
    private final List<Anomaly> anomalies = new ArrayList<>();

    /** One line of a datagram script written by {@code dns/extract_udp.py}. */
    private record Datagram(boolean query, long frame, int clientPort, byte[] payload) {
    }

    @Test
    void decodesQueriesAndAnswers_whenGivenRealKubeDnsTraffic() {
        List<Datagram> datagrams = load("/dns/dns.53.datagrams");
        Map<Integer, DnsMessage> responses = responsesByClientPort(datagrams);

        assertThat(responses.get(47001).answers()).extracting(DnsRecord::name, DnsRecord::type, DnsRecord::data)
                .containsExactly(tuple("httpbin.foo.svc.cluster.local", "A", "10.96.118.47"));
        assertThat(responses.get(47002).rcode()).isEqualTo("NXDOMAIN");
        assertThat(responses.get(47002).answers()).isEmpty();
        assertThat(responses.get(47002).authorities()).singleElement().satisfies(soa -> {
            assertThat(soa.type()).isEqualTo("SOA");
            assertThat(soa.data()).startsWith("ns.dns.cluster.local hostmaster.cluster.local ");
        });
        assertThat(responses.get(47003).answers()).extracting(DnsRecord::data).containsExactly("203.0.113.10");
        assertThat(responses.get(47003).answers().get(0).ttl()).isEqualTo(30);
        assertThat(responses.get(47004).questions()).containsExactly(
                new DnsQuestion("httpbin.legacy.svc.cluster.local", "AAAA", "IN"));
        assertThat(responses.get(47004).answers()).isEmpty();
        assertThat(anomalies).isEmpty();
    }

    @Test
    void decodesEveryConversation_asExpectedForTheMixedCapture() {
        Map<Integer, DnsMessage> responses = responsesByClientPort(load("/dns/mixed-mesh.53.datagrams"));

        assertThat(responses.entrySet().stream().sorted(Map.Entry.comparingByKey()).map(entry -> tuple(
                entry.getKey(), entry.getValue().questions().get(0).name(), entry.getValue().questions().get(0).type(),
                entry.getValue().rcode(), entry.getValue().answers().stream().map(DnsRecord::data).toList())))
                .containsExactly(
                        tuple(47001, "httpbin.foo.svc.cluster.local", "A", "NOERROR", List.of("10.96.118.47")),
                        tuple(47002, "api.example.test.foo.svc.cluster.local", "A", "NXDOMAIN", List.of()),
                        tuple(47003, "api.example.test", "A", "NOERROR", List.of("203.0.113.10")),
                        tuple(47004, "httpbin.legacy.svc.cluster.local", "AAAA", "NOERROR", List.of()),
                        tuple(48001, "httpbin.bar.svc.cluster.local", "A", "NOERROR", List.of("10.96.77.150")),
                        tuple(48002, "istiod.istio-system.svc.cluster.local", "A", "NOERROR",
                                List.of("10.96.41.203")),
                        tuple(48011, "httpbin.bar.svc.cluster.local.foo.svc.cluster.local", "A", "NXDOMAIN",
                                List.of()),
                        tuple(48016, "10-244-2-14.bar.pod.cluster.local", "A", "NOERROR", List.of("10.244.2.14")));
        assertThat(anomalies).isEmpty();
    }

    @Test
    void decodesQueryHeader_whenGivenRealQuery() {
        Datagram query = load("/dns/dns.53.datagrams").get(0);

        DnsMessage message = decode(query.payload(), query.frame());

        assertThat(message.response()).isFalse();
        assertThat(message.opcode()).isEqualTo("QUERY");
        assertThat(message.rcode()).isEqualTo("NOERROR");
        assertThat(message.frame()).isEqualTo(1);
        assertThat(message.complete()).isTrue();
        assertThat(DnsMessage.looksLikeDns(query.payload(), 0, query.payload().length)).isTrue();
    }

    @Test
    void decodesAaaaAndCname_whenRecordsUseCompression() {
        byte[] message = HexFormat.of().parseHex("12348180000100020000000001610000050001"
                + "c00c000500010000003c00050362626200"
                + "c01f001c0001000000050010fd000010024400010000000000000009");

        DnsMessage decoded = decode(message, 1);

        assertThat(decoded.questions()).containsExactly(new DnsQuestion("a", "CNAME", "IN"));
        assertThat(decoded.answers()).extracting(DnsRecord::name, DnsRecord::type, DnsRecord::data)
                .containsExactly(tuple("a", "CNAME", "bbb"), tuple("bbb", "AAAA", "fd00:10:244:1::9"));
    }

    @Test
    void reportsPointerLoop_whenPointerPointsAtItself() {
        byte[] message = HexFormat.of().parseHex("000101000001000000000000c00c00010001");

        DnsMessage decoded = decode(message, 3);

        assertThat(decoded.complete()).isFalse();
        assertThat(decoded.questions()).isEmpty();
        assertThat(anomalies).singleElement().satisfies(anomaly -> {
            assertThat(anomaly.id()).isEqualTo("dns.name.pointer_loop");
            assertThat(anomaly.frame()).isEqualTo(3);
            assertThat(anomaly.offset()).isEqualTo(12);
            assertThat(anomaly.detail()).isEqualTo("pointer at offset 12 to offset 12, expected an offset below 12");
        });
        assertThat(DnsMessage.looksLikeDns(message, 0, message.length)).isFalse();
    }

    @Test
    void reportsPointerLoop_whenTwoPointersPointAtEachOther() {
        // question 1 ends in a pointer forward into question 2, whose pointer leads back into question 1
        byte[] message = HexFormat.of().parseHex("000101000002000000000000" + "0161c014" + "00010001"
                + "0162c00c" + "00010001");

        decode(message, 1);

        assertThat(anomalies).extracting(Anomaly::id).containsExactly("dns.name.pointer_loop");
    }

    @Test
    void keepsQuestions_whenAnswerIsTruncated() {
        Datagram response = load("/dns/dns.53.datagrams").get(1);
        byte[] cut = Arrays.copyOf(response.payload(), response.payload().length - 3);

        DnsMessage decoded = decode(cut, 2);

        assertThat(decoded.questions()).extracting(DnsQuestion::name).containsExactly("httpbin.foo.svc.cluster.local");
        assertThat(decoded.answers()).isEmpty();
        assertThat(decoded.complete()).isFalse();
        assertThat(anomalies).extracting(Anomaly::id).containsExactly("dns.truncated");
    }

    @Test
    void returnsEmpty_whenHeaderIsIncomplete() {
        assertThat(DnsMessage.decode(new byte[5], 0, 5, 9, anomalies::add)).isEmpty();
        assertThat(anomalies).extracting(Anomaly::id).containsExactly("dns.truncated");
    }

    @Test
    void reportsLabelType_andRdataLength_whenMalformed() {
        decode(HexFormat.of().parseHex("000101000001000000000000" + "4100010001"), 1);
        decode(HexFormat.of().parseHex("000181800000000100000000" + "00000100010000000100030a0000"), 2);

        assertThat(anomalies).extracting(Anomaly::id)
                .containsExactly("dns.name.label_type_invalid", "dns.rdata.length_invalid");
    }

    @Test
    void rejectsNonDns_whenBytesAreSomethingElse() {
        byte[] http = "GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

        assertThat(DnsMessage.looksLikeDns(http, 0, http.length)).isFalse();
        assertThat(DnsMessage.looksLikeDns(new byte[12], 0, 12)).isFalse();
    }

    private DnsMessage decode(byte[] payload, long frame) {
        return DnsMessage.decode(payload, 0, payload.length, frame, anomalies::add).orElseThrow();
    }

    private Map<Integer, DnsMessage> responsesByClientPort(List<Datagram> datagrams) {
        return datagrams.stream().filter(datagram -> !datagram.query()).collect(Collectors.toMap(
                Datagram::clientPort, datagram -> decode(datagram.payload(), datagram.frame()),
                (first, second) -> first));
    }

    private static List<Datagram> load(String resource) {
        try (InputStream in = DnsMessageTest.class.getResourceAsStream(resource)) {
            String text = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            return text.lines().filter(line -> !line.isBlank() && !line.startsWith("#")).map(line -> {
                String[] parts = line.split(" ");
                return new Datagram(parts[0].equals(">"), Long.parseLong(parts[1]), Integer.parseInt(parts[2]),
                        HexFormat.of().parseHex(parts[3]));
            }).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
