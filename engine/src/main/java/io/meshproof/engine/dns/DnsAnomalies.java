package io.meshproof.engine.dns;

import io.meshproof.engine.anomaly.AnomalyKind;
import io.meshproof.engine.anomaly.Severity;

/** Every kind of malformation the DNS decoder reports. */
public final class DnsAnomalies {
    public static final AnomalyKind TRUNCATED = new AnomalyKind("dns.truncated", Severity.ERROR,
            "the message ends before the header, a name or a record it announces");
    public static final AnomalyKind NAME_POINTER_LOOP = new AnomalyKind("dns.name.pointer_loop", Severity.ERROR,
            "a compression pointer does not point before the labels already read, so it could loop");
    public static final AnomalyKind NAME_POINTER_OUT_OF_RANGE = new AnomalyKind("dns.name.pointer_out_of_range",
            Severity.ERROR, "a compression pointer points past the end of the message");
    public static final AnomalyKind NAME_LABEL_TYPE_INVALID = new AnomalyKind("dns.name.label_type_invalid",
            Severity.ERROR, "a label length byte starts with the reserved bits 01 or 10 (RFC 6891 removed them)");
    public static final AnomalyKind NAME_TOO_LONG = new AnomalyKind("dns.name.too_long", Severity.ERROR,
            "a name is longer than 255 bytes on the wire (RFC 1035 3.1)");
    public static final AnomalyKind RDATA_LENGTH_INVALID = new AnomalyKind("dns.rdata.length_invalid",
            Severity.WARNING, "a record's data length does not fit its type (an A record is 4 bytes, ...)");
    public static final AnomalyKind TRAILING_BYTES = new AnomalyKind("dns.trailing_bytes", Severity.NOTE,
            "bytes follow the last record the header announces");

    private DnsAnomalies() {
    }
}
