package io.meshproof.engine.flow;

import io.meshproof.engine.anomaly.Anomaly;
import io.meshproof.engine.anomaly.AnomalySink;
import io.meshproof.engine.inventory.Inventory;
import io.meshproof.engine.keylog.SecretStore;
import io.meshproof.engine.packet.Packet;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Groups the packets of one capture into flows. Packets are handed in capture order; {@link #finish}
 * ends every stream and resolves endpoints. Memory grows with the number of flows (and with out-of-order
 * bytes waiting in reassembly), not with the number of packets.
 */
public final class FlowAssembler {
    private final String captureName;
    private final AnomalySink captureAnomalies;
    private final SecretStore secrets;
    private final Map<Key, FlowState> open = new HashMap<>();
    private final List<FlowState> all = new ArrayList<>();
    private final Map<AddressPair, FlowState> latestByAddresses = new HashMap<>();

    /** Identifies a flow regardless of direction: transport plus both address-port pairs, ordered. */
    private record Key(int protocol, InetAddress lowAddress, int lowPort, InetAddress highAddress, int highPort) {
        static Key of(int protocol, InetAddress a, int portA, InetAddress b, int portB) {
            int order = compare(a, portA, b, portB);
            return order <= 0 ? new Key(protocol, a, portA, b, portB) : new Key(protocol, b, portB, a, portA);
        }
    }

    private record AddressPair(InetAddress low, InetAddress high) {
        static AddressPair of(InetAddress a, InetAddress b) {
            return compare(a, 0, b, 0) <= 0 ? new AddressPair(a, b) : new AddressPair(b, a);
        }
    }

    /**
     * @param captureName shown with each flow
     * @param captureAnomalies receives anomalies that belong to no flow
     */
    public FlowAssembler(String captureName, AnomalySink captureAnomalies) {
        this(captureName, captureAnomalies, SecretStore.NONE);
    }

    /**
     * @param captureName shown with each flow
     * @param captureAnomalies receives anomalies that belong to no flow
     * @param secrets TLS secrets to decrypt with; looked up when each connection's handshake is seen
     */
    public FlowAssembler(String captureName, AnomalySink captureAnomalies, SecretStore secrets) {
        this.captureName = Objects.requireNonNull(captureName, "captureName");
        this.captureAnomalies = Objects.requireNonNull(captureAnomalies, "captureAnomalies");
        this.secrets = Objects.requireNonNull(secrets, "secrets");
    }

    /**
     * Takes one decoded packet with the anomalies its decoding produced.
     *
     * @param wireLength the frame's length on the wire, counted into the flow's bytes
     */
    public void accept(Packet packet, int wireLength, List<Anomaly> packetAnomalies) {
        if (!packet.portsKnown()) {
            attachToLatest(packet, packetAnomalies);
            return;
        }
        Key key = Key.of(packet.protocol(), packet.source(), packet.sourcePort(), packet.destination(),
                packet.destinationPort());
        FlowState state = open.get(key);
        if (state != null && state.isReusedBy(packet)) {
            // RFC 793 allows a new connection on the same ports once the old one has closed.
            open.remove(key);
            state = null;
        }
        if (state == null) {
            state = new FlowState(all.size(), packet, secrets);
            open.put(key, state);
            all.add(state);
        }
        latestByAddresses.put(AddressPair.of(packet.source(), packet.destination()), state);
        for (Anomaly anomaly : packetAnomalies) {
            state.addAnomaly(anomaly);
        }
        state.accept(packet, wireLength);
    }

    /** Frames without usable ports: their anomalies go to the last flow between the same addresses. */
    private void attachToLatest(Packet packet, List<Anomaly> packetAnomalies) {
        FlowState state = latestByAddresses.get(AddressPair.of(packet.source(), packet.destination()));
        for (Anomaly anomaly : packetAnomalies) {
            if (state == null) {
                captureAnomalies.report(anomaly);
            } else {
                state.addAnomaly(anomaly);
            }
        }
    }

    /**
     * Ends every stream and returns the flows in order of their first frame, ids counted from
     * {@code firstId}.
     */
    public List<Flow> finish(Inventory inventory, int firstId) {
        List<Flow> flows = new ArrayList<>(all.size());
        all.sort(Comparator.comparingLong(FlowState::firstFrame));
        for (FlowState state : all) {
            flows.add(state.finish(firstId + flows.size(), captureName, inventory));
        }
        open.clear();
        all.clear();
        return linkResumptions(flows);
    }

    /**
     * RFC 8446 4.6.1, 4.2.11: a resumed TLS 1.3 connection offers, as its PSK identity, a ticket an earlier
     * connection received in a NewSessionTicket. Where that ticket was decrypted in this capture, the
     * resumption is linked to the earlier flow and inherits its client authentication.
     */
    private static List<Flow> linkResumptions(List<Flow> flows) {
        Map<String, Flow> byTicket = new HashMap<>();
        List<Flow> linked = new ArrayList<>(flows.size());
        for (Flow flow : flows) {
            Flow out = flow;
            if (flow.tls() != null && flow.tls().resumed()) {
                out = flow.tls().pskIdentityIds().stream().map(byTicket::get).filter(Objects::nonNull).findFirst()
                        .map(full -> flow.withTls(flow.tls().resuming(full.id(), full.tls()))).orElse(flow);
            }
            if (out.tls() != null) {
                for (String ticket : out.tls().ticketIds()) {
                    byTicket.putIfAbsent(ticket, out);
                }
            }
            linked.add(out);
        }
        return linked;
    }

    /** Number of flows seen so far. */
    public int size() {
        return all.size();
    }

    static int compare(InetAddress a, int portA, InetAddress b, int portB) {
        byte[] x = a.getAddress();
        byte[] y = b.getAddress();
        if (x.length != y.length) {
            return Integer.compare(x.length, y.length);
        }
        for (int i = 0; i < x.length; i++) {
            int d = Integer.compare(x[i] & 0xff, y[i] & 0xff);
            if (d != 0) {
                return d;
            }
        }
        return Integer.compare(portA, portB);
    }
}
