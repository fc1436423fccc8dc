package io.meshproof.engine.flow;

import io.meshproof.engine.anomaly.Anomaly;
import io.meshproof.engine.anomaly.AnomalySink;
import io.meshproof.engine.inventory.Inventory;
import io.meshproof.engine.keylog.SecretStore;
import io.meshproof.engine.packet.Packet;
import io.meshproof.engine.tls.CertificateCache;
import io.meshproof.engine.tls.SharedValues;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.function.Consumer;

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
 *
 * <p>A flow is handed to the sink once nothing can change it any more: a TCP flow when its late-packet time
 * is over, any other flow when it is finished; a resumed TLS flow that offered a PSK identity waits until
 * every flow with a lower id was handed on, so that it is linked to the flow its ticket came from. Flows
 * still held when the capture ends are handed on in id order.
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
    private final PriorityQueue<Timer> timers = new PriorityQueue<>();
    /** Finished TCP flows that late packets may still change, by order of first frame. */
    private final Map<Integer, Flow> late = new HashMap<>();
    /**
     * Which flows were handed on past {@link #resumptions}, from the lowest order not handed on yet: bit
     * {@code i} stands for order {@code lowestUnsealed + i}. Flows not handed on are open or in {@link #late}.
     */
    private BitSet sealed = new BitSet();
    private int lowestUnsealed;
    private final Resumptions resumptions;
    /** Certificates decoded once for all connections of the capture. */
    private final CertificateCache certificates = new CertificateCache();
    /** Values that repeat across the capture's finished flows, held once. */
    private final SharedValues shared = new SharedValues();
    private int count;
    /** Open flows by their two addresses, for frames without ports; see {@link #attachToLatest}. */
    private final Map<AddressPair, List<FlowState>> openByAddresses = new HashMap<>();
    /** Packets taken so far: the sequence number of the latest, stored in its flow's state. */
    private long packets;
    private long now = Long.MIN_VALUE;

    /**
     * Identifies a flow regardless of direction: transport plus both address-port pairs, ordered. One is made
     * for every packet, so the hash is computed once and mixes all fields (a record's hash code, a sum of
     * multiples of 31, puts flows whose client address and port both count up into few hash buckets).
     */
    private static final class Key {
        private final int protocol;
        private final InetAddress lowAddress;
        private final int lowPort;
        private final InetAddress highAddress;
        private final int highPort;
        private final int hash;

        private Key(int protocol, InetAddress lowAddress, int lowPort, InetAddress highAddress, int highPort) {
            this.protocol = protocol;
            this.lowAddress = lowAddress;
            this.lowPort = lowPort;
            this.highAddress = highAddress;
            this.highPort = highPort;
            long ports = ((long) protocol << 32) | ((long) lowPort << 16) | highPort;
            long addresses = ((long) lowAddress.hashCode() << 32) ^ (highAddress.hashCode() & 0xffffffffL);
            this.hash = Long.hashCode(mix(addresses ^ mix(ports)));
        }

        static Key of(int protocol, InetAddress a, int portA, InetAddress b, int portB) {
            int order = compare(a, portA, b, portB);
            return order <= 0 ? new Key(protocol, a, portA, b, portB) : new Key(protocol, b, portB, a, portA);
        }

        int protocol() {
            return protocol;
        }

        InetAddress lowAddress() {
            return lowAddress;
        }

        InetAddress highAddress() {
            return highAddress;
        }

        /** The finalizer of MurmurHash3 (64 bit): every input bit changes about half the output bits. */
        private static long mix(long value) {
            long h = value;
            h ^= h >>> 33;
            h *= 0xff51afd7ed558ccdL;
            h ^= h >>> 33;
            h *= 0xc4ceb9fe1a85ec53L;
            return h ^ (h >>> 33);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && hash == key.hash && protocol == key.protocol
                    && lowPort == key.lowPort && highPort == key.highPort
                    && lowAddress.equals(key.lowAddress) && highAddress.equals(key.highAddress);
        }

        @Override
        public String toString() {
            return protocol + " " + lowAddress + ":" + lowPort + " " + highAddress + ":" + highPort;
        }
    }

    private record AddressPair(InetAddress low, InetAddress high) {
        static AddressPair of(InetAddress a, InetAddress b) {
            return compare(a, 0, b, 0) <= 0 ? new AddressPair(a, b) : new AddressPair(b, a);
        }

        // Written out: a record's generated equals and hashCode are slow before the JIT's second tier.
        @Override
        public boolean equals(Object other) {
            return other instanceof AddressPair pair && low.equals(pair.low) && high.equals(pair.high);
        }

        @Override
        public int hashCode() {
            return Long.hashCode(Key.mix(((long) low.hashCode() << 32) ^ (high.hashCode() & 0xffffffffL)));
        }
    }

    /**
     * A finished TCP flow's slot, kept so that late packets count into it until {@code forgetAt}. Equal only to
     * itself: forgetting a slot must not remove a later one of the same ports.
     */
    private static final class Finished {
        private final int order;
        private final long forgetAt;

        Finished(int order, long forgetAt) {
            this.order = order;
            this.forgetAt = forgetAt;
        }

        int order() {
            return order;
        }

        long forgetAt() {
            return forgetAt;
        }
    }

    /** At capture time {@code due}, look whether {@code state} is over; ordered by {@code due}. */
    private record Timer(long due, Key key, FlowState state) implements Comparable<Timer> {
        @Override
        public int compareTo(Timer other) {
            return Long.compare(due, other.due);
        }
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
        this(captureName, captureAnomalies, secrets, inventory, firstId, null);
    }

    /**
     * An assembler that hands each flow to {@code sink} as soon as nothing can change it (see the class
     * comment); {@link #finish()} then hands on the rest and returns an empty list.
     */
    public FlowAssembler(String captureName, AnomalySink captureAnomalies, SecretStore secrets,
            Inventory inventory, int firstId, Consumer<Flow> sink) {
        this.resumptions = new Resumptions(sink);
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
            state = new FlowState(count, packet, secrets, certificates);
            open.put(key, state);
            openByAddresses.computeIfAbsent(AddressPair.of(key.lowAddress(), key.highAddress()),
                    pair -> new ArrayList<>(1)).add(state);
            count++;
            if (key.protocol() != FlowState.TCP) {
                timers.add(new Timer(packet.timestampNanos() + UDP_IDLE_NANOS, key, state));
            }
        }
        state.latestPacket = ++packets;
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
        late.computeIfPresent(finished.order(), (order, flow) -> flow.withLatePacket(packet, wireLength,
                packetAnomalies));
        return true;
    }

    /** Frames without usable ports: their anomalies go to the open flow last seen between the same addresses. */
    private void attachToLatest(Packet packet, List<Anomaly> packetAnomalies) {
        FlowState state = null;
        for (FlowState candidate : openByAddresses.getOrDefault(AddressPair.of(packet.source(),
                packet.destination()), List.of())) {
            if (state == null || candidate.latestPacket > state.latestPacket) {
                state = candidate;
            }
        }
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
            seal(late.remove(oldest.getValue().order()));
        }
    }

    /** Hands on a flow nothing can change any more. */
    private void seal(Flow flow) {
        int order = flow.id() - firstId;
        sealed.set(order - lowestUnsealed);
        if (order == lowestUnsealed) {
            // slide the window past every flow handed on by now
            int handedOn = sealed.nextClearBit(0);
            sealed = sealed.get(handedOn, Math.max(handedOn, sealed.length()));
            lowestUnsealed += handedOn;
        }
        resumptions.add(flow, lowestUnsealed == count ? Integer.MAX_VALUE : firstId + lowestUnsealed);
    }

    private void finishFlow(Key key, FlowState state) {
        open.remove(key);
        AddressPair pair = AddressPair.of(key.lowAddress(), key.highAddress());
        List<FlowState> between = openByAddresses.get(pair);
        between.remove(state);
        if (between.isEmpty()) {
            openByAddresses.remove(pair);
        }
        Flow flow = state.finish(firstId + state.order(), captureName, inventory, shared);
        if (key.protocol() != FlowState.TCP) {
            seal(flow);
        } else {
            late.put(state.order(), flow);
            // Counted from the flow's last packet, not from when a later packet's time finished it.
            Finished finished = new Finished(state.order(), state.lastNanos() + LATE_PACKET_NANOS);
            recentlyFinished.put(key, finished);
            forgetQueue.addLast(Map.entry(key, finished));
        }
    }

    /**
     * Ends every open stream and hands on every flow not handed on yet, in id order. Returns all flows in order
     * of their first frame; an empty list when a sink was given, which got them instead.
     */
    public List<Flow> finish() {
        List<Flow> rest = new ArrayList<>(late.values());
        for (Map.Entry<Key, FlowState> entry : List.copyOf(open.entrySet())) {
            FlowState state = entry.getValue();
            rest.add(state.finish(firstId + state.order(), captureName, inventory, shared));
        }
        open.clear();
        late.clear();
        recentlyFinished.clear();
        forgetQueue.clear();
        timers.clear();
        openByAddresses.clear();
        rest.sort(Comparator.comparingInt(Flow::id));
        for (Flow flow : rest) {
            seal(flow);
        }
        return resumptions.finish();
    }

    /** Flows not yet finished, for tests and diagnostics. */
    int openFlows() {
        return open.size();
    }

    /**
     * RFC 8446 4.6.1, 4.2.11: a resumed TLS 1.3 connection offers, as its PSK identity, a ticket an earlier
     * connection received in a NewSessionTicket. Where that ticket was decrypted in this capture, the
     * resumption is linked to the earlier flow and inherits its client authentication. Flows come in any
     * order; a resumption waits until every flow with a lower id came, then is linked as if all flows had come
     * in id order. Only the tickets are kept of flows handed on.
     */
    private static final class Resumptions {
        private final Consumer<Flow> sink;
        private final List<Flow> collected = new ArrayList<>();
        /** Ticket id to the lowest-id flow that received it, as that flow's id and TLS session. */
        private final Map<String, Flow> byTicket = new HashMap<>();
        private final TreeMap<Integer, Flow> waiting = new TreeMap<>();

        Resumptions(Consumer<Flow> sink) {
            this.sink = sink;
        }

        /**
         * @param lowestUnsealed the lowest id of a flow that has not come yet
         */
        void add(Flow flow, int lowestUnsealed) {
            if (flow.tls() != null && flow.tls().resumed() && !flow.tls().pskIdentityIds().isEmpty()) {
                waiting.put(flow.id(), flow);
            } else {
                handOn(flow);
            }
            while (!waiting.isEmpty() && waiting.firstKey() <= lowestUnsealed) {
                handOn(link(waiting.pollFirstEntry().getValue()));
            }
        }

        private Flow link(Flow flow) {
            for (String identity : flow.tls().pskIdentityIds()) {
                Flow full = byTicket.get(identity);
                if (full != null && full.id() < flow.id()) {
                    return flow.withTls(flow.tls().resuming(full.id(), full.tls()));
                }
            }
            return flow;
        }

        private void handOn(Flow flow) {
            if (flow.tls() != null) {
                for (String ticket : flow.tls().ticketIds()) {
                    byTicket.merge(ticket, flow, (old, added) -> added.id() < old.id() ? added : old);
                }
            }
            if (sink == null) {
                collected.add(flow);
            } else {
                sink.accept(flow);
            }
        }

        List<Flow> finish() {
            while (!waiting.isEmpty()) {
                handOn(link(waiting.pollFirstEntry().getValue()));
            }
            byTicket.clear();
            List<Flow> all = new ArrayList<>(collected);
            collected.clear();
            all.sort(Comparator.comparingInt(Flow::id));
            return all;
        }
    }

    /** Number of flows seen so far, open or finished. */
    public int size() {
        return count;
    }

    static int compare(InetAddress a, int portA, InetAddress b, int portB) {
        if (a instanceof Inet4Address && b instanceof Inet4Address) {
            // An IPv4 address's hash code is its 32 bits: unsigned order is byte order, without copying them.
            int d = Integer.compareUnsigned(a.hashCode(), b.hashCode());
            return d != 0 ? d : Integer.compare(portA, portB);
        }
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
