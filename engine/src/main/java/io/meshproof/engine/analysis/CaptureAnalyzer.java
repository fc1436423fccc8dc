package io.meshproof.engine.analysis;

import io.meshproof.engine.anomaly.Anomaly;
import io.meshproof.engine.capture.CaptureException;
import io.meshproof.engine.capture.CaptureReader;
import io.meshproof.engine.capture.DecryptionSecrets;
import io.meshproof.engine.capture.Frame;
import io.meshproof.engine.flow.FlowAssembler;
import io.meshproof.engine.inventory.Inventory;
import io.meshproof.engine.keylog.KeyLog;
import io.meshproof.engine.keylog.KeyLogWarning;
import io.meshproof.engine.keylog.KeyRing;
import io.meshproof.engine.packet.Packet;
import io.meshproof.engine.packet.PacketDecoder;
import io.meshproof.engine.flow.Flow;
import io.meshproof.engine.flow.Quality;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.util.Objects;

/**
 * Reads captures into flows: frames, dissected layers, reassembled streams, resolved endpoints, TLS
 * decrypted where secrets are known. Secrets come from the key log files given to the constructor (used for
 * every capture) and, unless told otherwise, from the key logs a pcapng file embeds in Decryption Secrets
 * Blocks (used for that capture only, from the block on). Holds no state between calls beyond what it was
 * given, and never prints.
 */
public final class CaptureAnalyzer {
    private static final Logger LOG = LoggerFactory.getLogger(CaptureAnalyzer.class);

    private static final int PROGRESS_EVERY_FRAMES = 65_536;

    private static final String EMBEDDED = "embedded";

    private final Inventory inventory;
    private final KeyLog keyLogFiles;
    private final boolean useEmbeddedSecrets;

    /** An analyzer without key log files that uses the secrets captures embed. */
    public CaptureAnalyzer(Inventory inventory) {
        this(inventory, KeyLog.empty(), true);
    }

    /**
     * @param keyLogFiles the secrets of the key log files the user gave, for every capture
     * @param useEmbeddedSecrets whether key logs inside pcapng files are used too
     */
    public CaptureAnalyzer(Inventory inventory, KeyLog keyLogFiles, boolean useEmbeddedSecrets) {
        this.inventory = Objects.requireNonNull(inventory, "inventory");
        this.keyLogFiles = Objects.requireNonNull(keyLogFiles, "keyLogFiles");
        this.useEmbeddedSecrets = useEmbeddedSecrets;
    }

    /**
     * Reads one capture. Flow ids start at {@code firstId}, so that several captures read in turn give
     * unique ids.
     *
     * @throws CaptureException when the file cannot be used at all (missing, unreadable, not a capture)
     */
    public CaptureAnalysis read(Path path, int firstId, Progress progress) throws CaptureException {
        return read(path, firstId, progress, null);
    }

    /**
     * Reads one capture, handing each flow to {@code sink} as soon as nothing can change it, so that memory
     * grows with the flows open at a time rather than with the capture. Flows come roughly in the order they
     * ended, with the ids of {@link #read(Path, int, Progress)}; those still open at the end come in id order.
     * The returned analysis holds no flows; {@link CaptureAnalysis#flowCount()} says how many were handed on.
     */
    public CaptureAnalysis stream(Path path, int firstId, Progress progress, Consumer<Flow> sink)
            throws CaptureException {
        return read(path, firstId, progress, Objects.requireNonNull(sink, "sink"));
    }

