package io.meshproof.engine.flow;

import io.meshproof.engine.anomaly.Anomaly;
import io.meshproof.engine.anomaly.AnomalySink;
import io.meshproof.engine.inventory.Inventory;
import io.meshproof.engine.keylog.SecretStore;
import io.meshproof.engine.packet.Packet;
import java.net.InetAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;

/**
 * Groups the packets of one capture into flows. Packets are handed in capture order; a flow is finished into
 * its immutable {@link Flow} as soon as it is over, so memory grows with the number of open flows (and with
 * out-of-order bytes waiting in reassembly), not with the number of packets or the length of the capture.
 *
 * <p>Capture time is the latest frame time seen. A TCP flow is over {@link #CLOSE_GRACE_NANOS} after both
 * FINs or a RST, so that late ACKs and retransmissions still count into it; a fresh SYN on its ports ends it
 * at once. A finished TCP flow's ports are remembered for {@link #LATE_PACKET_NANOS} more: packets that still
 * arrive for them (other than a fresh SYN) are counted into the finished flow's packets and bytes, not
 * decoded. A UDP conversation is over after {@link #UDP_IDLE_NANOS} without a packet; a later datagram starts
 * a new flow. TCP flows that never close stay open to the end of the capture. Flow ids are given at a flow's
 * first frame, so they count in order of first frames.
 */
public final class FlowAssembler {
    /** Capture time a closed TCP flow keeps decoding late segments before it is finished. */
    static final long CLOSE_GRACE_NANOS = 2_000_000_000L;

    /** Capture time packets for a finished TCP flow's ports are still counted into it. */
    static final long LATE_PACKET_NANOS = 60_000_000_000L;

    /** Capture time without a datagram after which a UDP conversation is finished. */
    static final long UDP_IDLE_NANOS = 60_000_000_000L;

    private final String captureName;
    private final AnomalySink captureAnomalies;
    private final SecretStore secrets;
    private final Inventory inventory;
    private final int firstId;
    private final Map<Key, FlowState> open = new HashMap<>();
    private final Map<Key, Finished> recentlyFinished = new HashMap<>();
    /** The same, in the order they were finished, so that the oldest can be forgotten first. */
    private final ArrayDeque<Map.Entry<Key, Finished>> forgetQueue = new ArrayDeque<>();
    /** When to look again whether an open flow is over: closed TCP flows and UDP conversations. */
    private final PriorityQueue<Timer> timers = new PriorityQueue<>(Comparator.comparingLong(Timer::due));
    /** Finished flows by order of first frame; null while a flow is open. */
    private final List<Flow> flows = new ArrayList<>();
    private final Map<AddressPair, FlowState> latestByAddresses = new HashMap<>();
    private long now = Long.MIN_VALUE;

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

    /** A finished TCP flow's slot, kept so that late packets count into it until {@code forgetAt}. */
    private record Finished(int order, long forgetAt) {
    }

    /** At capture time {@code due}, look whether {@code state} is over. */
    private record Timer(long due, Key key, FlowState state) {
    }

    /**
     * @param captureName shown with each flow
     * @param captureAnomalies receives anomalies that belong to no flow
     * @param secrets TLS secrets to decrypt with; looked up when each connection's handshake is seen
     * @param inventory resolves each flow's endpoints when the flow is finished
     * @param firstId the id of the capture's first flow
     */
    public FlowAssembler(String captureName, AnomalySink captureAnomalies, SecretStore secrets,
            Inventory inventory, int firstId) {
        this.captureName = Objects.requireNonNull(captureName, "captureName");
        this.captureAnomalies = Objects.requireNonNull(captureAnomalies, "captureAnomalies");
        this.secrets = Objects.requireNonNull(secrets, "secrets");
        this.inventory = Objects.requireNonNull(inventory, "inventory");
        this.firstId = firstId;
    }

