package io.meshproof.engine.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.meshproof.engine.anomaly.Anomaly;
import io.meshproof.engine.dns.DnsMessage;
import io.meshproof.engine.dns.DnsQuestion;
import io.meshproof.engine.dns.DnsRecord;
import io.meshproof.engine.evaluate.Verdict;
import io.meshproof.engine.evaluate.Violation;
import io.meshproof.engine.fingerprint.Fingerprints;
import io.meshproof.engine.flow.Flow;
import io.meshproof.engine.flow.FlowEndpoint;
import io.meshproof.engine.flow.Quality;
import io.meshproof.engine.http.HttpExchange;
import io.meshproof.engine.inventory.Endpoint;
import io.meshproof.engine.tls.ClientAuth;
import io.meshproof.engine.tls.TlsSession;
import java.io.Closeable;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.List;
import java.util.Locale;

/**
 * The JSON documents meshproof writes for pipelines. Key names are a contract: add keys, never rename.
 * Absent values are written as null, never left out. Documents are streamed to a {@link Writer} flow by flow,
 * so writing one never holds more than one flow's text in memory; the String variants are for small outputs.
 */
public final class JsonReport {
    private static final JsonFactory FACTORY = new JsonFactory();

    private JsonReport() {
    }

    /** {@code meshproof flows --format json}: an array of flows, followed by a line separator. */
    public static String flows(List<Flow> flows) {
        StringWriter out = new StringWriter();
        writeFlows(flows, out);
        return out.toString();
    }

    /**
     * Writes {@link #flows(List)}'s document to {@code out}, flow by flow. The writer is flushed, not closed.
     *
     * @throws UncheckedIOException when writing fails
     */
    public static void writeFlows(Iterable<Flow> flows, Writer out) {
        Fingerprints fingerprints = new Fingerprints();
        write(out, json -> {
            json.writeStartArray();
            for (Flow flow : flows) {
                flow(json, flow, fingerprints);
            }
            json.writeEndArray();
        });
    }

    /**
     * {@link #flows(List)}'s document on {@code out}, for flows written one at a time as they come. Nothing is
     * written before the first flow; closing the writer ends the document (an empty array when no flow came)
     * and flushes {@code out}, which stays open.
     */
    public static FlowWriter flowWriter(Writer out) {
        return new FlowWriter(out);
    }

    /** Writes flows into one JSON array as they come; see {@link #flowWriter(Writer)}. */
    public static final class FlowWriter implements Closeable {
        private final Writer out;
        private final Fingerprints fingerprints = new Fingerprints();
        private JsonGenerator json;

        private FlowWriter(Writer out) {
            this.out = out;
        }

