package io.meshproof.grammar.facts;

import java.util.Objects;

/**
 * One flow (a TCP connection or UDP conversation) as the policy language sees it. The engine makes one
 * per observed flow and inserts it into the rule session; compiled statements match on its getters.
 */
public final class FlowFact {
    private final String id;
    private final EndpointFact client;
    private final EndpointFact server;
    private final String transport;
    private final String app;
    private final boolean local;
    private final String tlsVersion;
    private final String clientAuth;
    private final String summary;

    /**
     * @param id the flow's id, unique within one evaluation (for example "2" or "capture.pcap#2")
     * @param client the side that opened the flow
     * @param server the side that accepted it
     * @param transport "tcp" or "udp"
     * @param app "tls", "http", "h2c", "dns" or "unknown"
     * @param local whether this is a sidecar's hop inside one pod rather than traffic between workloads
     * @param tlsVersion "1.0" to "1.3" when the flow is TLS and the version was seen, else null
     * @param clientAuth for TLS flows the client-authentication evidence level ("proven", "inferred",
     *     "absent", "unknown"); null for flows that are not TLS
     * @param summary one line describing what was seen, used in violation reasons
     *     (for example "plaintext http GET /ip")
     */
    public FlowFact(String id, EndpointFact client, EndpointFact server, String transport, String app,
            boolean local, String tlsVersion, String clientAuth, String summary) {
        this.id = Objects.requireNonNull(id, "id");
        this.client = Objects.requireNonNull(client, "client");
        this.server = Objects.requireNonNull(server, "server");
        this.transport = Objects.requireNonNull(transport, "transport");
        this.app = Objects.requireNonNull(app, "app");
        this.local = local;
        this.tlsVersion = tlsVersion;
        this.clientAuth = clientAuth;
        this.summary = Objects.requireNonNull(summary, "summary");
    }

    public String getId() {
        return id;
    }

    public EndpointFact getClient() {
        return client;
    }

    public EndpointFact getServer() {
        return server;
    }

    public String getTransport() {
        return transport;
    }

    public String getApp() {
        return app;
    }

    public boolean isLocal() {
        return local;
    }

    /** True when the flow carried TLS (of any version, mutual or not). */
    public boolean isTls() {
        return "tls".equals(app);
    }

    public String getTlsVersion() {
        return tlsVersion;
    }

    public String getClientAuth() {
        return clientAuth;
    }

    /** True for TLS flows whose client authentication is proven or inferred. */
    public boolean isMutual() {
        return "proven".equals(clientAuth) || "inferred".equals(clientAuth);
    }

    /** True for TLS flows whose client certificate was seen (in clear or decrypted). */
    public boolean isProven() {
        return "proven".equals(clientAuth);
    }

    public String getSummary() {
        return summary;
    }

    @Override
    public String toString() {
        return client + " -> " + server + " " + summary;
    }
}