    /**
     * Takes one decoded packet with the anomalies its decoding produced.
     *
     * @param wireLength the frame's length on the wire, counted into the flow's bytes
     */
    public void accept(Packet packet, int wireLength, List<Anomaly> packetAnomalies) {
        advanceClock(packet.timestampNanos());
        if (!packet.portsKnown()) {
            attachToLatest(packet, packetAnomalies);
            return;
        }
        Key key = Key.of(packet.protocol(), packet.source(), packet.sourcePort(), packet.destination(),
                packet.destinationPort());
        FlowState state = open.get(key);
        if (state != null && state.isReusedBy(packet)) {
            // RFC 793 allows a new connection on the same ports once the old one has closed.
            finishFlow(key, state);
            state = null;
        }
        if (state == null && countLate(key, packet, wireLength, packetAnomalies)) {
            return;
        }
        if (state == null) {
            state = new FlowState(flows.size(), packet, secrets);
            open.put(key, state);
            flows.add(null);
            if (key.protocol() != FlowState.TCP) {
                timers.add(new Timer(packet.timestampNanos() + UDP_IDLE_NANOS, key, state));
            }
        }
        latestByAddresses.put(AddressPair.of(packet.source(), packet.destination()), state);
        for (Anomaly anomaly : packetAnomalies) {
            state.addAnomaly(anomaly);
        }
        boolean wasClosed = state.closed();
        state.accept(packet, wireLength);
        if (!wasClosed && state.closed()) {
            timers.add(new Timer(now + CLOSE_GRACE_NANOS, key, state));
        }
    }

    /** Counts a packet into the finished flow its ports belong to; false when there is none, or on a new SYN. */
    private boolean countLate(Key key, Packet packet, int wireLength, List<Anomaly> packetAnomalies) {
        Finished finished = recentlyFinished.get(key);
        if (finished == null) {
            return false;
        }
        if (finished.forgetAt() < now) {
            recentlyFinished.remove(key);
            return false;
        }
        if (packet.transportDecoded() && packet.syn() && !packet.ack()) {
            recentlyFinished.remove(key);
            return false;
        }
        Flow flow = flows.get(finished.order());
        flows.set(finished.order(), flow.withLatePacket(packet, wireLength, packetAnomalies));
        return true;
    }

    /** Frames without usable ports: their anomalies go to the open flow last seen between the same addresses. */
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

    /** Moves capture time forward (never back) and finishes the flows that are over by then. */
    private void advanceClock(long nanos) {
        if (nanos <= now) {
            return;
        }
        now = nanos;
        while (!timers.isEmpty() && timers.peek().due() <= now) {
            Timer timer = timers.poll();
            FlowState state = timer.state();
            if (open.get(timer.key()) != state) {
                continue;
            }
            if (state.isOver(now, CLOSE_GRACE_NANOS, UDP_IDLE_NANOS)) {
                finishFlow(timer.key(), state);
            } else {
                // Traffic came since the timer was set: look again one timeout after the latest packet.
                long timeout = timer.key().protocol() == FlowState.TCP ? CLOSE_GRACE_NANOS : UDP_IDLE_NANOS;
                timers.add(new Timer(state.lastNanos() + timeout, timer.key(), state));
            }
        }
        while (!forgetQueue.isEmpty() && forgetQueue.peekFirst().getValue().forgetAt() < now) {
            Map.Entry<Key, Finished> oldest = forgetQueue.pollFirst();
            recentlyFinished.remove(oldest.getKey(), oldest.getValue());
        }
    }

    private void finishFlow(Key key, FlowState state) {
        open.remove(key);
        AddressPair pair = AddressPair.of(key.lowAddress(), key.highAddress());
        latestByAddresses.remove(pair, state);
        flows.set(state.order(), state.finish(firstId + state.order(), captureName, inventory));
        if (key.protocol() == FlowState.TCP) {
            // Counted from the flow's last packet, not from when a later packet's time finished it.
            Finished finished = new Finished(state.order(), state.lastNanos() + LATE_PACKET_NANOS);
            recentlyFinished.put(key, finished);
            forgetQueue.addLast(Map.entry(key, finished));
        }
    }

    /** Ends every open stream and returns all flows in order of their first frame. */
    public List<Flow> finish() {
        for (Map.Entry<Key, FlowState> entry : List.copyOf(open.entrySet())) {
            finishFlow(entry.getKey(), entry.getValue());
        }
        recentlyFinished.clear();
        forgetQueue.clear();
        timers.clear();
        latestByAddresses.clear();
        List<Flow> all = linkResumptions(flows);
        flows.clear();
        return all;
    }

    /** Flows not yet finished, for tests and diagnostics. */
    int openFlows() {
        return open.size();
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

    /** Number of flows seen so far, open or finished. */
    public int size() {
        return flows.size();
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
