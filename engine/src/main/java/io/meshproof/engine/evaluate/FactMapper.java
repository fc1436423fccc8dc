package io.meshproof.engine.evaluate;

import io.meshproof.engine.flow.Flow;
import io.meshproof.engine.flow.FlowEndpoint;
import io.meshproof.engine.inventory.Endpoint;
import io.meshproof.grammar.facts.EndpointFact;
import io.meshproof.grammar.facts.FlowFact;

/** Turns flows into the facts compiled policies match on. */
public final class FactMapper {
    private FactMapper() {
    }

    public static FlowFact toFact(Flow flow) {
        return new FlowFact(String.valueOf(flow.id()), toFact(flow.client()), toFact(flow.server()),
                flow.transport(), flow.app().label(), flow.local(),
                flow.tls() == null ? null : flow.tls().version(),
                flow.tls() == null ? null : flow.clientAuthEvidence().label(), flow.summary());
    }

    static EndpointFact toFact(FlowEndpoint endpoint) {
        Endpoint resolved = endpoint.resolved();
        return new EndpointFact(endpoint.ip(), endpoint.port(), resolved.kind(), resolved.namespace(),
                resolved.name(), resolved.app(), resolved.serviceAccount(), resolved.sidecar());
    }
}
