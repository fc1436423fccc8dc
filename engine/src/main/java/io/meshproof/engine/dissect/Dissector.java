package io.meshproof.engine.dissect;

import io.meshproof.engine.anomaly.Anomaly;
import io.meshproof.engine.capture.CaptureException;
import io.meshproof.engine.capture.CaptureReader;
import io.meshproof.engine.capture.CaptureWarning;
import io.meshproof.engine.capture.DecryptionSecrets;
import io.meshproof.engine.capture.Frame;
import io.meshproof.engine.flow.AddressText;
import io.meshproof.engine.keylog.KeyLog;
import io.meshproof.engine.keylog.KeyRing;
import io.meshproof.engine.packet.Packet;
import io.meshproof.engine.packet.PacketDecoder;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Dissects a capture frame by frame, as Wireshark's packet list and detail pane show it: link, IP, TCP or UDP
 * from the frame itself, and the application units (TLS records, HTTP heads, HTTP/2 frames, DNS messages)
 * that the engine's own decoders report through {@link FrameEvents} while the frame is processed.
 *
 * <p>Streaming: each frame is handed to the consumer as soon as it has been processed, before the next one is
 * read. A unit completed by a frame (a TLS record whose last bytes it carries, a request the segment finishes)
 * is shown in that frame, as Wireshark shows a reassembled PDU in its last segment; the earlier segments show
 * as TCP. Nothing is buffered per flow beyond what the reassembler and decoders keep anyway (out-of-order
 * bytes, at most 1 MiB per direction; a handshake message being reassembled), so memory grows with the open
 * flows, not the file. What decoders only conclude when the capture ends (a message cut short) is reported to
 * no frame, as every frame has been shown by then.
 *
 * <p>Flows are numbered exactly as {@code FlowAssembler} numbers them (the order of their first frame,
 * counting from the first id given, a reused port pair starting a new flow), so {@code --flow N} picks the
 * flow {@code meshproof flows} calls N. Not thread-safe.
 */
public final class Dissector {
    private static final String EMBEDDED = "embedded";

    private final KeyLog keyLogFiles;

    /** What to show: a flow id and a frame number, each 0 for all. */
    public record Selection(int flowId, long frame) {
        public static final Selection ALL = new Selection(0, 0);

        boolean shows(int flow, long number) {
            return (flowId == 0 || flow == flowId) && (frame == 0 || number == frame);
        }
    }

    /** What one capture held: its flow count (for numbering the next capture's flows) and warnings. */
    public record Summary(long frames, int flows, List<CaptureWarning> warnings) {
        public Summary {
            warnings = List.copyOf(warnings);
        }
    }

    /** @param keyLogFiles secrets from the user's key log files; a pcapng file's embedded ones are added */
    public Dissector(KeyLog keyLogFiles) {
        this.keyLogFiles = Objects.requireNonNull(keyLogFiles, "keyLogFiles");
    }

    /**
     * Dissects one capture, handing each selected frame to {@code out} in capture order.
     *
     * @param firstFlowId the id of the capture's first flow, as {@code CaptureAnalyzer.readAll} counts
     * @throws CaptureException when the file cannot be used at all (missing, unreadable, not a capture)
     */
    public Summary dissect(Path path, int firstFlowId, Selection selection, Consumer<DissectedFrame> out)
            throws CaptureException {
        Run run = new Run(firstFlowId, selection, out);
        try (CaptureReader reader = CaptureReader.open(path)) {
            Frame frame;
            int secretBlocks = 0;
            while ((frame = reader.next()) != null) {
                secretBlocks = run.addEmbeddedSecrets(reader, secretBlocks);
                run.accept(frame);
            }
            run.finish();
            return new Summary(reader.framesRead(), run.flowCount(), reader.warnings());
        } catch (IOException e) {
            throw new CaptureException(path + ": cannot be read (" + e.getMessage() + ")");
        }
    }

    /** One application unit reported while a frame was processed. */
    private record Unit(String protocol, String info, List<Field> fields) {
    }

    /** The state of one capture's dissection. */
    private final class Run implements FrameEvents {
        private final int firstFlowId;
        private final Selection selection;
        private final Consumer<DissectedFrame> out;
        private final KeyRing keys = new KeyRing(keyLogFiles);
        private final List<Anomaly> anomalies = new ArrayList<>();
        private final PacketDecoder decoder = new PacketDecoder(anomalies::add);
        private final Map<List<Object>, DissectFlow> open = new HashMap<>();
        private final Map<List<InetAddress>, DissectFlow> latestByAddresses = new HashMap<>();
        private final List<Unit> units = new ArrayList<>();
        private final List<DissectFlow> flows = new ArrayList<>();
        private long firstNanos = Long.MIN_VALUE;

        Run(int firstFlowId, Selection selection, Consumer<DissectedFrame> out) {
            this.firstFlowId = firstFlowId;
            this.selection = selection;
            this.out = out;
        }

        @Override
        public void layer(long frame, String protocol, String info, List<Field> fields) {
            units.add(new Unit(protocol, info, fields));
        }

        int flowCount() {
            return flows.size();
        }

        int addEmbeddedSecrets(CaptureReader reader, int seen) {
            List<DecryptionSecrets> blocks = reader.secretsSince(seen);
            for (DecryptionSecrets block : blocks) {
                if (block.isTlsKeyLog()) {
                    keys.add(KeyLog.parse(block.text(), EMBEDDED));
                }
            }
            return seen + blocks.size();
        }

