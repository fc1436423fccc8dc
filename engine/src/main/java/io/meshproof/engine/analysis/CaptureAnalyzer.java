package io.meshproof.engine.analysis;

import io.meshproof.engine.anomaly.Anomaly;
import io.meshproof.engine.capture.CaptureException;
import io.meshproof.engine.capture.CaptureReader;
import io.meshproof.engine.capture.Frame;
import io.meshproof.engine.flow.FlowAssembler;
import io.meshproof.engine.inventory.Inventory;
import io.meshproof.engine.packet.Packet;
import io.meshproof.engine.packet.PacketDecoder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Objects;

/**
 * Reads captures into flows: frames, dissected layers, reassembled streams, resolved endpoints. Holds no
 * state between calls beyond the inventory it was given, and never prints.
 */
public final class CaptureAnalyzer {
    private static final int PROGRESS_EVERY_FRAMES = 65_536;

    private final Inventory inventory;

    public CaptureAnalyzer(Inventory inventory) {
        this.inventory = Objects.requireNonNull(inventory, "inventory");
    }

    /**
     * Reads one capture. Flow ids start at {@code firstId}, so that several captures read in turn give
     * unique ids.
     *
     * @throws CaptureException when the file cannot be used at all (missing, unreadable, not a capture)
     */
    public CaptureAnalysis read(Path path, int firstId, Progress progress) throws CaptureException {
        String name = path.toString();
        long total = sizeOf(path);
        List<Anomaly> captureAnomalies = new ArrayList<>();
        List<Anomaly> frameAnomalies = new ArrayList<>();
        PacketDecoder decoder = new PacketDecoder(frameAnomalies::add);
        FlowAssembler assembler = new FlowAssembler(name, captureAnomalies::add);
        long frames = 0;
        try (CaptureReader reader = CaptureReader.open(path)) {
            Frame frame;
            while ((frame = reader.next()) != null) {
                frames++;
                frameAnomalies.clear();
                Optional<Packet> packet = decoder.decode(frame);
                if (packet.isPresent()) {
                    assembler.accept(packet.get(), frame.originalLength(), List.copyOf(frameAnomalies));
                } else {
                    captureAnomalies.addAll(frameAnomalies);
                }
                if (frames % PROGRESS_EVERY_FRAMES == 0) {
                    progress.update(name, reader.bytesRead(), total);
                }
            }
            progress.update(name, total, total);
            return new CaptureAnalysis(name, reader.format(), frames, assembler.finish(inventory, firstId),
                    captureAnomalies, reader.warnings());
        } catch (IOException e) {
            throw new CaptureException(name + ": cannot be read (" + e.getMessage() + ")");
        }
    }

    /** Reads captures in turn, numbering flows across all of them. */
    public List<CaptureAnalysis> readAll(List<Path> paths, Progress progress) throws CaptureException {
        List<CaptureAnalysis> out = new ArrayList<>();
        int nextId = 1;
        for (Path path : paths) {
            CaptureAnalysis analysis = read(path, nextId, progress);
            nextId += analysis.flows().size();
            out.add(analysis);
        }
        return out;
    }

    private static long sizeOf(Path path) {
        try {
            return Files.size(path);
        } catch (IOException e) {
            return -1;
        }
    }
}
