package io.meshproof.engine.dissect;

import io.meshproof.engine.dns.DnsMessage;
import io.meshproof.engine.dns.DnsQuestion;
import io.meshproof.engine.dns.DnsRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The info text and fields of a DNS message, in Wireshark's words ({@code Standard query 0x6e9b A name}). */
final class DnsFields {
    // Wireshark's wording of the response codes it names in the info column
    private static final Map<String, String> RCODES = Map.of(
            "FORMERR", "Format error", "SERVFAIL", "Server failure", "NXDOMAIN", "No such name",
            "NOTIMP", "Not implemented", "REFUSED", "Refused");

    private DnsFields() {
    }

    static String info(DnsMessage message) {
        StringBuilder info = new StringBuilder(message.opcode().equals("QUERY") ? "Standard query" : message.opcode());
        if (message.response()) {
            info.append(" response");
        }
        info.append(String.format(" 0x%04x", message.id()));
        String rcode = RCODES.get(message.rcode());
        if (message.response() && rcode != null) {
            info.append(' ').append(rcode);
        }
        for (DnsQuestion question : message.questions()) {
            info.append(' ').append(question.type()).append(' ').append(question.name());
        }
        List<DnsRecord> shown = new ArrayList<>(message.answers());
        shown.addAll(message.authorities());
        for (DnsRecord record : shown) {
            info.append(' ').append(record.type()).append(' ').append(shortData(record));
        }
        return info.toString();
    }

    static List<Field> fields(DnsMessage message) {
        List<Field> fields = new ArrayList<>();
        fields.add(Field.of("dns.id", String.format("0x%04x", message.id())));
        fields.add(Field.of("dns.flags.response", message.response() ? 1 : 0));
        fields.add(Field.of("dns.flags.opcode", message.opcode()));
        fields.add(Field.of("dns.flags.rcode", message.rcode()));
        fields.add(Field.of("dns.flags.truncated", message.truncated() ? 1 : 0));
        for (DnsQuestion question : message.questions()) {
            fields.add(Field.tree("dns.qry", question.name(), List.of(Field.of("dns.qry.name", question.name()),
                    Field.of("dns.qry.type", question.type()), Field.of("dns.qry.class", question.dnsClass()))));
        }
        section("dns.answer", message.answers(), fields);
        section("dns.authority", message.authorities(), fields);
        section("dns.additional", message.additionals(), fields);
        if (!message.complete()) {
            fields.add(Field.undecoded("the message is malformed after the fields above"));
        }
        return fields;
    }

    private static void section(String name, List<DnsRecord> records, List<Field> fields) {
        for (DnsRecord record : records) {
            List<Field> details = new ArrayList<>();
            details.add(Field.of("dns.resp.name", record.name()));
            details.add(Field.of("dns.resp.type", record.type()));
            details.add(Field.of("dns.resp.class", record.dnsClass()));
            details.add(Field.of("dns.resp.ttl", record.ttl()));
            details.add(Field.of(dataField(record.type()), record.data()));
            fields.add(Field.tree(name, record.name() + " " + record.type(), details));
        }
    }

    private static String dataField(String type) {
        return switch (type) {
            case "A" -> "dns.a";
            case "AAAA" -> "dns.aaaa";
            case "CNAME" -> "dns.cname";
            case "PTR" -> "dns.ptr.domain_name";
            case "NS" -> "dns.ns";
            default -> "dns.resp.data";
        };
    }

    /** As Wireshark's info column: the address or name; for SOA only the primary name server. */
    private static String shortData(DnsRecord record) {
        String data = record.data();
        String first = data.contains(" ") ? data.substring(0, data.indexOf(' ')) : data;
        String shown = record.type().equals("SOA") ? first : data;
        return shown.endsWith(".") && shown.length() > 1 ? shown.substring(0, shown.length() - 1) : shown;
    }
}
