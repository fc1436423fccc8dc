package io.meshproof.engine.anomaly;

/** Receives anomalies as decoders find them. Implementations decide where they are kept. */
@FunctionalInterface
public interface AnomalySink {
    void report(Anomaly anomaly);

    /** A sink that drops everything, for callers that only want the decoded values. */
    AnomalySink IGNORE = anomaly -> { };
}