        void accept(Frame frame) {
            if (firstNanos == Long.MIN_VALUE) {
                firstNanos = frame.timestampNanos();
            }
            long relative = frame.timestampNanos() - firstNanos;
            anomalies.clear();
            units.clear();
            List<Field> layers = new ArrayList<>();
            layers.add(PacketFields.frame(frame, relative));
            Field link = PacketFields.link(frame);
            if (link != null) {
                layers.add(link);
            }
            Optional<Packet> decoded = decoder.decode(frame);
            if (decoded.isEmpty()) {
                String protocol = PacketFields.nonIpProtocol(frame);
                layers.add(Field.undecoded("no IP packet in this frame (" + protocol + ")"));
                addAnomalies(layers);
                emit(frame, relative, "", "", protocol, protocol + " (not decoded)", 0, layers);
                return;
            }
            Packet packet = decoded.get();
            Optional.ofNullable(PacketFields.tunnel(packet)).ifPresent(layers::add);
            layers.add(PacketFields.ip(packet));
            String[] info = {""};
            DissectFlow flow = flowOf(packet);
            String protocol = packet.ipVersion() == 4 ? "IPv4" : "IPv6";
            if (packet.portsKnown() && flow != null) {
                layers.add(flow.accept(packet, info));
                protocol = packet.isTcp() ? "TCP" : "UDP";
                boolean waiting = packet.isTcp() && packet.payloadLength() > 0 && units.isEmpty()
                        && flow.decodesStream();
                if (waiting) {
                    // tshark's note on a segment whose bytes belong to a unit a later segment completes
                    info[0] += " [TCP segment of a reassembled PDU]";
                }
            } else {
                info[0] = packet.fragment() ? "Fragmented IP protocol (proto=" + packet.protocol() + ")"
                        : "IP protocol " + packet.protocol() + " (not decoded)";
            }
            for (Unit unit : units) {
                layers.add(Field.tree(unit.protocol(), unit.info(), unit.fields()));
            }
            if (!units.isEmpty()) {
                protocol = units.get(units.size() - 1).protocol();
                info[0] = topInfo(protocol);
            }
            addAnomalies(layers);
            emit(frame, relative, AddressText.format(packet.source()), AddressText.format(packet.destination()),
                    protocol, info[0], flow == null ? 0 : flow.id, layers);
        }

        /** The infos of the last run of units with the top protocol, joined as Wireshark's info column. */
        private String topInfo(String protocol) {
            List<String> infos = new ArrayList<>();
            for (int i = units.size() - 1; i >= 0 && units.get(i).protocol().equals(protocol); i--) {
                infos.add(0, units.get(i).info());
            }
            return String.join(", ", infos);
        }

        private void addAnomalies(List<Field> layers) {
            for (Anomaly anomaly : anomalies) {
                layers.add(Field.tree("_ws.expert", anomaly.id(), List.of(
                        Field.of("_ws.expert.severity", anomaly.severity()),
                        Field.of("_ws.expert.message", anomaly.detail()))));
            }
        }

        private void emit(Frame frame, long relative, String source, String destination, String protocol,
                String info, int flowId, List<Field> layers) {
            if (selection.shows(flowId, frame.number())) {
                out.accept(new DissectedFrame(frame.number(), relative, source, destination, protocol,
                        frame.originalLength(), info, flowId, layers));
            }
        }

        /** The flow of a packet, found or started as {@code FlowAssembler} does; null for a portless packet. */
        private DissectFlow flowOf(Packet packet) {
            List<InetAddress> addresses = ordered(packet.source(), 0, packet.destination(), 0);
            if (!packet.portsKnown()) {
                return latestByAddresses.get(addresses);
            }
            List<Object> key = key(packet);
            DissectFlow flow = open.get(key);
            if (flow != null && flow.isReusedBy(packet)) {
                flow.finish();
                flow = null;
            }
            if (flow == null) {
                flow = new DissectFlow(firstFlowId + flows.size(), packet, keys, this, anomalies::add);
                open.put(key, flow);
                flows.add(flow);
            }
            latestByAddresses.put(addresses, flow);
            return flow;
        }

        void finish() {
            decoder.finish();
            open.values().forEach(DissectFlow::finish);
        }
    }

    private static List<Object> key(Packet packet) {
        boolean lowFirst = compare(packet.source(), packet.sourcePort(), packet.destination(),
                packet.destinationPort()) <= 0;
        return lowFirst
                ? List.of(packet.protocol(), packet.source(), packet.sourcePort(), packet.destination(),
                        packet.destinationPort())
                : List.of(packet.protocol(), packet.destination(), packet.destinationPort(), packet.source(),
                        packet.sourcePort());
    }

    private static List<InetAddress> ordered(InetAddress a, int portA, InetAddress b, int portB) {
        return compare(a, portA, b, portB) <= 0 ? List.of(a, b) : List.of(b, a);
    }

    private static int compare(InetAddress a, int portA, InetAddress b, int portB) {
        // FlowAssembler's order: shorter addresses first, then unsigned bytes, then ports
        byte[] x = a.getAddress();
        byte[] y = b.getAddress();
        if (x.length != y.length) {
            return Integer.compare(x.length, y.length);
        }
        int order = Arrays.compareUnsigned(x, y);
        return order != 0 ? order : Integer.compare(portA, portB);
    }
}
