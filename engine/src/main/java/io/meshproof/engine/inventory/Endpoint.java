package io.meshproof.engine.inventory;

import java.util.Map;

/**
 * What the inventory says about one address.
 *
 * @param ip the address in canonical text (dotted quad, or RFC 5952 for IPv6)
 * @param kind {@code pod}, {@code service}, {@code external} (outside every cluster range seen) or
 *     {@code unknown} (loopback, link-local, or inside a cluster range but not in the inventory)
 * @param namespace the pod's or service's namespace, or null
 * @param name the pod or service name, or null
 * @param app {@code labels.app}, else {@code labels["app.kubernetes.io/name"]}, or null
 * @param serviceAccount the pod's service account, or null
 * @param sidecar true when the pod has a container or init container named {@code istio-proxy}
 * @param node the node the pod runs on (or whose address this is), or null
 * @param labels the object's labels; empty when none
 */
public record Endpoint(
        String ip,
        String kind,
        String namespace,
        String name,
        String app,
        String serviceAccount,
        boolean sidecar,
        String node,
        Map<String, String> labels) {
    public static final String POD = "pod";
    public static final String SERVICE = "service";
    public static final String EXTERNAL = "external";
    public static final String UNKNOWN = "unknown";

    public Endpoint {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    /** The same endpoint seen at another of its addresses. */
    Endpoint withIp(String otherIp) {
        return new Endpoint(otherIp, kind, namespace, name, app, serviceAccount, sidecar, node, labels);
    }

    static Endpoint unresolved(String ip, String kind, String node) {
        return new Endpoint(ip, kind, null, null, null, null, false, node, Map.of());
    }
}
