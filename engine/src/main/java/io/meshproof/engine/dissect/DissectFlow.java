package io.meshproof.engine.dissect;

import io.meshproof.engine.anomaly.AnomalySink;
import io.meshproof.engine.dns.DnsMessage;
import io.meshproof.engine.flow.ClientSide;
import io.meshproof.engine.flow.DecryptedHttp;
import io.meshproof.engine.flow.Direction;
import io.meshproof.engine.http.H2cStreamDecoder;
import io.meshproof.engine.http.Http1StreamDecoder;
import io.meshproof.engine.http.HttpDetector;
import io.meshproof.engine.keylog.SecretStore;
import io.meshproof.engine.packet.Packet;
import io.meshproof.engine.tcp.StreamConsumer;
import io.meshproof.engine.tcp.StreamReassembler;
import io.meshproof.engine.tls.TlsStreamDecoder;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * One flow while a capture is dissected: the same client decision, reassembly and content detection as
 * {@code flow.FlowState}, so the layers shown are those the flows were built from, with the decoders
 * reporting to {@link FrameEvents}. Also keeps what Wireshark's TCP info column needs: each direction's
 * initial sequence number (for relative numbers) and window scale.
 */
final class DissectFlow implements StreamConsumer {
    private static final int TCP = 6;
    private static final int UDP = 17;
    private static final int OPTION_END = 0;
    private static final int OPTION_NOP = 1;
    private static final int OPTION_MSS = 2;
    private static final int OPTION_WINDOW_SCALE = 3;
    private static final int OPTION_SACK_PERMITTED = 4;
    private static final int OPTION_TIMESTAMPS = 8;

    final int id;
    private final int protocol;
    private final InetAddress addressA;
    private final int portA;
    private final SecretStore secrets;
    private final FrameEvents events;
    private final AnomalySink anomalies;

    private Boolean clientIsA;
    private boolean finA;
    private boolean finB;
    private boolean rst;
    // per side (0 = A, 1 = B): the sequence number relative numbers count from, and the window scale
    private final long[] base = {-1, -1};
    private final int[] windowShift = {-1, -1};
    private StreamReassembler reassemblerA;
    private StreamReassembler reassemblerB;
    private boolean detected;
    private boolean gapBeforeData;
    private StreamConsumer decoder;
    private TlsStreamDecoder tls;
    private Boolean dns;

    DissectFlow(int id, Packet first, SecretStore secrets, FrameEvents events, AnomalySink anomalies) {
        this.id = id;
        this.protocol = first.protocol();
        this.addressA = first.source();
        this.portA = first.sourcePort();
        this.secrets = secrets;
        this.events = events;
        this.anomalies = anomalies;
    }

    /** RFC 793: a closed connection's ports may be taken by a new one, which starts with a bare SYN. */
    boolean isReusedBy(Packet packet) {
        boolean closed = rst || (finA && finB);
        return protocol == TCP && closed && packet.transportDecoded() && packet.syn() && !packet.ack();
    }

    /** Takes one packet; its application units go to the events, and returns the transport layer's tree. */
    Field accept(Packet packet, String[] info) {
        boolean fromA = packet.sourcePort() == portA && packet.source().equals(addressA);
        if (protocol == TCP) {
            return acceptSegment(packet, fromA, info);
        }
        return acceptDatagram(packet, fromA, info);
    }

