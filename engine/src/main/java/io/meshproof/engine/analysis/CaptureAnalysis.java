package io.meshproof.engine.analysis;

import io.meshproof.engine.anomaly.Anomaly;
import io.meshproof.engine.capture.CaptureWarning;
import io.meshproof.engine.flow.Flow;
import io.meshproof.engine.flow.Quality;
import io.meshproof.engine.keylog.KeyLogWarning;
import java.util.List;
import java.util.OptionalLong;

/**
 * What one capture file yielded.
 *
 * @param capture the file's name as the user gave it
 * @param format "pcap" or "pcapng"
 * @param frames how many whole frames were read
 * @param flows its flows, in order of their first frame; empty when they were streamed
 * @param flowCount how many flows the capture has, whether listed in {@code flows} or streamed
 * @param anomalies anomalies that belong to no flow (frames without IP, unsupported link types)
 * @param warnings problems with the file itself, such as a cut-off last frame
 * @param keyLogWarnings lines skipped in the key logs embedded in the file (never their content)
 * @param droppedPackets packets the capturing side dropped, from pcapng interface statistics; empty when the
 *     file does not say (every pcap file). When above zero, every flow carries {@link Quality#KERNEL_DROPS}
 */
public record CaptureAnalysis(String capture, String format, long frames, List<Flow> flows, int flowCount,
        List<Anomaly> anomalies, List<CaptureWarning> warnings, List<KeyLogWarning> keyLogWarnings,
        OptionalLong droppedPackets) {
    public CaptureAnalysis {
        flows = List.copyOf(flows);
        anomalies = List.copyOf(anomalies);
        warnings = List.copyOf(warnings);
        keyLogWarnings = List.copyOf(keyLogWarnings);
    }

    /** A capture with its flows listed. */
    public CaptureAnalysis(String capture, String format, long frames, List<Flow> flows,
            List<Anomaly> anomalies, List<CaptureWarning> warnings, List<KeyLogWarning> keyLogWarnings,
            OptionalLong droppedPackets) {
        this(capture, format, frames, flows, flows.size(), anomalies, warnings, keyLogWarnings, droppedPackets);
    }

    /** A capture whose file does not say whether packets were dropped. */
    public CaptureAnalysis(String capture, String format, long frames, List<Flow> flows,
            List<Anomaly> anomalies, List<CaptureWarning> warnings, List<KeyLogWarning> keyLogWarnings) {
        this(capture, format, frames, flows, anomalies, warnings, keyLogWarnings, OptionalLong.empty());
    }
}