    private CaptureAnalysis read(Path path, int firstId, Progress progress, Consumer<Flow> sink)
            throws CaptureException {
        String name = path.toString();
        long total = sizeOf(path);
        List<Anomaly> captureAnomalies = new ArrayList<>();
        List<Anomaly> frameAnomalies = new ArrayList<>();
        PacketDecoder decoder = new PacketDecoder(frameAnomalies::add);
        KeyRing keys = new KeyRing(keyLogFiles);
        List<KeyLogWarning> keyLogWarnings = new ArrayList<>();
        Consumer<Flow> output = sink;
        if (sink != null && droppedBeforeReading(path)) {
            // Interface statistics carry no times: every flow of the capture may have lost packets.
            output = flow -> sink.accept(flow.withQuality(Quality.KERNEL_DROPS));
        }
        FlowAssembler assembler = new FlowAssembler(name, captureAnomalies::add, keys, inventory, firstId,
                output);
        long frames = 0;
        int secretBlocks = 0;
        try (CaptureReader reader = CaptureReader.open(path)) {
            Frame frame;
            while ((frame = reader.next()) != null) {
                frames++;
                if (useEmbeddedSecrets) {
                    secretBlocks = addEmbeddedSecrets(reader, secretBlocks, keys, keyLogWarnings);
                }
                frameAnomalies.clear();
                Optional<Packet> packet = decoder.decode(frame);
                if (packet.isPresent()) {
                    assembler.accept(packet.get(), frame.originalLength(),
                            frameAnomalies.isEmpty() ? List.of() : List.copyOf(frameAnomalies));
                } else {
                    captureAnomalies.addAll(frameAnomalies);
                }
                if (frames % PROGRESS_EVERY_FRAMES == 0) {
                    progress.update(name, reader.bytesRead(), total);
                }
            }
            // Fragments whose datagram never completed are reported once the capture has ended.
            frameAnomalies.clear();
            decoder.finish();
            captureAnomalies.addAll(frameAnomalies);
            progress.update(name, total, total);
            int flowCount = assembler.size();
            List<Flow> flows = assembler.finish();
            OptionalLong dropped = reader.droppedPackets();
            if (sink == null && dropped.orElse(0) > 0) {
                // Interface statistics carry no times: every flow of the capture may have lost packets.
                flows = flows.stream().map(flow -> flow.withQuality(Quality.KERNEL_DROPS)).toList();
            }
            LOG.debug("{}: {} frames, {} flows, {} capture-level anomalies", name, frames, flowCount,
                    captureAnomalies.size());
            return new CaptureAnalysis(name, reader.format(), frames, flows, flowCount,
                    captureAnomalies, reader.warnings(), keyLogWarnings, dropped);
        } catch (IOException e) {
            throw new CaptureException(name + ": cannot be read (" + e.getMessage() + ")");
        }
    }

    /**
     * Whether the capture says it dropped packets. pcapng writers put Interface Statistics Blocks at the end,
     * so a pcapng file is read through once beforehand (frames only, no decoding); a pcap file never says.
     */
    private static boolean droppedBeforeReading(Path path) throws CaptureException {
        try (CaptureReader reader = CaptureReader.open(path)) {
            if (!"pcapng".equals(reader.format())) {
                return false;
            }
            while (reader.next() != null) {
                // Only the statistics at the end matter.
            }
            return reader.droppedPackets().orElse(0) > 0;
        } catch (IOException e) {
            throw new CaptureException(path + ": cannot be read (" + e.getMessage() + ")");
        }
    }

    /** Reads captures in turn, numbering flows across all of them. */
    public List<CaptureAnalysis> readAll(List<Path> paths, Progress progress) throws CaptureException {
        List<CaptureAnalysis> out = new ArrayList<>();
        int nextId = 1;
        for (Path path : paths) {
            CaptureAnalysis analysis = read(path, nextId, progress);
            nextId += analysis.flowCount();
            out.add(analysis);
        }
        return out;
    }

    /** {@link #stream} for captures in turn, numbering flows across all of them. */
    public List<CaptureAnalysis> streamAll(List<Path> paths, Progress progress, Consumer<Flow> sink)
            throws CaptureException {
        List<CaptureAnalysis> out = new ArrayList<>();
        int nextId = 1;
        for (Path path : paths) {
            CaptureAnalysis analysis = stream(path, nextId, progress, sink);
            nextId += analysis.flowCount();
            out.add(analysis);
        }
        return out;
    }

    /** Adds the TLS key logs of secrets blocks read since the last call; returns how many blocks were seen. */
    private static int addEmbeddedSecrets(CaptureReader reader, int seen, KeyRing keys,
            List<KeyLogWarning> warnings) {
        List<DecryptionSecrets> blocks = reader.secretsSince(seen);
        for (DecryptionSecrets block : blocks) {
            if (block.isTlsKeyLog()) {
                KeyLog embedded = KeyLog.parse(block.text(), EMBEDDED);
                keys.add(embedded);
                warnings.addAll(embedded.warnings());
            }
        }
        return seen + blocks.size();
    }

    private static long sizeOf(Path path) {
        try {
            return Files.size(path);
        } catch (IOException e) {
            return -1;
        }
    }
}
