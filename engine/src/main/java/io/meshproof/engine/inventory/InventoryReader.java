package io.meshproof.engine.inventory;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.meshproof.grammar.tree.SourcePosition;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/** Parses kubectl's JSON or YAML output into an {@link Inventory.Builder}, one file at a time. */
final class InventoryReader {
    private static final String SIDECAR_CONTAINER = "istio-proxy";
    private static final Set<String> FINISHED_PHASES = Set.of("Succeeded", "Failed");

    private final ObjectMapper json = new ObjectMapper(new JsonFactory());
    private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory());

    /** Reads every document in the file: a JSON file holds one, a YAML file may hold several. */
    void read(Path file, Inventory.Builder builder) throws InventoryException {
        byte[] bytes = readBytes(file);
        checkUtf8(file, bytes);
        boolean isYaml = isYaml(file, bytes);
        String format = isYaml ? "a YAML mapping" : "a JSON object";
        ObjectMapper mapper = isYaml ? yaml : json;
        int documents = 0;
        try (JsonParser parser = mapper.createParser(bytes)) {
            while (parser.nextToken() != null) {
                JsonLocation where = parser.currentTokenLocation();
                JsonNode document = mapper.readTree(parser);
                addDocument(document, file, where, format, builder);
                documents++;
            }
        } catch (JsonProcessingException e) {
            throw new InventoryException(syntaxError(file, isYaml, e), e);
        } catch (IOException e) {
            throw new InventoryException(file + ": cannot read: " + e.getMessage(), e);
        }
        if (documents == 0) {
            throw new InventoryException(file + ":1:1: expected " + format + " with 'items' or 'kind', found "
                    + "an empty file");
        }
    }

    /** SnakeYAML names the problem and its place apart from the context; Jackson's JSON parser does both. */
    private static String syntaxError(Path file, boolean isYaml, JsonProcessingException e) {
        if (e.getCause() instanceof MarkedYAMLException yamlError && yamlError.getProblemMark() != null) {
            Mark mark = yamlError.getProblemMark();
            return file + ":" + (mark.getLine() + 1) + ":" + (mark.getColumn() + 1) + ": invalid YAML: "
                    + yamlError.getProblem();
        }
        String message = e.getOriginalMessage().lines().findFirst().orElse("").strip()
                // Jackson's own wording for places and limits, which name its classes
                .replaceAll("\\[Source: [^;\\]]*(\\([^)]*\\))?; line: (\\d+), column: (\\d+)\\]", "$2:$3")
                .replaceAll(", from `[^`]*`", "");
        return place(file, e.getLocation()) + ": invalid " + (isYaml ? "YAML" : "JSON") + ": " + message;
    }

    /** An inventory is text: a file that is not UTF-8 is named with the place of its first bad byte. */
    private static void checkUtf8(Path file, byte[] bytes) throws InventoryException {
        Optional<SourcePosition> bad = SourcePosition.ofFirstInvalidUtf8(bytes);
        if (bad.isPresent()) {
            throw new InventoryException(file + ":" + bad.get().line() + ":" + bad.get().column() + ": not a text "
                    + "file (invalid UTF-8); expected the JSON or YAML of kubectl get -o json or -o yaml");
        }
    }

    private static byte[] readBytes(Path file) throws InventoryException {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new InventoryException(file + ": no such file", e);
        } catch (IOException e) {
            throw new InventoryException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    private static boolean isYaml(Path file, byte[] bytes) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".yaml") || name.endsWith(".yml")) {
            return true;
        }
        if (name.endsWith(".json")) {
            return false;
        }
        for (byte b : bytes) {
            if (!Character.isWhitespace(b)) {
                return b != '{' && b != '[';
            }
        }
        return false;
    }

    private void addDocument(JsonNode document, Path file, JsonLocation where, String format,
            Inventory.Builder builder) throws InventoryException {
        if (document.isObject() && document.path("items").isArray()) {
            Set<String> otherKinds = new java.util.TreeSet<>();
            int added = 0;
            for (JsonNode item : document.get("items")) {
                if (addObject(item, builder)) {
                    added++;
                } else {
                    otherKinds.add(item.path("kind").asText("(no kind)"));
                }
            }
            if (added == 0 && !otherKinds.isEmpty()) {
                // A list of Deployments or Nodes resolves nothing: that is a wrong file, not an empty cluster.
                throw new InventoryException(place(file, where) + ": expected a list of Pods or Services, found "
                        + String.join(", ", otherKinds));
            }
            return;
        }
        if (document.isObject() && document.hasNonNull("kind")) {
            String kind = document.get("kind").asText();
            if (!kind.equals("Pod") && !kind.equals("Service")) {
                throw new InventoryException(place(file, where) + ": expected kind Pod, Service or a List, found '"
                        + kind + "'");
            }
            addObject(document, builder);
            return;
        }
        throw new InventoryException(place(file, where) + ": expected " + format + " with 'items' or 'kind', found "
                + describe(document));
    }

    /** Objects of other kinds in a list (a Deployment in {@code kubectl get all}) are skipped. */
    private boolean addObject(JsonNode item, Inventory.Builder builder) {
        String kind = item.path("kind").asText("");
        JsonNode spec = item.path("spec");
        boolean pod = kind.equals("Pod") || (kind.isEmpty() && spec.path("containers").isArray());
        boolean service = kind.equals("Service") || (kind.isEmpty() && spec.has("clusterIP"));
        if (pod) {
            addPod(item, builder);
        } else if (service) {
            addService(item, builder);
        }
        return pod || service;
    }

    private void addPod(JsonNode item, Inventory.Builder builder) {
        JsonNode metadata = item.path("metadata");
        JsonNode spec = item.path("spec");
        JsonNode status = item.path("status");
        Map<String, String> labels = labels(metadata);
        String serviceAccount = text(spec, "serviceAccountName");
        Endpoint pod = new Endpoint(null, Endpoint.POD, namespace(metadata), text(metadata, "name"), app(labels),
                serviceAccount != null ? serviceAccount : text(spec, "serviceAccount"), hasSidecar(spec),
                text(spec, "nodeName"), labels);

        // status.podIPs lists every family; status.podIP repeats the first of them
        List<String> ips = new ArrayList<>();
        addText(ips, status.path("podIP"));
        status.path("podIPs").forEach(entry -> addText(ips, entry.path("ip")));
        List<String> hostIps = new ArrayList<>();
        addText(hostIps, status.path("hostIP"));
        status.path("hostIPs").forEach(entry -> addText(hostIps, entry.path("ip")));

        boolean finished = FINISHED_PHASES.contains(status.path("phase").asText(""));
        builder.addPod(pod, addresses(ips), spec.path("hostNetwork").asBoolean(false), finished,
                addresses(hostIps));
    }

    private void addService(JsonNode item, Inventory.Builder builder) {
        JsonNode metadata = item.path("metadata");
        JsonNode spec = item.path("spec");
        Map<String, String> labels = labels(metadata);
        Endpoint service = new Endpoint(null, Endpoint.SERVICE, namespace(metadata), text(metadata, "name"),
                app(labels), null, false, null, labels);

        // a headless service has clusterIP "None" and no address of its own
        List<String> ips = new ArrayList<>();
        addText(ips, spec.path("clusterIP"));
        spec.path("clusterIPs").forEach(entry -> addText(ips, entry));
        ips.removeIf(ip -> ip.equalsIgnoreCase("None"));
        builder.addService(service, addresses(ips));
    }

    private static boolean hasSidecar(JsonNode spec) {
        for (String field : List.of("containers", "initContainers")) {
            for (JsonNode container : spec.path(field)) {
                if (SIDECAR_CONTAINER.equals(container.path("name").asText())) {
                    return true;
                }
            }
        }
        return false;
    }

    private static Map<String, String> labels(JsonNode metadata) {
        Map<String, String> labels = new LinkedHashMap<>();
        metadata.path("labels").fields().forEachRemaining(entry -> labels.put(entry.getKey(),
                entry.getValue().asText()));
        return labels;
    }

    private static String app(Map<String, String> labels) {
        String app = labels.get("app");
        return app != null ? app : labels.get("app.kubernetes.io/name");
    }

    private static String namespace(JsonNode metadata) {
        String namespace = text(metadata, "namespace");
        return namespace != null ? namespace : "default";
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() || value.asText().isEmpty() ? null : value.asText();
    }

    private static void addText(List<String> out, JsonNode value) {
        if (value.isTextual() && !value.asText().isBlank()) {
            out.add(value.asText().strip());
        }
    }

    /** Only literal addresses: a name would make InetAddress ask DNS, so those are left out. */
    private static List<InetAddress> addresses(List<String> texts) {
        List<InetAddress> out = new ArrayList<>();
        for (String text : texts) {
            boolean literal = !text.isEmpty() && (text.indexOf(':') >= 0 || text.chars()
                    .allMatch(c -> Character.isDigit(c) || c == '.'));
            if (!literal) {
                continue;
            }
            try {
                InetAddress address = InetAddress.getByName(text);
                if (!out.contains(address)) {
                    out.add(address);
                }
            } catch (UnknownHostException e) {
                // not an address after all: an inventory field cannot make resolution fail
                continue;
            }
        }
        return out;
    }

    private static String place(Path file, JsonLocation where) {
        if (where == null || where.getLineNr() < 1) {
            return file.toString();
        }
        return file + ":" + where.getLineNr() + ":" + Math.max(1, where.getColumnNr());
    }

    private static String describe(JsonNode node) {
        if (node.isObject()) {
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(name -> names.add("'" + name + "'"));
            return names.isEmpty() ? "an empty object" : "an object with fields " + String.join(", ", names);
        }
        if (node.isArray()) {
            return "an array";
        }
        if (node.isTextual()) {
            return "a string";
        }
        if (node.isNumber()) {
            return "a number";
        }
        if (node.isBoolean()) {
            return "a boolean";
        }
        return "null";
    }
}
