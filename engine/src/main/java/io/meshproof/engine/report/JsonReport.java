package io.meshproof.engine.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshproof.engine.anomaly.Anomaly;
import io.meshproof.engine.dns.DnsMessage;
import io.meshproof.engine.evaluate.Verdict;
import io.meshproof.engine.evaluate.Violation;
import io.meshproof.engine.flow.Flow;
import io.meshproof.engine.flow.FlowEndpoint;
import io.meshproof.engine.http.HttpExchange;
import io.meshproof.engine.inventory.Endpoint;
import io.meshproof.engine.tls.TlsSession;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The JSON documents meshproof writes for pipelines. Key names are a contract: add keys, never rename.
 * Absent values are written as null, never left out.
 */
public final class JsonReport {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private JsonReport() {
    }

    /** {@code meshproof flows --format json}: an array of flows. */
    public static String flows(List<Flow> flows) {
        ArrayNode array = NODES.arrayNode();
        for (Flow flow : flows) {
            array.add(flow(flow));
        }
        return write(array);
    }

    /** {@code meshproof check --format json}: {@code {"verdicts": [...]}}. */
    public static String verdicts(List<Verdict> verdicts) {
        ObjectNode root = NODES.objectNode();
        ArrayNode array = root.putArray("verdicts");
        for (Verdict verdict : verdicts) {
            ObjectNode node = array.addObject();
            node.put("statement", verdict.statement());
            node.put("name", verdict.name());
            node.put("line", verdict.line());
            node.put("status", verdict.status().label());
            node.put("flows", verdict.flows());
            node.put("evidence", verdict.evidence());
            ArrayNode violations = node.putArray("violations");
            for (Violation violation : verdict.violations()) {
                ObjectNode v = violations.addObject();
                v.put("flow", violation.flow().id());
                v.put("capture", violation.flow().capture());
                v.set("client", endpoint(violation.flow().client()));
                v.set("server", endpoint(violation.flow().server()));
                v.put("summary", violation.flow().summary());
                v.put("reason", violation.reason());
            }
        }
        return write(root);
    }

    static ObjectNode flow(Flow flow) {
        ObjectNode node = NODES.objectNode();
        node.put("id", flow.id());
        node.put("capture", flow.capture());
        node.put("transport", flow.transport());
        node.put("app", flow.app().label());
        node.put("local", flow.local());
        node.set("client", endpoint(flow.client()));
        node.set("server", endpoint(flow.server()));
        node.set("tls", flow.tls() == null ? NODES.nullNode() : tls(flow.tls()));
        node.put("decryptedApp", flow.decryptedApp());
        ArrayNode http = node.putArray("http");
        for (HttpExchange exchange : flow.http()) {
            ObjectNode e = http.addObject();
            e.put("method", exchange.method());
            e.put("path", exchange.path());
            e.put("host", exchange.host());
            e.put("status", exchange.status());
            e.put("version", exchange.version());
            e.put("decrypted", flow.decryptedApp() != null);
        }
        ArrayNode dns = node.putArray("dns");
        for (DnsMessage message : flow.dns()) {
            dns.add(dns(message));
        }
        node.set("packets", counts(flow.packets().toServer(), flow.packets().toClient()));
        node.set("bytes", counts(flow.bytes().toServer(), flow.bytes().toClient()));
        node.put("handshakeSeen", flow.handshakeSeen());
        node.put("closed", flow.closed());
        ArrayNode anomalies = node.putArray("anomalies");
        for (Anomaly anomaly : flow.anomalies()) {
            anomalies.add(anomaly(anomaly));
        }
        return node;
    }

    static ObjectNode endpoint(FlowEndpoint endpoint) {
        Endpoint resolved = endpoint.resolved();
        ObjectNode node = NODES.objectNode();
        node.put("ip", endpoint.ip());
        node.put("port", endpoint.port());
        node.put("kind", resolved.kind());
        node.put("namespace", resolved.namespace());
        node.put("pod", "pod".equals(resolved.kind()) ? resolved.name() : null);
        node.put("service", "service".equals(resolved.kind()) ? resolved.name() : null);
        node.put("app", resolved.app());
        node.put("serviceAccount", resolved.serviceAccount());
        node.put("sidecar", resolved.sidecar());
        return node;
    }

    static ObjectNode tls(TlsSession tls) {
        ObjectNode node = NODES.objectNode();
        node.put("version", tls.version());
        node.put("sni", tls.sni());
        ArrayNode alpn = node.putArray("alpnOffered");
        tls.alpnOffered().forEach(alpn::add);
        node.put("alpnSelected", tls.alpnSelected());
        node.put("cipher", tls.cipher());
        node.put("resumed", tls.resumed());
        node.put("helloRetryRequest", tls.helloRetryRequest());
        node.put("certificateRequest", tls.certificateRequest());
        node.put("clientAuth", tls.clientAuth().label());
        node.put("clientIdentity", tls.clientIdentity());
        node.put("serverIdentity", tls.serverIdentity());
        // where the secrets came from, never the secrets
        node.put("decrypted", tls.decrypted());
        node.put("decryptedWith", tls.secretSource());
        node.put("resumedFrom", tls.resumedFrom());
        node.put("connectionClientAuth", tls.connectionClientAuth().label());
        return node;
    }

    static ObjectNode dns(DnsMessage message) {
        ObjectNode node = NODES.objectNode();
        node.put("id", message.id());
        node.put("response", message.response());
        node.put("rcode", message.rcode());
        ArrayNode questions = node.putArray("questions");
        message.questions().forEach(q -> questions.addObject().put("name", q.name()).put("type", q.type()));
        ArrayNode answers = node.putArray("answers");
        message.answers().forEach(a -> answers.addObject().put("name", a.name()).put("type", a.type())
                .put("ttl", a.ttl()).put("data", a.data()));
        node.put("frame", message.frame());
        return node;
    }

    static ObjectNode anomaly(Anomaly anomaly) {
        ObjectNode node = NODES.objectNode();
        node.put("id", anomaly.id());
        node.put("severity", anomaly.severity().name().toLowerCase(java.util.Locale.ROOT));
        node.put("frame", anomaly.frame());
        node.put("offset", anomaly.offset());
        node.put("detail", anomaly.detail());
        return node;
    }

    private static ObjectNode counts(long toServer, long toClient) {
        ObjectNode node = NODES.objectNode();
        node.put("toServer", toServer);
        node.put("toClient", toClient);
        return node;
    }

    private static String write(Object tree) {
        try {
            return MAPPER.writeValueAsString(tree) + System.lineSeparator();
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