    private Field acceptSegment(Packet packet, boolean fromA, String[] info) {
        int side = fromA ? 0 : 1;
        List<Field> fields = new ArrayList<>();
        fields.add(Field.of("tcp.srcport", packet.sourcePort()));
        fields.add(Field.of("tcp.dstport", packet.destinationPort()));
        fields.add(Field.of("tcp.stream", id));
        if (!packet.transportDecoded()) {
            fields.add(Field.undecoded("the TCP header is truncated or invalid"));
            info[0] = packet.sourcePort() + " \u2192 " + packet.destinationPort() + " [malformed TCP header]";
            return Field.tree("tcp", "Src Port: " + packet.sourcePort(), fields);
        }
        List<String> options = new ArrayList<>();
        int shift = readOptions(packet, options, fields);
        if (packet.syn()) {
            windowShift[side] = shift;
        }

        // Wireshark: numbers count from the SYN's, or from one before the first seen without a SYN
        if (base[side] < 0) {
            base[side] = packet.syn() ? packet.sequenceNumber() : packet.sequenceNumber() - 1;
        }
        if (packet.ack() && base[1 - side] < 0) {
            base[1 - side] = packet.acknowledgmentNumber() - 1;
        }
        long seq = (packet.sequenceNumber() - base[side]) & 0xffffffffL;
        long ack = (packet.acknowledgmentNumber() - base[1 - side]) & 0xffffffffL;
        boolean scaled = !packet.syn() && windowShift[0] >= 0 && windowShift[1] >= 0;
        long window = scaled ? (long) packet.window() << windowShift[side] : packet.window();

        fields.add(Field.of("tcp.len", packet.payloadLength()));
        fields.add(Field.of("tcp.seq", seq));
        fields.add(Field.of("tcp.seq_raw", packet.sequenceNumber()));
        if (packet.ack()) {
            fields.add(Field.of("tcp.ack", ack));
            fields.add(Field.of("tcp.ack_raw", packet.acknowledgmentNumber()));
        }
        fields.add(Field.of("tcp.flags", String.format("0x%03x", packet.tcpFlags())));
        fields.add(Field.of("tcp.flags.syn", packet.syn() ? 1 : 0));
        fields.add(Field.of("tcp.flags.ack", packet.ack() ? 1 : 0));
        fields.add(Field.of("tcp.flags.push", packet.psh() ? 1 : 0));
        fields.add(Field.of("tcp.flags.reset", packet.rst() ? 1 : 0));
        fields.add(Field.of("tcp.flags.fin", packet.fin() ? 1 : 0));
        fields.add(Field.of("tcp.window_size_value", packet.window()));
        fields.add(Field.of("tcp.window_size", window));

        StringBuilder text = new StringBuilder();
        text.append(packet.sourcePort()).append(" \u2192 ").append(packet.destinationPort())
                .append(" [").append(flagNames(packet.tcpFlags())).append("] Seq=").append(seq);
        if (packet.ack()) {
            text.append(" Ack=").append(ack);
        }
        text.append(" Win=").append(window).append(" Len=").append(packet.payloadLength());
        for (String option : options) {
            text.append(' ').append(option);
        }
        info[0] = text.toString();
        feed(packet, fromA);
        return Field.tree("tcp", "Src Port: " + packet.sourcePort() + ", Dst Port: " + packet.destinationPort()
                + ", Seq: " + seq + ", Len: " + packet.payloadLength(), fields);
    }

