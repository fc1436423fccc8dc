package io.meshproof.engine.http;

import io.meshproof.engine.anomaly.AnomalyKind;
import io.meshproof.engine.anomaly.Severity;

/** Every kind of malformation the HTTP/1.x and HTTP/2 decoders report. */
public final class HttpAnomalies {
    public static final AnomalyKind REQUEST_LINE_INVALID = new AnomalyKind("http.request_line.invalid",
            Severity.ERROR, "a request line is not 'method SP request-target SP HTTP-version'");
    public static final AnomalyKind STATUS_LINE_INVALID = new AnomalyKind("http.status_line.invalid",
            Severity.ERROR, "a status line is not 'HTTP-version SP 3-digit-code [SP reason]'");
    public static final AnomalyKind HEADER_INVALID = new AnomalyKind("http.header.invalid",
            Severity.ERROR, "a header line has no colon or an empty or non-token field name");
    public static final AnomalyKind HEADER_WHITESPACE = new AnomalyKind("http.header.whitespace",
            Severity.NOTE, "whitespace between a field name and its colon (RFC 9112 5.1 forbids it)");
    public static final AnomalyKind HEADER_FOLDED = new AnomalyKind("http.header.folded",
            Severity.NOTE, "a header value continues on the next line (obsolete line folding, RFC 9112 5.2)");
    public static final AnomalyKind HEADER_SECTION_TOO_LONG = new AnomalyKind("http.header_section.too_long",
            Severity.ERROR, "a start line and header section longer than the decoder accepts");
    public static final AnomalyKind CONTENT_LENGTH_INVALID = new AnomalyKind("http.content_length.invalid",
            Severity.ERROR, "Content-Length is not a decimal number or its copies disagree");
    public static final AnomalyKind CHUNK_SIZE_INVALID = new AnomalyKind("http.chunk_size.invalid",
            Severity.ERROR, "a chunk-size line of a chunked body is not hexadecimal");
    public static final AnomalyKind CHUNK_END_INVALID = new AnomalyKind("http.chunk.end_invalid",
            Severity.ERROR, "chunk data is not followed by CRLF");
    public static final AnomalyKind RESPONSE_UNSOLICITED = new AnomalyKind("http.response.unsolicited",
            Severity.NOTE, "a response arrived for which no request was seen");
    public static final AnomalyKind MESSAGE_INCOMPLETE = new AnomalyKind("http.message.incomplete",
            Severity.WARNING, "the stream ended inside a message");
    public static final AnomalyKind STREAM_GAP = new AnomalyKind("http.stream.gap",
            Severity.WARNING, "bytes of the stream were not captured; decoding resumed at the next message");

    public static final AnomalyKind H2_PREFACE_INVALID = new AnomalyKind("http2.preface.invalid",
            Severity.ERROR, "the client did not start with the HTTP/2 connection preface");
    public static final AnomalyKind H2_SETTINGS_MISSING = new AnomalyKind("http2.preface.settings_missing",
            Severity.WARNING, "the first frame of a direction is not SETTINGS (RFC 9113 3.4)");
    public static final AnomalyKind H2_FRAME_TOO_LARGE = new AnomalyKind("http2.frame.length_overrun",
            Severity.WARNING, "a frame is longer than the receiver's SETTINGS_MAX_FRAME_SIZE");
    public static final AnomalyKind H2_PADDING_INVALID = new AnomalyKind("http2.padding.invalid",
            Severity.ERROR, "a frame's padding and priority fields are longer than its payload");
    public static final AnomalyKind H2_CONTINUATION_MISSING = new AnomalyKind("http2.continuation.missing",
            Severity.ERROR, "a header block without END_HEADERS is followed by something other than CONTINUATION");
    public static final AnomalyKind H2_CONTINUATION_UNEXPECTED = new AnomalyKind(
            "http2.continuation.unexpected", Severity.ERROR, "a CONTINUATION frame follows no open header block");
    public static final AnomalyKind H2_HEADER_BLOCK_TOO_LARGE = new AnomalyKind("http2.header_block.too_large",
            Severity.ERROR, "a header block is longer than the decoder accepts");
    public static final AnomalyKind H2_HPACK_INVALID = new AnomalyKind("http2.hpack.invalid",
            Severity.ERROR, "a header block does not decode with HPACK (RFC 7541); the direction stops decoding");
    public static final AnomalyKind H2_STREAM_ID_INVALID = new AnomalyKind("http2.stream_id.invalid",
            Severity.ERROR, "a frame that belongs to a stream has stream id 0");
    public static final AnomalyKind H2_RESPONSE_UNSOLICITED = new AnomalyKind("http2.response.unsolicited",
            Severity.NOTE, "response headers arrived on a stream whose request was not seen");
    public static final AnomalyKind H2_FRAME_INCOMPLETE = new AnomalyKind("http2.frame.incomplete",
            Severity.WARNING, "the stream ended inside a frame");
    public static final AnomalyKind H2_STREAM_GAP = new AnomalyKind("http2.stream.gap",
            Severity.WARNING, "bytes of the stream were not captured; framing and HPACK state are lost");

    private HttpAnomalies() {
    }
}
