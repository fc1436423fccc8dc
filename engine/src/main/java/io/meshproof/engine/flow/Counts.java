package io.meshproof.engine.flow;

/** A count per direction of a flow, such as packets or bytes. */
public record Counts(long toServer, long toClient) {
    public long total() {
        return toServer + toClient;
    }
}
