package io.meshproof.engine.tcp;

import io.meshproof.engine.anomaly.AnomalyKind;
import io.meshproof.engine.anomaly.Severity;

/** The anomalies TCP stream reassembly reports. */
public final class TcpAnomalies {
    public static final AnomalyKind STREAM_GAP = new AnomalyKind("tcp.stream.gap", Severity.WARNING,
            "bytes of a TCP stream were never captured; what follows the hole is decoded without them");
    public static final AnomalyKind STREAM_START_MISSED = new AnomalyKind("tcp.stream.start_missed",
            Severity.NOTE, "the TCP stream began before the capture did (no SYN seen)");
    public static final AnomalyKind RETRANSMISSION_CONFLICT = new AnomalyKind("tcp.retransmission.conflict",
            Severity.WARNING, "a retransmitted segment carries bytes that differ from the first copy");

    private TcpAnomalies() {
    }
}
