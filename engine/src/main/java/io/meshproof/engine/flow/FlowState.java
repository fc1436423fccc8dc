package io.meshproof.engine.flow;

import io.meshproof.engine.anomaly.Anomaly;
import io.meshproof.engine.dissect.FrameEvents;
import io.meshproof.engine.dns.DnsMessage;
import io.meshproof.engine.http.H2cStreamDecoder;
import io.meshproof.engine.http.Http1StreamDecoder;
import io.meshproof.engine.http.HttpDetector;
import io.meshproof.engine.http.HttpExchange;
import io.meshproof.engine.inventory.Inventory;
import io.meshproof.engine.keylog.SecretStore;
import io.meshproof.engine.packet.Packet;
import io.meshproof.engine.tcp.StreamConsumer;
import io.meshproof.engine.tcp.StreamReassembler;
import io.meshproof.engine.tls.CertificateCache;
import io.meshproof.engine.tls.SharedValues;
import io.meshproof.engine.tls.TlsSession;
import io.meshproof.engine.tls.TlsStreamDecoder;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * One flow while its capture is being read. Side A is whoever sent the flow's first captured packet;
 * which side is the client is decided by the SYN, or failing that by the first payload, and only then are
 * the streams reassembled and decoded.
 */
final class FlowState implements StreamConsumer {
    static final int TCP = 6;
    static final int UDP = 17;
    private static final int TLS_RECORD_HEADER_LENGTH = 5;
    private static final int TLS_APPLICATION_DATA = 23;

    private final int order;
    private final SecretStore secrets;
    private final CertificateCache certificates;
    private final int protocol;
    private final InetAddress addressA;
    private final int portA;
    private final InetAddress addressB;
    private final int portB;
    private final long firstFrame;
    private final long firstNanos;
    private long lastNanos;
    /** The assembler's sequence number of this flow's latest packet; set and read by {@link FlowAssembler}. */
    long latestPacket;
    private final long[] packets = new long[2];
    private final long[] bytes = new long[2];
    private final List<Anomaly> anomalies = new ArrayList<>();
    private final List<DnsMessage> dns = new ArrayList<>();

    /** True when side A is the client; null until decided. */
    private Boolean clientIsA;
    private boolean synSeen;
    private boolean finA;
    private boolean finB;
    private boolean rst;
    private StreamReassembler reassemblerA;
    private StreamReassembler reassemblerB;
    private AppProtocol app;
    private boolean gapBeforeData;
    private boolean gap;
    private boolean handshakeGap;
    /** Per direction (by {@link Direction#ordinal()}): stream bytes delivered or declared missing so far. */
    private final long[] delivered = new long[2];
    /** Per direction: stream offset of the next TLS record header, -1 once lost track of. */
    private final long[] nextRecordAt = new long[2];
    /** Per direction: stream offset where its TLS handshake ended, -1 while not known. */
    private final long[] handshakeEnd = {-1, -1};
    private StreamConsumer decoder;
    private TlsStreamDecoder tls;
    private Http1StreamDecoder http1;
    private H2cStreamDecoder h2c;
    private DecryptedHttp decrypted;

    FlowState(int order, Packet first, SecretStore secrets, CertificateCache certificates) {
        this.order = order;
        this.secrets = secrets;
        this.certificates = certificates;
        this.protocol = first.protocol();
        this.addressA = first.source();
        this.portA = first.sourcePort();
        this.addressB = first.destination();
        this.portB = first.destinationPort();
        this.firstFrame = first.frame();
        this.firstNanos = first.timestampNanos();
        this.lastNanos = first.timestampNanos();
    }

    long firstFrame() {
        return firstFrame;
    }

    void addAnomaly(Anomaly anomaly) {
        anomalies.add(anomaly);
    }

    /**
     * Whether the flow is over at capture time {@code now}: a closed TCP flow once {@code closeGrace} passed
     * without a packet, a UDP conversation after {@code udpIdle} without one.
     */
    boolean isOver(long now, long closeGrace, long udpIdle) {
        if (protocol == TCP) {
            return closed() && now - lastNanos >= closeGrace;
        }
        return now - lastNanos >= udpIdle;
    }

    /** For TCP, whether a FIN from each side or a RST was seen. */
    boolean closed() {
        return rst || (finA && finB);
    }

