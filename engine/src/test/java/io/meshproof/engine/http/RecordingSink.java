package io.meshproof.engine.http;

import io.meshproof.engine.anomaly.Anomaly;
import io.meshproof.engine.anomaly.AnomalySink;
import java.util.ArrayList;
import java.util.List;

/** Keeps every anomaly reported, for assertions. */
final class RecordingSink implements AnomalySink {
    private final List<Anomaly> anomalies = new ArrayList<>();

    @Override
    public void report(Anomaly anomaly) {
        anomalies.add(anomaly);
    }

    List<Anomaly> anomalies() {
        return anomalies;
    }

    List<String> ids() {
        return anomalies.stream().map(Anomaly::id).toList();
    }
}
