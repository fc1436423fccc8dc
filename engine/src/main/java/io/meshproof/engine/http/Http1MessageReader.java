package io.meshproof.engine.http;

import io.meshproof.engine.anomaly.Anomaly;
import io.meshproof.engine.anomaly.AnomalyKind;
import io.meshproof.engine.anomaly.AnomalySink;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads the HTTP/1.x messages of one direction of a connection (RFC 9112): start line, header section,
 * then a body that is skipped according to its framing. Heads go to a {@link Listener}; bodies are not
 * kept. A malformed start line or framing field stops the direction, since the next message boundary
 * can no longer be found.
 */
final class Http1MessageReader {
    /** Receives the heads of one direction, in order. */
    interface Listener {
        void onRequestHead(Http1Head head, long frame);

        /**
         * A response head was read; returns the method of the request it answers (the body framing of a
         * response to HEAD or CONNECT depends on it), or null when unknown.
         */
        String onResponseHead(Http1Head head, long frame);

        /** A 101 response or a successful CONNECT: what follows on both directions is not HTTP/1.x. */
        void onUpgrade();
    }

    private enum State {
        START_LINE, FIXED_BODY, CHUNK_SIZE, CHUNK_DATA, CHUNK_DATA_END, TRAILERS, UNTIL_CLOSE, RESYNC, STOPPED
    }

    /** Start line plus header section; a longer head is refused rather than buffered without bound. */
    static final int MAX_HEAD_BYTES = 64 * 1024;

    /** 16 hex digits would overflow a long; real chunks are far smaller. */
    private static final int MAX_CHUNK_SIZE_DIGITS = 15;

    private final boolean requests;
    private final AnomalySink sink;
    private final Listener listener;

    private byte[] buffer = new byte[4096];
    private int readIndex;
    private int writeIndex;
    /** Stream offset of buffer[0], for anomaly offsets. */
    private long bufferStreamOffset;
    /** Where the search for the end of the head resumes, so each byte is scanned once. */
    private int headScanIndex;

    private State state = State.START_LINE;
    private long remaining;

    Http1MessageReader(boolean requests, AnomalySink sink, Listener listener) {
        this.requests = requests;
        this.sink = sink;
        this.listener = listener;
    }

    /** Reads the next in-order bytes; the array is only lent. */
    void read(byte[] data, int offset, int length, long frame) {
        if (state == State.STOPPED) {
            bufferStreamOffset += length;
            return;
        }
        append(data, offset, length);
        boolean progressed = true;
        while (progressed) {
            progressed = step(frame);
        }
        compact();
    }

    /** Bytes were lost: stay in step when they fall inside a body of known length, else resynchronise. */
    void gap(long missingBytes, long frame) {
        if (state == State.STOPPED) {
            return;
        }
        boolean inCountedBody = state == State.FIXED_BODY || state == State.CHUNK_DATA;
        if (inCountedBody && missingBytes >= 0 && missingBytes <= remaining && readIndex == writeIndex) {
            remaining -= missingBytes;
            bufferStreamOffset += missingBytes;
            return;
        }
        report(HttpAnomalies.STREAM_GAP, frame, writeIndex,
                (missingBytes < 0 ? "an unknown number of" : missingBytes) + " bytes missing in state " + state
                        + ", expected contiguous bytes; skipping to the next start line");
        bufferStreamOffset += writeIndex + Math.max(missingBytes, 0);
        readIndex = 0;
        writeIndex = 0;
        headScanIndex = 0;
        state = State.RESYNC;
    }

    /** The stream ended: a message cut short is reported; a body delimited by the close is complete. */
    void end(long frame) {
        boolean idle = state == State.START_LINE && isBlank(readIndex, writeIndex);
        if (idle || state == State.UNTIL_CLOSE || state == State.STOPPED || state == State.RESYNC) {
            return;
        }
        String where = state == State.START_LINE ? "inside a message head" : "in state " + state;
        report(HttpAnomalies.MESSAGE_INCOMPLETE, frame, writeIndex,
                "stream ended " + where + " with " + (writeIndex - readIndex) + " bytes unread"
                        + (remaining > 0 ? " and " + remaining + " body bytes outstanding" : "")
                        + ", expected a complete message");
        state = State.STOPPED;
    }

    /** Stops reading: the bytes that follow belong to another protocol. */
    void stop() {
        state = State.STOPPED;
        readIndex = writeIndex;
    }

    private boolean step(long frame) {
        return switch (state) {
            case START_LINE -> readHead(frame);
            case FIXED_BODY, CHUNK_DATA, UNTIL_CLOSE -> skipBody();
            case CHUNK_SIZE -> readChunkSize(frame);
            case CHUNK_DATA_END -> readChunkDataEnd(frame);
            case TRAILERS -> readTrailers();
            case RESYNC -> findStartLine();
            case STOPPED -> false;
        };
    }