    /** Time of the latest frame, nanoseconds since the epoch. */
    long lastNanos() {
        return lastNanos;
    }

    /** True when this closed TCP flow's ports are taken by a new connection (a fresh SYN). */
    boolean isReusedBy(Packet packet) {
        return protocol == TCP && closed() && packet.transportDecoded() && packet.syn() && !packet.ack();
    }

    void accept(Packet packet, int wireLength) {
        boolean fromA = packet.sourcePort() == portA && packet.source().equals(addressA);
        int side = fromA ? 0 : 1;
        packets[side]++;
        bytes[side] += wireLength;
        lastNanos = Math.max(lastNanos, packet.timestampNanos());
        if (!packet.transportDecoded()) {
            return;
        }
        if (protocol == TCP) {
            acceptSegment(packet, fromA);
        } else if (protocol == UDP) {
            acceptDatagram(packet, fromA);
        }
    }

    private void acceptSegment(Packet packet, boolean fromA) {
        if (packet.syn()) {
            synSeen = true;
            if (clientIsA == null) {
                // The SYN's sender opened the connection; a SYN-ACK's sender accepted it.
                clientIsA = packet.ack() != fromA;
            }
        }
        if (clientIsA == null && packet.payloadLength() > 0) {
            clientIsA = ClientSide.senderIsClient(packet) == fromA;
        }
        if (clientIsA != null && reassemblerA == null) {
            reassemblerA = new StreamReassembler(clientIsA ? Direction.TO_SERVER : Direction.TO_CLIENT, this,
                    this::addAnomaly);
            reassemblerB = new StreamReassembler(clientIsA ? Direction.TO_CLIENT : Direction.TO_SERVER, this,
                    this::addAnomaly);
        }
        if (reassemblerA != null) {
            StreamReassembler reassembler = fromA ? reassemblerA : reassemblerB;
            reassembler.onSegment(packet.sequenceNumber(), packet.syn(), packet.data(),
                    packet.payloadOffset(), packet.payloadLength(), packet.frame());
        }
        if (packet.fin()) {
            if (fromA) {
                finA = true;
            } else {
                finB = true;
            }
        }
        rst |= packet.rst();
    }

    private void acceptDatagram(Packet packet, boolean fromA) {
        byte[] data = packet.data();
        int offset = packet.payloadOffset();
        int length = packet.payloadLength();
        if (app == null) {
            app = DnsMessage.looksLikeDns(data, offset, length) ? AppProtocol.DNS : AppProtocol.UNKNOWN;
        }
        if (clientIsA == null) {
            // RFC 1035 4.1.1: QR is the top bit of the third byte; the sender of a query is the client.
            boolean response = app == AppProtocol.DNS && (data[offset + 2] & 0x80) != 0;
            clientIsA = fromA != response;
        }
        if (app == AppProtocol.DNS) {
            DnsMessage.decode(data, offset, length, packet.frame(), this::addAnomaly).ifPresent(dns::add);
        }
    }

    @Override
    public void onData(Direction direction, byte[] data, int offset, int length, long frame) {
        if (app == null) {
            detect(data, offset, length);
        }
        if (app == AppProtocol.TLS && handshakeEnd[direction.ordinal()] < 0) {
            findHandshakeEnd(direction.ordinal(), data, offset, length);
        }
        delivered[direction.ordinal()] += length;
        if (decoder != null) {
            decoder.onData(direction, data, offset, length, frame);
        }
    }

    /**
     * Walks the TLS record headers (RFC 8446 5.1: type, two version bytes, two length bytes) of one direction
     * up to its first application_data record, whose end is taken as the end of that direction's handshake:
     * in TLS 1.2 application data follows both Finished messages, in TLS 1.3 the client's first such record
     * is its encrypted Certificate flight. A header split across two deliveries stops the walk, so that a
     * later gap in that direction counts as one in the handshake.
     */
    private void findHandshakeEnd(int d, byte[] data, int offset, int length) {
        long chunkStart = delivered[d];
        while (nextRecordAt[d] >= 0 && nextRecordAt[d] + TLS_RECORD_HEADER_LENGTH <= chunkStart + length) {
            int at = (int) (nextRecordAt[d] - chunkStart);
            if (at < 0) {
                nextRecordAt[d] = -1;
                return;
            }
            int type = data[offset + at] & 0xff;
            int recordLength = (data[offset + at + 3] & 0xff) << 8 | data[offset + at + 4] & 0xff;
            long end = nextRecordAt[d] + TLS_RECORD_HEADER_LENGTH + recordLength;
            if (type == TLS_APPLICATION_DATA) {
                handshakeEnd[d] = end;
                return;
            }
            nextRecordAt[d] = end;
        }
    }

