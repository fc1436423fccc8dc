package io.meshproof.grammar.facts;

import java.util.Objects;

/**
 * One end of a flow as the policy language sees it: an address and what the inventory says about it.
 * This is the vocabulary selectors are compiled against; it knows nothing of packets.
 * Getters follow the JavaBean convention because DRL constraints reach fields through them.
 */
public final class EndpointFact {
    private final String ip;
    private final int port;
    private final String kind;
    private final String namespace;
    private final String pod;
    private final String app;
    private final String serviceAccount;
    private final boolean sidecar;

    /**
     * @param ip textual address as {@link java.net.InetAddress#getHostAddress()} writes it
     * @param port TCP or UDP port
     * @param kind "pod", "service", "external" or "unknown"
     * @param namespace Kubernetes namespace, or null when the address resolved to no pod or service
     * @param pod pod name (service name for a service), or null
     * @param app the pod's {@code app} label, or null
     * @param serviceAccount the pod's service account, or null
     * @param sidecar whether the pod runs a mesh sidecar (an istio-proxy container)
     */
    public EndpointFact(String ip, int port, String kind, String namespace, String pod, String app,
            String serviceAccount, boolean sidecar) {
        this.ip = Objects.requireNonNull(ip, "ip");
        this.port = port;
        this.kind = Objects.requireNonNull(kind, "kind");
        this.namespace = namespace;
        this.pod = pod;
        this.app = app;
        this.serviceAccount = serviceAccount;
        this.sidecar = sidecar;
    }

    public String getIp() {
        return ip;
    }

    public int getPort() {
        return port;
    }

    public String getKind() {
        return kind;
    }

    public String getNamespace() {
        return namespace;
    }

    public String getPod() {
        return pod;
    }

    public String getApp() {
        return app;
    }

    public String getServiceAccount() {
        return serviceAccount;
    }

    public boolean isSidecar() {
        return sidecar;
    }

    /** True when this endpoint's address lies in the CIDR block (or equals the address) given as text. */
    public boolean inNetwork(String cidr) {
        return Cidr.parse(cidr).contains(ip);
    }

    /** True when this endpoint is a pod whose namespace and name match the two globs ({@code *}, {@code ?}). */
    public boolean podMatches(String namespaceGlob, String nameGlob) {
        return "pod".equals(kind) && Glob.matches(namespaceGlob, namespace) && Glob.matches(nameGlob, pod);
    }

    @Override
    public String toString() {
        return (namespace == null ? kind : namespace + "/" + pod) + " " + ip + ":" + port;
    }
}