    private boolean readHead(long frame) {
        // RFC 9112 2.2: empty lines before a start line are ignored.
        while (readIndex < writeIndex && (buffer[readIndex] == '\r' || buffer[readIndex] == '\n')) {
            readIndex++;
        }
        headScanIndex = Math.max(headScanIndex, readIndex);
        int headEnd = findEndOfHead();
        if (headEnd < 0) {
            if (writeIndex - readIndex > MAX_HEAD_BYTES) {
                report(HttpAnomalies.HEADER_SECTION_TOO_LONG, frame, readIndex, "more than " + MAX_HEAD_BYTES
                        + " bytes without an empty line, expected the end of the header section");
                state = State.STOPPED;
            }
            return false;
        }
        int headStart = readIndex;
        readIndex = headEnd;
        headScanIndex = headEnd;
        List<String> lines = splitLines(headStart, headEnd);
        Http1Head head = requests ? decodeRequestHead(lines, headStart, frame)
                : decodeResponseHead(lines, headStart, frame);
        if (head == null) {
            state = State.STOPPED;
            return false;
        }
        return dispatch(head, headStart, frame);
    }

    /** Index just past the empty line that ends the head, or -1 if it has not arrived yet. */
    private int findEndOfHead() {
        for (int i = headScanIndex; i < writeIndex; i++) {
            if (buffer[i] != '\n') {
                continue;
            }
            if (i + 1 < writeIndex && buffer[i + 1] == '\n') {
                return i + 2;
            }
            if (i + 2 < writeIndex && buffer[i + 1] == '\r' && buffer[i + 2] == '\n') {
                return i + 3;
            }
            if (i + 2 >= writeIndex) {
                // the line after this LF is not all here yet: look at this LF again next time
                headScanIndex = i;
                return -1;
            }
        }
        headScanIndex = writeIndex;
        return -1;
    }

    private List<String> splitLines(int from, int to) {
        List<String> lines = new ArrayList<>();
        int lineStart = from;
        for (int i = from; i < to; i++) {
            if (buffer[i] == '\n') {
                int lineEnd = i > lineStart && buffer[i - 1] == '\r' ? i - 1 : i;
                if (lineEnd > lineStart || !lines.isEmpty()) {
                    lines.add(new String(buffer, lineStart, lineEnd - lineStart, StandardCharsets.ISO_8859_1));
                }
                lineStart = i + 1;
            }
        }
        if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        return lines;
    }

    private Http1Head decodeRequestHead(List<String> lines, int headStart, long frame) {
        // RFC 9112 3: request-line = method SP request-target SP HTTP-version
        String line = lines.get(0);
        String[] parts = line.trim().split("[ \t]+");
        boolean valid = parts.length == 3 && isToken(parts[0]) && isHttpVersion(parts[2]);
        if (!valid) {
            report(HttpAnomalies.REQUEST_LINE_INVALID, frame, headStart,
                    "found '" + printable(line) + "', expected 'method SP request-target SP HTTP/1.x'");
            return null;
        }
        List<Http1Head.Field> fields = decodeFields(lines, headStart, frame);
        return new Http1Head(parts[0], parts[1], 0, parts[2], fields, null);
    }

    private Http1Head decodeResponseHead(List<String> lines, int headStart, long frame) {
        // RFC 9112 4: status-line = HTTP-version SP status-code SP [ reason-phrase ]
        String line = lines.get(0);
        int firstSpace = line.indexOf(' ');
        String version = firstSpace < 0 ? line : line.substring(0, firstSpace);
        String rest = firstSpace < 0 ? "" : line.substring(firstSpace + 1).stripLeading();
        String code = rest.length() >= 3 ? rest.substring(0, 3) : rest;
        boolean codeEnds = rest.length() == 3 || (rest.length() > 3 && (rest.charAt(3) == ' '
                || rest.charAt(3) == '\t'));
        boolean valid = isHttpVersion(version) && code.length() == 3 && code.chars().allMatch(Character::isDigit)
                && codeEnds;
        if (!valid) {
            report(HttpAnomalies.STATUS_LINE_INVALID, frame, headStart,
                    "found '" + printable(line) + "', expected 'HTTP/1.x SP 3-digit-code [SP reason]'");
            return null;
        }
        List<Http1Head.Field> fields = decodeFields(lines, headStart, frame);
        return new Http1Head(null, null, Integer.parseInt(code), version, fields, rest.substring(3).strip());
    }