    @Override
    public void onGap(Direction direction, long missingBytes, long frame) {
        if (missingBytes >= 0) {
            // A hole inside the stream; -1 is the start of a stream whose SYN was not captured.
            int d = direction.ordinal();
            gap = true;
            handshakeGap |= handshakeEnd[d] < 0 || delivered[d] < handshakeEnd[d];
            delivered[d] += missingBytes;
            nextRecordAt[d] = -1;
        }
        if (decoder != null) {
            decoder.onGap(direction, missingBytes, frame);
        } else {
            gapBeforeData = true;
        }
    }

    private void detect(byte[] data, int offset, int length) {
        if (TlsStreamDecoder.looksLikeTls(data, offset, length)) {
            app = AppProtocol.TLS;
            decrypted = new DecryptedHttp(this::addAnomaly, FrameEvents.NONE);
            tls = new TlsStreamDecoder(this::addAnomaly, secrets, decrypted, certificates);
            decrypted.readAlpnFrom(tls);
            decoder = tls;
        } else if (HttpDetector.looksLikeH2Preface(data, offset, length)) {
            app = AppProtocol.H2C;
            h2c = new H2cStreamDecoder(this::addAnomaly);
            decoder = h2c;
        } else if (HttpDetector.looksLikeHttp1Request(data, offset, length)
                || HttpDetector.looksLikeHttp1Response(data, offset, length)) {
            app = AppProtocol.HTTP;
            http1 = new Http1StreamDecoder(this::addAnomaly);
            decoder = http1;
        } else {
            app = AppProtocol.UNKNOWN;
        }
        if (decoder != null && gapBeforeData) {
            decoder.onGap(Direction.TO_SERVER, -1, firstFrame);
        }
    }

    /**
     * Ends the flow's streams and returns it as a {@link Flow}; values that repeat across the capture's flows
     * are taken from {@code shared}.
     */
    Flow finish(int id, String captureName, Inventory inventory, SharedValues shared) {
        if (reassemblerA != null) {
            reassemblerA.finish(0);
            reassemblerB.finish(0);
        }
        if (decoder != null) {
            decoder.onEnd();
        }
        boolean aIsClient = clientIsA == null || clientIsA;
        FlowEndpoint a = new FlowEndpoint(addressA, portA, inventory.resolve(addressA));
        FlowEndpoint b = new FlowEndpoint(addressB, portB, inventory.resolve(addressB));
        FlowEndpoint client = aIsClient ? a : b;
        FlowEndpoint server = aIsClient ? b : a;
        int c = aIsClient ? 0 : 1;
        TlsSession session = tls == null ? null : tls.session().sharing(shared);
        List<HttpExchange> exchanges = http1 != null ? http1.exchanges()
                : h2c != null ? h2c.exchanges() : decrypted != null ? decrypted.exchanges() : List.of();
        return new Flow(id, captureName, protocol == TCP ? "tcp" : "udp",
                app == null ? AppProtocol.UNKNOWN : app, AddressText.isPodLocalSource(client.address()),
                client, server, firstFrame, firstNanos, lastNanos,
                new Counts(packets[c], packets[1 - c]), new Counts(bytes[c], bytes[1 - c]),
                synSeen, rst || (finA && finB), session, exchanges, dns, anomalies,
                decrypted == null ? null : decrypted.protocol(), quality(session));
    }

    private List<Quality> quality(TlsSession session) {
        List<Quality> quality = new ArrayList<>(2);
        if (gap) {
            quality.add(Quality.GAP);
        }
        if (handshakeGap && app == AppProtocol.TLS) {
            quality.add(Quality.HANDSHAKE_GAP);
        }
        if (protocol == TCP && !synSeen && (session == null || !session.clientHelloSeen())) {
            quality.add(Quality.STARTED_BEFORE_CAPTURE);
        }
        return quality;
    }

    int order() {
        return order;
    }
}
