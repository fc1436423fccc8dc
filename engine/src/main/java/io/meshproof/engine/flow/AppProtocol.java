package io.meshproof.engine.flow;

/** What a flow carries, found by content rather than by port. */
public enum AppProtocol {
    TLS("tls"),
    HTTP("http"),
    H2C("h2c"),
    DNS("dns"),
    UNKNOWN("unknown");

    private final String label;

    AppProtocol(String label) {
        this.label = label;
    }

    /** The name used in JSON, facts and tables. */
    public String label() {
        return label;
    }
}