    /** RFC 9112 5: field-line = field-name ":" OWS field-value OWS, with obs-fold joined into the value. */
    private List<Http1Head.Field> decodeFields(List<String> lines, int headStart, long frame) {
        List<Http1Head.Field> fields = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            boolean folded = line.startsWith(" ") || line.startsWith("\t");
            if (folded && !fields.isEmpty()) {
                Http1Head.Field last = fields.remove(fields.size() - 1);
                fields.add(new Http1Head.Field(last.name(), (last.value() + " " + line.strip()).strip()));
                report(HttpAnomalies.HEADER_FOLDED, frame, headStart,
                        "field '" + last.name() + "' continues on a line starting with whitespace");
                continue;
            }
            int colon = line.indexOf(':');
            String rawName = colon < 0 ? "" : line.substring(0, colon);
            String name = rawName.strip();
            if (colon < 0 || !isToken(name)) {
                report(HttpAnomalies.HEADER_INVALID, frame, headStart,
                        "found '" + printable(line) + "', expected 'field-name: value'; line ignored");
                continue;
            }
            if (!name.equals(rawName)) {
                report(HttpAnomalies.HEADER_WHITESPACE, frame, headStart,
                        "field name '" + printable(rawName) + "' has whitespace before the colon");
            }
            fields.add(new Http1Head.Field(name, line.substring(colon + 1).strip()));
        }
        return fields;
    }

    private boolean dispatch(Http1Head head, int headStart, long frame) {
        if (head.isRequest()) {
            listener.onRequestHead(head, frame);
            return startBody(head, null, headStart, frame);
        }
        String requestMethod = listener.onResponseHead(head, frame);
        boolean upgraded = head.status() == 101
                || ("CONNECT".equals(requestMethod) && head.status() / 100 == 2);
        if (upgraded) {
            listener.onUpgrade();
            return false;
        }
        return startBody(head, requestMethod, headStart, frame);
    }

    /** RFC 9112 6.3: how the length of the body is determined. */
    private boolean startBody(Http1Head head, String requestMethod, int headStart, long frame) {
        if (!head.isRequest() && hasNoResponseBody(head.status(), requestMethod)) {
            state = State.START_LINE;
            return true;
        }
        List<String> codings = head.fieldElements("Transfer-Encoding");
        if (!codings.isEmpty()) {
            boolean chunkedLast = codings.get(codings.size() - 1).equals("chunked");
            state = chunkedLast ? State.CHUNK_SIZE : State.UNTIL_CLOSE;
            return true;
        }
        List<String> lengths = head.fieldElements("Content-Length");
        if (lengths.isEmpty()) {
            state = head.isRequest() ? State.START_LINE : State.UNTIL_CLOSE;
            return true;
        }
        long length = decodeContentLength(lengths);
        if (length < 0) {
            report(HttpAnomalies.CONTENT_LENGTH_INVALID, frame, headStart,
                    "found Content-Length " + lengths + ", expected one decimal number");
            state = State.STOPPED;
            return false;
        }
        remaining = length;
        state = State.FIXED_BODY;
        return true;
    }

    private static boolean hasNoResponseBody(int status, String requestMethod) {
        return status / 100 == 1 || status == 204 || status == 304 || "HEAD".equals(requestMethod);
    }

    private static long decodeContentLength(List<String> values) {
        long length = -1;
        for (String value : values) {
            if (value.isEmpty() || value.length() > 18 || !value.chars().allMatch(Character::isDigit)) {
                return -1;
            }
            long parsed = Long.parseLong(value);
            if (length >= 0 && parsed != length) {
                return -1;
            }
            length = parsed;
        }
        return length;
    }

    private boolean skipBody() {
        int available = writeIndex - readIndex;
        if (state == State.UNTIL_CLOSE) {
            readIndex = writeIndex;
            return false;
        }
        int skipped = (int) Math.min(available, remaining);
        readIndex += skipped;
        remaining -= skipped;
        if (remaining > 0) {
            return false;
        }
        state = state == State.CHUNK_DATA ? State.CHUNK_DATA_END : State.START_LINE;
        return true;
    }

    /** RFC 9112 7.1: chunk-size [ chunk-ext ] CRLF. */
    private boolean readChunkSize(long frame) {
        int lineEnd = findLineEnd(readIndex);
        if (lineEnd < 0) {
            return false;
        }
        String line = lineAt(readIndex, lineEnd);
        int extension = line.indexOf(';');
        String digits = (extension < 0 ? line : line.substring(0, extension)).strip();
        boolean valid = !digits.isEmpty() && digits.length() <= MAX_CHUNK_SIZE_DIGITS
                && digits.chars().allMatch(c -> Character.digit(c, 16) >= 0);
        if (!valid) {
            report(HttpAnomalies.CHUNK_SIZE_INVALID, frame, readIndex,
                    "found '" + printable(line) + "', expected a hexadecimal chunk size");
            state = State.STOPPED;
            return false;
        }
        readIndex = lineEnd + 1;
        remaining = Long.parseLong(digits, 16);
        state = remaining == 0 ? State.TRAILERS : State.CHUNK_DATA;
        return true;
    }

    private boolean readChunkDataEnd(long frame) {
        int lineEnd = findLineEnd(readIndex);
        if (lineEnd < 0) {
            return false;
        }
        String line = lineAt(readIndex, lineEnd);
        if (!line.isEmpty()) {
            report(HttpAnomalies.CHUNK_END_INVALID, frame, readIndex,
                    "found '" + printable(line) + "' after chunk data, expected CRLF");
            state = State.STOPPED;
            return false;
        }
        readIndex = lineEnd + 1;
        state = State.CHUNK_SIZE;
        return true;
    }

    /** RFC 9112 7.1.2: trailer fields up to an empty line; their values are not needed. */
    private boolean readTrailers() {
        int lineEnd = findLineEnd(readIndex);
        if (lineEnd < 0) {
            return false;
        }
        boolean empty = lineAt(readIndex, lineEnd).isEmpty();
        readIndex = lineEnd + 1;
        if (empty) {
            state = State.START_LINE;
        }
        return true;
    }

    /** After a gap: drop bytes up to a line that looks like the start of a message. */
    private boolean findStartLine() {
        int candidate = readIndex;
        while (candidate < writeIndex) {
            int lineEnd = findLineEnd(candidate);
            int visible = (lineEnd < 0 ? writeIndex : lineEnd + 1) - candidate;
            boolean looksLikeStart = requests ? HttpDetector.looksLikeHttp1Request(buffer, candidate, visible)
                    : HttpDetector.looksLikeHttp1Response(buffer, candidate, visible);
            if (looksLikeStart && lineEnd >= 0) {
                readIndex = candidate;
                headScanIndex = candidate;
                state = State.START_LINE;
                return true;
            }
            if (lineEnd < 0) {
                readIndex = looksLikeStart ? candidate : writeIndex;
                return false;
            }
            candidate = lineEnd + 1;
        }
        readIndex = writeIndex;
        return false;
    }

    private int findLineEnd(int from) {
        for (int i = from; i < writeIndex; i++) {
            if (buffer[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** The line from {@code from} to the LF at {@code lineEnd}, without CR or LF. */
    private String lineAt(int from, int lineEnd) {
        int end = lineEnd > from && buffer[lineEnd - 1] == '\r' ? lineEnd - 1 : lineEnd;
        return new String(buffer, from, end - from, StandardCharsets.ISO_8859_1);
    }

    private boolean isBlank(int from, int to) {
        for (int i = from; i < to; i++) {
            if (buffer[i] != '\r' && buffer[i] != '\n') {
                return false;
            }
        }
        return true;
    }

    private void append(byte[] data, int offset, int length) {
        if (writeIndex + length > buffer.length) {
            compact();
            if (writeIndex + length > buffer.length) {
                buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, writeIndex + length));
            }
        }
        System.arraycopy(data, offset, buffer, writeIndex, length);
        writeIndex += length;
    }

    /** Moves unread bytes to the front of the buffer. */
    private void compact() {
        if (readIndex == 0) {
            return;
        }
        System.arraycopy(buffer, readIndex, buffer, 0, writeIndex - readIndex);
        bufferStreamOffset += readIndex;
        headScanIndex = Math.max(0, headScanIndex - readIndex);
        writeIndex -= readIndex;
        readIndex = 0;
    }

    private void report(AnomalyKind kind, long frame, int bufferIndex, String detail) {
        sink.report(new Anomaly(kind, frame, bufferStreamOffset + bufferIndex,
                (requests ? "request: " : "response: ") + detail));
    }

    /** RFC 9110 5.6.2: token = 1*tchar. */
    private static boolean isToken(String text) {
        if (text.isEmpty()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean tchar = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!tchar) {
                return false;
            }
        }
        return true;
    }

    private static boolean isHttpVersion(String text) {
        return text.length() == 8 && text.startsWith("HTTP/") && Character.isDigit(text.charAt(5))
                && text.charAt(6) == '.' && Character.isDigit(text.charAt(7));
    }

    /** Shows control and non-ASCII bytes as escapes, and cuts long lines, for anomaly details. */
    private static String printable(String text) {
        StringBuilder out = new StringBuilder();
        int limit = Math.min(text.length(), 80);
        for (int i = 0; i < limit; i++) {
            char c = text.charAt(i);
            if (c >= 0x20 && c < 0x7f) {
                out.append(c);
            } else {
                out.append(String.format("\\x%02x", (int) c));
            }
        }
        return text.length() > limit ? out + "..." : out.toString();
    }
}
