package io.meshproof.engine.anomaly;

/** How much an anomaly undermines what the tool can conclude from the traffic it touches. */
public enum Severity {
    /** Worth showing; conclusions are unaffected. */
    NOTE,
    /** Something was not decoded; conclusions about the affected flow may rest on less evidence. */
    WARNING,
    /** The bytes contradict their own format; the layer stopped decoding there. */
    ERROR
}
