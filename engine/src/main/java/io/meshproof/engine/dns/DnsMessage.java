package io.meshproof.engine.dns;

import io.meshproof.engine.anomaly.Anomaly;
import io.meshproof.engine.anomaly.AnomalyKind;
import io.meshproof.engine.anomaly.AnomalySink;
import io.meshproof.engine.anomaly.Severity;
import io.meshproof.engine.flow.AddressText;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One DNS message (RFC 1035 4.1) as carried in a UDP datagram: header, questions and resource records.
 * A message that breaks off or is malformed keeps the sections decoded before the fault and has
 * {@code complete} false; the fault is reported as an anomaly.
 *
 * @param id the transaction id
 * @param response true for a response (QR bit set)
 * @param opcode {@code QUERY}, {@code NOTIFY}, {@code UPDATE}, ... or {@code OPCODEn}
 * @param rcode {@code NOERROR}, {@code NXDOMAIN}, ... or {@code RCODEn} (the 4 header bits only; EDNS
 *     extended codes are not combined in)
 * @param truncated the TC bit: the server cut the answer to fit the datagram
 * @param frame the frame the message came in
 * @param complete false when decoding stopped at a malformation before the announced sections ended
 */
public record DnsMessage(
        int id,
        boolean response,
        String opcode,
        String rcode,
        boolean truncated,
        List<DnsQuestion> questions,
        List<DnsRecord> answers,
        List<DnsRecord> authorities,
        List<DnsRecord> additionals,
        long frame,
        boolean complete) {
    /** RFC 1035 4.1.1: id, flags and four section counts, two bytes each. */
    static final int HEADER_LENGTH = 12;

    /** RFC 1035 3.1: a name is at most 255 bytes in its uncompressed wire form. */
    static final int MAX_NAME_WIRE_LENGTH = 255;

    /** Content detection refuses headers that announce more questions than any real resolver sends. */
    private static final int MAX_PLAUSIBLE_QUESTIONS = 16;

    private static final int TYPE_A = 1;
    private static final int TYPE_NS = 2;
    private static final int TYPE_CNAME = 5;
    private static final int TYPE_SOA = 6;
    private static final int TYPE_PTR = 12;
    private static final int TYPE_MX = 15;
    private static final int TYPE_TXT = 16;
    private static final int TYPE_AAAA = 28;
    private static final int TYPE_SRV = 33;
    private static final int TYPE_DNAME = 39;

    private static final Map<Integer, String> TYPES = Map.ofEntries(Map.entry(TYPE_A, "A"),
            Map.entry(TYPE_NS, "NS"), Map.entry(TYPE_CNAME, "CNAME"), Map.entry(TYPE_SOA, "SOA"),
            Map.entry(TYPE_PTR, "PTR"), Map.entry(13, "HINFO"), Map.entry(TYPE_MX, "MX"),
            Map.entry(TYPE_TXT, "TXT"), Map.entry(TYPE_AAAA, "AAAA"), Map.entry(TYPE_SRV, "SRV"),
            Map.entry(35, "NAPTR"), Map.entry(TYPE_DNAME, "DNAME"), Map.entry(41, "OPT"), Map.entry(43, "DS"),
            Map.entry(46, "RRSIG"), Map.entry(47, "NSEC"), Map.entry(48, "DNSKEY"), Map.entry(50, "NSEC3"),
            Map.entry(52, "TLSA"), Map.entry(64, "SVCB"), Map.entry(65, "HTTPS"), Map.entry(251, "IXFR"),
            Map.entry(252, "AXFR"), Map.entry(255, "ANY"), Map.entry(257, "CAA"));
    private static final Map<Integer, String> CLASSES =
            Map.of(1, "IN", 3, "CH", 4, "HS", 254, "NONE", 255, "ANY");
    private static final Map<Integer, String> OPCODES =
            Map.of(0, "QUERY", 1, "IQUERY", 2, "STATUS", 4, "NOTIFY", 5, "UPDATE", 6, "DSO");
    private static final List<String> RCODES = List.of("NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMP",
            "REFUSED", "YXDOMAIN", "YXRRSET", "NXRRSET", "NOTAUTH", "NOTZONE");

    public DnsMessage {
        questions = List.copyOf(questions);
        answers = List.copyOf(answers);
        authorities = List.copyOf(authorities);
        additionals = List.copyOf(additionals);
    }

    /**
     * Decodes the message in {@code data[offset, offset + length)}; the array is only read during the call.
     * Returns empty when not even the 12-byte header is there.
     */
    public static Optional<DnsMessage> decode(byte[] data, int offset, int length, long frame, AnomalySink sink) {
        if (length < HEADER_LENGTH) {
            sink.report(new Anomaly(DnsAnomalies.TRUNCATED, frame, 0,
                    length + " bytes, expected at least the " + HEADER_LENGTH + "-byte header"));
            return Optional.empty();
        }
        return Optional.of(new MessageReader(data, offset, length, frame, sink).readMessage());
    }

    /**
     * True when the bytes decode as a DNS message without errors, with a known opcode and at least one
     * question or answer: for recognising DNS on UDP whatever the port.
     */
    public static boolean looksLikeDns(byte[] data, int offset, int length) {
        if (length < HEADER_LENGTH) {
            return false;
        }
        int opcode = ((data[offset + 2] & 0xFF) >>> 3) & 0x0F;
        int questionCount = readUnsigned16(data, offset + 4);
        int answerCount = readUnsigned16(data, offset + 6);
        boolean plausibleHeader = OPCODES.containsKey(opcode) && questionCount <= MAX_PLAUSIBLE_QUESTIONS
                && questionCount + answerCount > 0;
        if (!plausibleHeader) {
            return false;
        }
        boolean[] failed = {false};
        AnomalySink errors = anomaly -> failed[0] |= anomaly.severity() == Severity.ERROR;
        Optional<DnsMessage> message = decode(data, offset, length, 0, errors);
        return message.isPresent() && message.get().complete() && !failed[0];
    }

    private static int readUnsigned16(byte[] data, int index) {
        return ((data[index] & 0xFF) << 8) | (data[index + 1] & 0xFF);
    }

    /** A malformation that ends decoding; never leaves {@link #decode}. */
    private static final class Malformed extends Exception {
        private final transient AnomalyKind kind;
        private final int position;

        Malformed(AnomalyKind kind, int position, String detail) {
            super(detail, null, false, false);
            this.kind = kind;
            this.position = position;
        }
    }

    /** Reads one message in wire order, keeping what each section yielded when a later one fails. */
    private static final class MessageReader {
        private final byte[] data;
        private final int start;
        private final int end;
        private final long frame;
        private final AnomalySink sink;
        private int position;

        private final List<DnsQuestion> questions = new ArrayList<>();
        private final List<DnsRecord> answers = new ArrayList<>();
        private final List<DnsRecord> authorities = new ArrayList<>();
        private final List<DnsRecord> additionals = new ArrayList<>();

        MessageReader(byte[] data, int offset, int length, long frame, AnomalySink sink) {
            this.data = data;
            this.start = offset;
            this.end = offset + length;
            this.frame = frame;
            this.sink = sink;
            this.position = offset;
        }

        DnsMessage readMessage() {
            // RFC 1035 4.1.1: ID, QR|Opcode|AA|TC|RD, RA|Z|RCODE, QDCOUNT, ANCOUNT, NSCOUNT, ARCOUNT
            int id = readUnsigned16(data, start);
            int flags = readUnsigned16(data, start + 2);
            int[] counts = new int[4];
            for (int i = 0; i < counts.length; i++) {
                counts[i] = readUnsigned16(data, start + 4 + 2 * i);
            }
            position = start + HEADER_LENGTH;
            boolean complete = readSections(counts);
            if (complete && position < end) {
                sink.report(new Anomaly(DnsAnomalies.TRAILING_BYTES, frame, position - start,
                        (end - position) + " bytes after the last announced record, expected none"));
            }
            int opcode = (flags >>> 11) & 0x0F;
            int rcode = flags & 0x0F;
            return new DnsMessage(id, (flags & 0x8000) != 0, OPCODES.getOrDefault(opcode, "OPCODE" + opcode),
                    rcode < RCODES.size() ? RCODES.get(rcode) : "RCODE" + rcode, (flags & 0x0200) != 0,
                    questions, answers, authorities, additionals, frame, complete);
        }

        private boolean readSections(int[] counts) {
            try {
                for (int i = 0; i < counts[0]; i++) {
                    questions.add(readQuestion());
                }
                readRecords(counts[1], answers);
                readRecords(counts[2], authorities);
                readRecords(counts[3], additionals);
                return true;
            } catch (Malformed e) {
                sink.report(new Anomaly(e.kind, frame, e.position - start, e.getMessage()));
                return false;
            }
        }

        /** RFC 1035 4.1.2: QNAME, QTYPE, QCLASS. */
        private DnsQuestion readQuestion() throws Malformed {
            String name = readName(end);
            need(4, "QTYPE and QCLASS");
            int type = readUnsigned16(data, position);
            int dnsClass = readUnsigned16(data, position + 2);
            position += 4;
            return new DnsQuestion(name, typeName(type), className(dnsClass));
        }

        private void readRecords(int count, List<DnsRecord> section) throws Malformed {
            for (int i = 0; i < count; i++) {
                section.add(readRecord());
            }
        }

        /** RFC 1035 4.1.3: NAME, TYPE, CLASS, TTL, RDLENGTH, RDATA. */
        private DnsRecord readRecord() throws Malformed {
            String name = readName(end);
            need(10, "TYPE, CLASS, TTL and RDLENGTH");
            int type = readUnsigned16(data, position);
            int dnsClass = readUnsigned16(data, position + 2);
            long ttl = readUnsigned32(position + 4);
            int dataLength = readUnsigned16(data, position + 8);
            position += 10;
            need(dataLength, "RDATA of " + dataLength + " bytes");
            int dataEnd = position + dataLength;
            String text = readData(type, dataEnd);
            position = dataEnd;
            return new DnsRecord(name, typeName(type), className(dnsClass), ttl, text);
        }

        /** Decodes RDATA as text; a name inside it may not run past {@code dataEnd}. */
        private String readData(int type, int dataEnd) throws Malformed {
            int dataStart = position;
            int length = dataEnd - dataStart;
            switch (type) {
                case TYPE_A, TYPE_AAAA -> {
                    int expected = type == TYPE_A ? 4 : 16;
                    if (length != expected) {
                        sink.report(new Anomaly(DnsAnomalies.RDATA_LENGTH_INVALID, frame, dataStart - start,
                                typeName(type) + " data of " + length + " bytes, expected " + expected));
                        return unknownData(dataStart, dataEnd);
                    }
                    return type == TYPE_A ? ipv4Text(dataStart) : ipv6Text(dataStart);
                }
                case TYPE_NS, TYPE_CNAME, TYPE_PTR, TYPE_DNAME -> {
                    return readName(dataEnd);
                }
                case TYPE_MX -> {
                    int preference = readBoundedUnsigned16(dataEnd);
                    return preference + " " + readName(dataEnd);
                }
                case TYPE_SRV -> {
                    int priority = readBoundedUnsigned16(dataEnd);
                    int weight = readBoundedUnsigned16(dataEnd);
                    int port = readBoundedUnsigned16(dataEnd);
                    return priority + " " + weight + " " + port + " " + readName(dataEnd);
                }
                case TYPE_SOA -> {
                    // RFC 1035 3.3.13: MNAME RNAME SERIAL REFRESH RETRY EXPIRE MINIMUM
                    StringBuilder soa = new StringBuilder(readName(dataEnd)).append(' ').append(readName(dataEnd));
                    for (int i = 0; i < 5; i++) {
                        if (position + 4 > dataEnd) {
                            throw new Malformed(DnsAnomalies.TRUNCATED, position, "SOA data ends after "
                                    + (position - dataStart) + " bytes, expected five 32-bit fields");
                        }
                        soa.append(' ').append(readUnsigned32(position));
                        position += 4;
                    }
                    return soa.toString();
                }
                case TYPE_TXT -> {
                    return txtText(dataStart, dataEnd);
                }
                default -> {
                    return unknownData(dataStart, dataEnd);
                }
            }
        }

        /**
         * RFC 1035 4.1.4: labels, each a length byte and that many bytes, ending in a zero byte or a
         * pointer to a prior occurrence. Every pointer must point before all labels read so far, so that
         * decoding always ends. In-place bytes of the name may not pass {@code limit}.
         */
        private String readName(int limit) throws Malformed {
            StringBuilder name = new StringBuilder();
            int cursor = position;
            int lowest = position;
            int resumeAt = -1;
            int wireLength = 1;
            int bound = limit;
            while (true) {
                if (cursor >= bound) {
                    throw new Malformed(DnsAnomalies.TRUNCATED, cursor, "name breaks off at offset "
                            + (cursor - start) + ", expected a label or the terminating zero byte");
                }
                int lengthByte = data[cursor] & 0xFF;
                if (lengthByte == 0) {
                    cursor++;
                    break;
                }
                int labelType = lengthByte & 0xC0;
                if (labelType == 0xC0) {
                    if (cursor + 1 >= bound) {
                        throw new Malformed(DnsAnomalies.TRUNCATED, cursor, "compression pointer at offset "
                                + (cursor - start) + " breaks off, expected two bytes");
                    }
                    int target = ((lengthByte & 0x3F) << 8) | (data[cursor + 1] & 0xFF);
                    if (resumeAt < 0) {
                        resumeAt = cursor + 2;
                    }
                    if (start + target >= end) {
                        throw new Malformed(DnsAnomalies.NAME_POINTER_OUT_OF_RANGE, cursor, "pointer to offset "
                                + target + ", expected one below the message length " + (end - start));
                    }
                    if (start + target >= lowest) {
                        throw new Malformed(DnsAnomalies.NAME_POINTER_LOOP, cursor, "pointer at offset "
                                + (cursor - start) + " to offset " + target + ", expected an offset below "
                                + (lowest - start));
                    }
                    cursor = start + target;
                    lowest = cursor;
                    bound = end;
                    continue;
                }
                if (labelType != 0) {
                    throw new Malformed(DnsAnomalies.NAME_LABEL_TYPE_INVALID, cursor, String.format(
                            "label length byte 0x%02x, expected 0x00-0x3f or a pointer 0xc0-0xff", lengthByte));
                }
                if (cursor + 1 + lengthByte > bound) {
                    throw new Malformed(DnsAnomalies.TRUNCATED, cursor, "label of " + lengthByte
                            + " bytes at offset " + (cursor - start) + " runs past the end");
                }
                wireLength += 1 + lengthByte;
                if (wireLength > MAX_NAME_WIRE_LENGTH) {
                    throw new Malformed(DnsAnomalies.NAME_TOO_LONG, cursor,
                            "name of more than " + MAX_NAME_WIRE_LENGTH + " bytes, expected at most that");
                }
                appendLabel(name, cursor + 1, lengthByte);
                cursor += 1 + lengthByte;
            }
            position = resumeAt >= 0 ? resumeAt : cursor;
            return name.length() == 0 ? "." : name.toString();
        }

        /** Presentation format (RFC 1035 5.1): dots and backslashes escaped, other odd bytes as \DDD. */
        private void appendLabel(StringBuilder name, int from, int length) {
            if (name.length() > 0) {
                name.append('.');
            }
            for (int i = from; i < from + length; i++) {
                int b = data[i] & 0xFF;
                if (b == '.' || b == '\\') {
                    name.append('\\').append((char) b);
                } else if (b > 0x20 && b < 0x7F) {
                    name.append((char) b);
                } else {
                    name.append(String.format("\\%03d", b));
                }
            }
        }

        private String txtText(int from, int to) throws Malformed {
            StringBuilder text = new StringBuilder();
            int cursor = from;
            while (cursor < to) {
                int length = data[cursor] & 0xFF;
                if (cursor + 1 + length > to) {
                    throw new Malformed(DnsAnomalies.TRUNCATED, cursor, "TXT string of " + length
                            + " bytes runs past the record data, expected " + (to - cursor - 1) + " at most");
                }
                text.append(text.length() == 0 ? "\"" : " \"");
                for (int i = cursor + 1; i <= cursor + length; i++) {
                    int b = data[i] & 0xFF;
                    if (b == '"' || b == '\\') {
                        text.append('\\').append((char) b);
                    } else if (b >= 0x20 && b < 0x7F) {
                        text.append((char) b);
                    } else {
                        text.append(String.format("\\%03d", b));
                    }
                }
                text.append('"');
                cursor += 1 + length;
            }
            return text.toString();
        }

        /** RFC 3597 5: \# LENGTH HEX. */
        private String unknownData(int from, int to) {
            StringBuilder text = new StringBuilder("\\# ").append(to - from);
            if (to > from) {
                text.append(' ');
            }
            for (int i = from; i < to; i++) {
                text.append(String.format("%02x", data[i] & 0xFF));
            }
            return text.toString();
        }

        private String ipv4Text(int from) {
            return (data[from] & 0xFF) + "." + (data[from + 1] & 0xFF) + "." + (data[from + 2] & 0xFF) + "."
                    + (data[from + 3] & 0xFF);
        }

        /** RFC 5952 text of the 16-byte address at {@code from}. */
        private String ipv6Text(int from) {
            try {
                // A 16-byte array is taken as a literal address: no name lookup happens here.
                return AddressText.format(InetAddress.getByAddress(Arrays.copyOfRange(data, from, from + 16)));
            } catch (UnknownHostException e) {
                throw new IllegalStateException("16 bytes are always an IPv6 address", e);
            }
        }

        private int readBoundedUnsigned16(int limit) throws Malformed {
            if (position + 2 > limit) {
                throw new Malformed(DnsAnomalies.TRUNCATED, position, "record data ends at offset "
                        + (limit - start) + ", expected a 16-bit field at " + (position - start));
            }
            int value = readUnsigned16(data, position);
            position += 2;
            return value;
        }

        private long readUnsigned32(int index) {
            return ((long) readUnsigned16(data, index) << 16) | readUnsigned16(data, index + 2);
        }

        private void need(int bytes, String what) throws Malformed {
            if (position + bytes > end) {
                throw new Malformed(DnsAnomalies.TRUNCATED, position, "message ends " + (end - position)
                        + " bytes after offset " + (position - start) + ", expected " + what);
            }
        }

        private static String typeName(int type) {
            return TYPES.getOrDefault(type, "TYPE" + type);
        }

        private static String className(int dnsClass) {
            return CLASSES.getOrDefault(dnsClass, "CLASS" + dnsClass);
        }
    }
}
