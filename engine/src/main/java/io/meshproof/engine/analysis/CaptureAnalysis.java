package io.meshproof.engine.analysis;

import io.meshproof.engine.anomaly.Anomaly;
import io.meshproof.engine.capture.CaptureWarning;
import io.meshproof.engine.flow.Flow;
import io.meshproof.engine.keylog.KeyLogWarning;
import java.util.List;

/**
 * What one capture file yielded.
 *
 * @param capture the file's name as the user gave it
 * @param format "pcap" or "pcapng"
 * @param frames how many whole frames were read
 * @param flows its flows, in order of their first frame
 * @param anomalies anomalies that belong to no flow (frames without IP, unsupported link types)
 * @param warnings problems with the file itself, such as a cut-off last frame
 * @param keyLogWarnings lines skipped in the key logs embedded in the file (never their content)
 */
public record CaptureAnalysis(String capture, String format, long frames, List<Flow> flows,
        List<Anomaly> anomalies, List<CaptureWarning> warnings, List<KeyLogWarning> keyLogWarnings) {
    public CaptureAnalysis {
        flows = List.copyOf(flows);
        anomalies = List.copyOf(anomalies);
        warnings = List.copyOf(warnings);
        keyLogWarnings = List.copyOf(keyLogWarnings);
    }
}