        /** @throws UncheckedIOException when writing fails */
        public void write(Flow flow) {
            try {
                flow(started(), flow, fingerprints);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /**
         * Ends the array and the document.
         *
         * @throws UncheckedIOException when writing fails
         */
        @Override
        public void close() {
            try {
                started().writeEndArray();
                end(json, out);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private JsonGenerator started() throws IOException {
            if (json == null) {
                json = generator(out);
                json.writeStartArray();
            }
            return json;
        }
    }

    /** {@code meshproof check --format json}: {@code {"verdicts": [...]}}, followed by a line separator. */
    public static String verdicts(List<Verdict> verdicts) {
        StringWriter out = new StringWriter();
        writeVerdicts(verdicts, out);
        return out.toString();
    }

    /**
     * Writes {@link #verdicts(List)}'s document to {@code out}. The writer is flushed, not closed.
     *
     * @throws UncheckedIOException when writing fails
     */
    public static void writeVerdicts(List<Verdict> verdicts, Writer out) {
        write(out, json -> {
            json.writeStartObject();
            json.writeArrayFieldStart("verdicts");
            for (Verdict verdict : verdicts) {
                verdict(json, verdict);
            }
            json.writeEndArray();
            json.writeEndObject();
        });
    }

    private static void verdict(JsonGenerator json, Verdict verdict) throws IOException {
        json.writeStartObject();
        json.writeStringField("statement", verdict.statement());
        json.writeStringField("name", verdict.name());
        json.writeNumberField("line", verdict.line());
        json.writeStringField("status", verdict.status().label());
        json.writeNumberField("flows", verdict.flows());
        json.writeStringField("evidence", verdict.evidence());
        json.writeArrayFieldStart("violations");
        for (Violation violation : verdict.violations()) {
            json.writeStartObject();
            json.writeNumberField("flow", violation.flow());
            json.writeStringField("capture", violation.capture());
            json.writeFieldName("client");
            endpoint(json, violation.client());
            json.writeFieldName("server");
            endpoint(json, violation.server());
            json.writeStringField("summary", violation.summary());
            json.writeStringField("reason", violation.reason());
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeEndObject();
    }

    static void flow(JsonGenerator json, Flow flow, Fingerprints fingerprints) throws IOException {
        json.writeStartObject();
        json.writeNumberField("id", flow.id());
        json.writeStringField("capture", flow.capture());
        json.writeStringField("transport", flow.transport());
        json.writeStringField("app", flow.app().label());
        json.writeBooleanField("local", flow.local());
        json.writeStringField("meshTunnel", flow.hbone() ? "hbone" : null);
        json.writeFieldName("client");
        endpoint(json, flow.client());
        json.writeFieldName("server");
        endpoint(json, flow.server());
        json.writeFieldName("tls");
        if (flow.tls() == null) {
            json.writeNull();
        } else {
            tls(json, flow.tls(), flow.clientAuthEvidence(), fingerprints);
        }
        json.writeStringField("decryptedApp", flow.decryptedApp());
        json.writeArrayFieldStart("http");
        for (HttpExchange exchange : flow.http()) {
            json.writeStartObject();
            json.writeStringField("method", exchange.method());
            json.writeStringField("path", exchange.path());
            json.writeStringField("host", exchange.host());
            writeNumberOrNull(json, "status", exchange.status());
            json.writeStringField("version", exchange.version());
            json.writeBooleanField("decrypted", flow.decryptedApp() != null);
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeArrayFieldStart("dns");
        for (DnsMessage message : flow.dns()) {
            dns(json, message);
        }
        json.writeEndArray();
        counts(json, "packets", flow.packets().toServer(), flow.packets().toClient());
        counts(json, "bytes", flow.bytes().toServer(), flow.bytes().toClient());
        json.writeBooleanField("handshakeSeen", flow.handshakeSeen());
        json.writeBooleanField("closed", flow.closed());
        json.writeArrayFieldStart("anomalies");
        for (Anomaly anomaly : flow.anomalies()) {
            anomaly(json, anomaly);
        }
        json.writeEndArray();
        json.writeArrayFieldStart("quality");
        for (Quality quality : flow.quality()) {
            json.writeString(quality.label());
        }
        json.writeEndArray();
        json.writeEndObject();
    }

    static void endpoint(JsonGenerator json, FlowEndpoint endpoint) throws IOException {
        Endpoint resolved = endpoint.resolved();
        json.writeStartObject();
        json.writeStringField("ip", endpoint.ip());
        json.writeNumberField("port", endpoint.port());
        json.writeStringField("kind", resolved.kind());
        json.writeStringField("namespace", resolved.namespace());
        json.writeStringField("pod", "pod".equals(resolved.kind()) ? resolved.name() : null);
        json.writeStringField("service", "service".equals(resolved.kind()) ? resolved.name() : null);
        json.writeStringField("app", resolved.app());
        json.writeStringField("serviceAccount", resolved.serviceAccount());
        json.writeBooleanField("sidecar", resolved.sidecar());
        json.writeEndObject();
    }

    /**
     * @param evidence the client-authentication evidence policies judge: the decoder's level, or
     *     {@code unknown} when capture quality (a gap in the handshake, a start before the capture) undoes it
     */
    static void tls(JsonGenerator json, TlsSession tls, ClientAuth evidence, Fingerprints fingerprints)
            throws IOException {
        json.writeStartObject();
        json.writeStringField("version", tls.version());
        json.writeStringField("sni", tls.sni());
        json.writeArrayFieldStart("alpnOffered");
        for (String protocol : tls.alpnOffered()) {
            json.writeString(protocol);
        }
        json.writeEndArray();
        json.writeStringField("alpnSelected", tls.alpnSelected());
        json.writeStringField("cipher", tls.cipher());
        json.writeBooleanField("resumed", tls.resumed());
        json.writeBooleanField("helloRetryRequest", tls.helloRetryRequest());
        writeBooleanOrNull(json, "certificateRequest", tls.certificateRequest());
        json.writeStringField("clientAuth", evidence.label());
        json.writeStringField("clientIdentity", tls.clientIdentity());
        json.writeStringField("serverIdentity", tls.serverIdentity());
        // where the secrets came from, never the secrets
        json.writeBooleanField("decrypted", tls.decrypted());
        json.writeStringField("decryptedWith", tls.secretSource());
        writeNumberOrNull(json, "resumedFrom", tls.resumedFrom());
        json.writeStringField("connectionClientAuth", tls.connectionClientAuth().label());
        Fingerprints.ClientPrints client = fingerprints.client(tls.clientHello());
        json.writeStringField("ja3", client == null ? null : client.ja3());
        json.writeStringField("ja3s", fingerprints.ja3s(tls.serverHello()));
        json.writeStringField("ja4", client == null ? null : client.ja4());
        json.writeEndObject();
    }

    static void dns(JsonGenerator json, DnsMessage message) throws IOException {
        json.writeStartObject();
        json.writeNumberField("id", message.id());
        json.writeBooleanField("response", message.response());
        json.writeStringField("rcode", message.rcode());
        json.writeArrayFieldStart("questions");
        for (DnsQuestion question : message.questions()) {
            json.writeStartObject();
            json.writeStringField("name", question.name());
            json.writeStringField("type", question.type());
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeArrayFieldStart("answers");
        for (DnsRecord answer : message.answers()) {
            json.writeStartObject();
            json.writeStringField("name", answer.name());
            json.writeStringField("type", answer.type());
            json.writeNumberField("ttl", answer.ttl());
            json.writeStringField("data", answer.data());
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeNumberField("frame", message.frame());
        json.writeEndObject();
    }

    static void anomaly(JsonGenerator json, Anomaly anomaly) throws IOException {
        json.writeStartObject();
        json.writeStringField("id", anomaly.id());
        json.writeStringField("severity", anomaly.severity().name().toLowerCase(Locale.ROOT));
        json.writeNumberField("frame", anomaly.frame());
        json.writeNumberField("offset", anomaly.offset());
        json.writeStringField("detail", anomaly.detail());
        json.writeEndObject();
    }

    private static void counts(JsonGenerator json, String name, long toServer, long toClient) throws IOException {
        json.writeObjectFieldStart(name);
        json.writeNumberField("toServer", toServer);
        json.writeNumberField("toClient", toClient);
        json.writeEndObject();
    }

    private static void writeNumberOrNull(JsonGenerator json, String name, Integer value) throws IOException {
        if (value == null) {
            json.writeNullField(name);
        } else {
            json.writeNumberField(name, value);
        }
    }

    private static void writeBooleanOrNull(JsonGenerator json, String name, Boolean value) throws IOException {
        if (value == null) {
            json.writeNullField(name);
        } else {
            json.writeBooleanField(name, value);
        }
    }

    @FunctionalInterface
    private interface Body {
        void write(JsonGenerator json) throws IOException;
    }

    /** Writes one indented document (Jackson's default pretty printer) and a line separator, then flushes. */
    private static void write(Writer out, Body body) {
        try {
            JsonGenerator json = generator(out);
            body.write(json);
            end(json, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonGenerator generator(Writer out) throws IOException {
        JsonGenerator json = FACTORY.createGenerator(out);
        json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        json.useDefaultPrettyPrinter();
        return json;
    }

    private static void end(JsonGenerator json, Writer out) throws IOException {
        json.flush();
        out.write(System.lineSeparator());
        out.flush();
    }
}
