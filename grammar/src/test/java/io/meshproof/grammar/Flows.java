package io.meshproof.grammar;

import io.meshproof.grammar.facts.EndpointFact;
import io.meshproof.grammar.facts.FlowFact;

/** Hand-made facts for compiler tests: facts are plain values, so no capture is needed to build them. */
final class Flows {
    private Flows() {
    }

    static EndpointFact pod(String namespace, String name, String ip, int port) {
        return new EndpointFact(ip, port, "pod", namespace, name, name, "default", true);
    }

    static EndpointFact external(String ip, int port) {
        return new EndpointFact(ip, port, "external", null, null, null, null, false);
    }

    static FlowFact plaintext(String id, EndpointFact client, EndpointFact server) {
        return new FlowFact(id, client, server, "tcp", "http", false, null, null, "plaintext http GET /ip");
    }

    static FlowFact opaque(String id, EndpointFact client, EndpointFact server) {
        return new FlowFact(id, client, server, "tcp", "unknown", false, null, null, "tcp, protocol not recognised");
    }

    static FlowFact tls(String id, EndpointFact client, EndpointFact server, String clientAuth) {
        return new FlowFact(id, client, server, "tcp", "tls", false, "1.3", clientAuth, "TLS 1.3");
    }

    static FlowFact localHop(String id, EndpointFact client, EndpointFact server) {
        return new FlowFact(id, client, server, "tcp", "http", true, null, null, "plaintext http to the app");
    }
}