    /** The same steps as {@code FlowState.acceptSegment}: decide the client, then reassemble. */
    private void feed(Packet packet, boolean fromA) {
        if (packet.syn() && clientIsA == null) {
            // the SYN's sender opened the connection; a SYN-ACK's sender accepted it
            clientIsA = packet.ack() != fromA;
        }
        if (clientIsA == null && packet.payloadLength() > 0) {
            clientIsA = ClientSide.senderIsClient(packet) == fromA;
        }
        if (clientIsA != null && reassemblerA == null) {
            reassemblerA = new StreamReassembler(clientIsA ? Direction.TO_SERVER : Direction.TO_CLIENT, this,
                    anomalies);
            reassemblerB = new StreamReassembler(clientIsA ? Direction.TO_CLIENT : Direction.TO_SERVER, this,
                    anomalies);
        }
        if (reassemblerA != null) {
            StreamReassembler reassembler = fromA ? reassemblerA : reassemblerB;
            reassembler.onSegment(packet.sequenceNumber(), packet.syn(), packet.data(), packet.payloadOffset(),
                    packet.payloadLength(), packet.frame());
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

    private Field acceptDatagram(Packet packet, boolean fromA, String[] info) {
        List<Field> fields = new ArrayList<>();
        fields.add(Field.of("udp.srcport", packet.sourcePort()));
        fields.add(Field.of("udp.dstport", packet.destinationPort()));
        fields.add(Field.of("udp.length", packet.payloadLength() + 8));
        fields.add(Field.of("udp.stream", id));
        info[0] = packet.sourcePort() + " \u2192 " + packet.destinationPort() + " Len=" + packet.payloadLength();
        if (!packet.transportDecoded()) {
            fields.add(Field.undecoded("the UDP header is truncated or invalid"));
            return Field.tree("udp", "Src Port: " + packet.sourcePort(), fields);
        }
        byte[] data = packet.data();
        int offset = packet.payloadOffset();
        int length = packet.payloadLength();
        if (dns == null) {
            dns = DnsMessage.looksLikeDns(data, offset, length);
        }
        if (dns) {
            DnsMessage.decode(data, offset, length, packet.frame(), anomalies).ifPresentOrElse(
                    message -> events.layer(packet.frame(), "DNS", DnsFields.info(message), DnsFields.fields(message)),
                    () -> events.layer(packet.frame(), "DNS", "Malformed DNS message",
                            List.of(Field.undecoded("not a decodable DNS message"))));
        } else if (length > 0) {
            fields.add(Field.undecoded(length + " payload bytes of an unrecognised protocol"));
        }
        return Field.tree("udp", "Src Port: " + packet.sourcePort() + ", Dst Port: " + packet.destinationPort(),
                fields);
    }

    @Override
    public void onData(Direction direction, byte[] data, int offset, int length, long frame) {
        if (!detected) {
            detect(data, offset, length);
        }
        if (decoder != null) {
            decoder.onData(direction, data, offset, length, frame);
        }
    }

    @Override
    public void onGap(Direction direction, long missingBytes, long frame) {
        if (decoder != null) {
            decoder.onGap(direction, missingBytes, frame);
        } else {
            gapBeforeData = true;
        }
    }

    /** True once the flow's stream was found to hold something meshproof decodes (TLS, HTTP). */
    boolean decodesStream() {
        return decoder != null;
    }

    private void detect(byte[] data, int offset, int length) {
        detected = true;
        if (TlsStreamDecoder.looksLikeTls(data, offset, length)) {
            DecryptedHttp inner = new DecryptedHttp(anomalies, events);
            tls = new TlsStreamDecoder(anomalies, secrets, inner);
            tls.reportFramesTo(events);
            inner.readAlpnFrom(tls);
            decoder = tls;
        } else if (HttpDetector.looksLikeH2Preface(data, offset, length)) {
            H2cStreamDecoder h2c = new H2cStreamDecoder(anomalies);
            h2c.reportFramesTo(events);
            decoder = h2c;
        } else if (HttpDetector.looksLikeHttp1Request(data, offset, length)
                || HttpDetector.looksLikeHttp1Response(data, offset, length)) {
            Http1StreamDecoder http1 = new Http1StreamDecoder(anomalies);
            http1.reportFramesTo(events);
            decoder = http1;
        }
        if (decoder != null && gapBeforeData) {
            decoder.onGap(Direction.TO_SERVER, -1, 0);
        }
    }

    /** Ends the streams at the end of the capture; what decoders conclude then is in no frame any more. */
    void finish() {
        if (reassemblerA != null) {
            reassemblerA.finish(0);
            reassemblerB.finish(0);
        }
        if (decoder != null) {
            decoder.onEnd();
        }
    }

    /**
     * Reads the TCP options (RFC 9293 3.1) into Wireshark's info words ({@code MSS=1410 SACK_PERM WS=1024}) and
     * fields; returns the window scale shift, or -1 when the segment has none.
     */
    private static int readOptions(Packet packet, List<String> words, List<Field> fields) {
        byte[] data = packet.data();
        int end = packet.payloadOffset();
        int start = headerStart(packet);
        if (start < 0) {
            return -1;
        }
        int shift = -1;
        int at = start + 20;
        while (at < end) {
            int kind = data[at] & 0xff;
            if (kind == OPTION_END) {
                break;
            }
            if (kind == OPTION_NOP) {
                at++;
                continue;
            }
            int length = at + 1 < end ? data[at + 1] & 0xff : 0;
            if (length < 2 || at + length > end) {
                fields.add(Field.undecoded("TCP option " + kind + " runs past the header"));
                break;
            }
            switch (kind) {
                case OPTION_MSS -> {
                    int mss = length >= 4 ? PacketFields.uint16(data, at + 2) : 0;
                    words.add("MSS=" + mss);
                    fields.add(Field.of("tcp.options.mss_val", mss));
                }
                case OPTION_WINDOW_SCALE -> {
                    shift = length >= 3 ? data[at + 2] & 0xff : 0;
                    words.add("WS=" + (1 << Math.min(shift, 14)));
                    fields.add(Field.of("tcp.options.wscale.shift", shift));
                }
                case OPTION_SACK_PERMITTED -> {
                    words.add("SACK_PERM");
                    fields.add(Field.of("tcp.options.sack_perm", ""));
                }
                case OPTION_TIMESTAMPS -> {
                    long value = length >= 10 ? PacketFields.uint32(data, at + 2) : 0;
                    long echo = length >= 10 ? PacketFields.uint32(data, at + 6) : 0;
                    words.add("TSval=" + value + " TSecr=" + echo);
                    fields.add(Field.of("tcp.options.timestamp.tsval", value));
                    fields.add(Field.of("tcp.options.timestamp.tsecr", echo));
                }
                default -> fields.add(Field.of("tcp.option_kind", kind));
            }
            at += length;
        }
        return shift;
    }

    /** Where the TCP header starts: the payload offset less a header length whose data offset agrees. */
    private static int headerStart(Packet packet) {
        byte[] data = packet.data();
        for (int length = 20; length <= 60; length += 4) {
            int start = packet.payloadOffset() - length;
            if (start < packet.ipOffset()) {
                break;
            }
            boolean agrees = ((data[start + 12] & 0xff) >>> 4) * 4 == length
                    && PacketFields.uint16(data, start) == packet.sourcePort()
                    && PacketFields.uint16(data, start + 2) == packet.destinationPort();
            if (agrees) {
                return start;
            }
        }
        return -1;
    }

    /** "SYN, ACK": the set flags in bit order, as Wireshark lists them. */
    private static String flagNames(int flags) {
        String[] names = {"FIN", "SYN", "RST", "PSH", "ACK", "URG", "ECE", "CWR"};
        List<String> set = new ArrayList<>();
        for (int bit = 0; bit < names.length; bit++) {
            if ((flags & (1 << bit)) != 0) {
                set.add(names[bit]);
            }
        }
        return set.isEmpty() ? "<None>" : String.join(", ", set);
    }
}
