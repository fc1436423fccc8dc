package io.meshproof.engine.tls;

import io.meshproof.engine.anomaly.AnomalyKind;

/** Checks the five bytes of a record header: content type, legacy version and length. */
final class RecordHeader {
    /** Why a header cannot start a record. */
    record Problem(AnomalyKind kind, String detail) {
    }

    private static final int FIRST_CONTENT_TYPE = 20;
    private static final int LAST_CONTENT_TYPE = 24;

    private RecordHeader() {
    }

    /** Null when {@code data[offset, offset + 5)} is a plausible record header, else what is wrong. */
    static Problem check(byte[] data, int offset) {
        int type = data[offset] & 0xFF;
        int major = data[offset + 1] & 0xFF;
        int minor = data[offset + 2] & 0xFF;
        int length = (data[offset + 3] & 0xFF) << 8 | data[offset + 4] & 0xFF;
        if (type < FIRST_CONTENT_TYPE || type > LAST_CONTENT_TYPE) {
            return new Problem(TlsAnomalies.RECORD_UNKNOWN_TYPE,
                    "content type " + type + ", expected 20..24");
        }
        // RFC 8446 5.1: legacy_record_version is 0x0301 or 0x0303; SSL 3.0 and TLS up to 1.3 use 3.x
        if (major != 3 || minor > 4) {
            return new Problem(TlsAnomalies.RECORD_VERSION_INVALID,
                    String.format("record version 0x%02X%02X, expected 0x0300..0x0304", major, minor));
        }
        if (length > RecordReader.MAX_RECORD_LENGTH) {
            return new Problem(TlsAnomalies.RECORD_LENGTH_INVALID,
                    "record length " + length + ", maximum is " + RecordReader.MAX_RECORD_LENGTH);
        }
        return null;
    }
}
