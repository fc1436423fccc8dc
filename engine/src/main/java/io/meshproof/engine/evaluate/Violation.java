package io.meshproof.engine.evaluate;

import io.meshproof.engine.flow.Flow;
import io.meshproof.engine.flow.FlowEndpoint;

/**
 * A flow that broke a statement, and how: what the reports show of the flow, not the whole flow, so that a run
 * with many violations holds little for each.
 *
 * @param flow the flow's id
 * @param capture the capture it is in
 * @param firstFrame the number of its first frame in that capture
 * @param client the flow's client
 * @param server the flow's server
 * @param summary the flow's {@link Flow#summary()}
 * @param reason why it broke the statement, e.g. "plaintext (mtls required)"
 */
public record Violation(int flow, String capture, long firstFrame, FlowEndpoint client, FlowEndpoint server,
        String summary, String reason) {
    /** The violation of {@code flow} for {@code reason}. */
    public static Violation of(Flow flow, String reason) {
        return new Violation(flow.id(), flow.capture(), flow.firstFrame(), flow.client(), flow.server(),
                flow.summary(), reason);
    }
}
