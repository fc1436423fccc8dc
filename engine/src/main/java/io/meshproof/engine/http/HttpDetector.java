package io.meshproof.engine.http;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Recognises HTTP/1.x and HTTP/2 cleartext by the first bytes of a stream, whatever the port. Each check
 * looks only at {@code data[offset, offset + length)} and never throws; a prefix that could still become
 * a match is a match, so callers may ask again with more bytes for a firmer answer.
 */
public final class HttpDetector {
    /** RFC 9113 3.4: the client connection preface, 24 bytes. */
    static final byte[] H2_PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private static final byte[] RESPONSE_PREFIX = "HTTP/1.".getBytes(StandardCharsets.US_ASCII);
    private static final List<String> KNOWN_METHODS =
            List.of("GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH");

    /** Longer method tokens are unlikely enough to be something else. */
    private static final int MAX_METHOD_LENGTH = 20;

    private HttpDetector() {
    }

    /**
     * True for a request line: a known method followed by SP (or a prefix of one), or an upper-case method
     * token, SP and a request target starting with '/', '*' or a letter. When the end of the line is in
     * view it must close with {@code HTTP/1.x}.
     */
    public static boolean looksLikeHttp1Request(byte[] data, int offset, int length) {
        if (length <= 0 || looksLikeH2Preface(data, offset, length)) {
            return false;
        }
        int methodEnd = findMethodEnd(data, offset, length);
        if (methodEnd < 0) {
            return isKnownMethodPrefix(data, offset, length);
        }
        if (methodEnd == offset) {
            return false;
        }
        int end = offset + length;
        if (methodEnd + 1 == end) {
            return true;
        }
        byte target = data[methodEnd + 1];
        boolean plausibleTarget = target == '/' || target == '*' || Character.isLetter(target);
        if (!plausibleTarget) {
            return false;
        }
        int lineEnd = indexOf(data, methodEnd, end, (byte) '\n');
        if (lineEnd < 0) {
            return true;
        }
        return endsWithHttp1Version(data, methodEnd, lineEnd);
    }

    /** True when the bytes are {@code HTTP/1.} followed by anything, or a prefix of {@code HTTP/1.}. */
    public static boolean looksLikeHttp1Response(byte[] data, int offset, int length) {
        return length > 0 && startsWithOrIsPrefixOf(data, offset, length, RESPONSE_PREFIX);
    }

    /** True when the bytes start with the 24-byte HTTP/2 client preface, or are a prefix of it. */
    public static boolean looksLikeH2Preface(byte[] data, int offset, int length) {
        return length > 0 && startsWithOrIsPrefixOf(data, offset, length, H2_PREFACE);
    }

    /** The index of the SP that ends an upper-case method token, -1 if none within reach, or offset if bad. */
    private static int findMethodEnd(byte[] data, int offset, int length) {
        int limit = Math.min(length, MAX_METHOD_LENGTH + 1);
        for (int i = 0; i < limit; i++) {
            byte b = data[offset + i];
            if (b == ' ') {
                return offset + i;
            }
            boolean methodChar = (b >= 'A' && b <= 'Z') || b == '-' || b == '_';
            if (!methodChar) {
                return offset;
            }
        }
        return limit == length ? -1 : offset;
    }

    private static boolean isKnownMethodPrefix(byte[] data, int offset, int length) {
        String start = new String(data, offset, length, StandardCharsets.US_ASCII);
        return KNOWN_METHODS.stream().anyMatch(method -> method.startsWith(start));
    }

    private static boolean endsWithHttp1Version(byte[] data, int from, int lineEnd) {
        int end = lineEnd > from && data[lineEnd - 1] == '\r' ? lineEnd - 1 : lineEnd;
        int versionLength = "HTTP/1.1".length();
        if (end - from < versionLength + 1) {
            return false;
        }
        int start = end - versionLength;
        return data[start - 1] == ' ' && startsWithOrIsPrefixOf(data, start, versionLength, RESPONSE_PREFIX)
                && Character.isDigit(data[end - 1]);
    }

    private static boolean startsWithOrIsPrefixOf(byte[] data, int offset, int length, byte[] expected) {
        int n = Math.min(length, expected.length);
        for (int i = 0; i < n; i++) {
            if (data[offset + i] != expected[i]) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] data, int from, int to, byte value) {
        for (int i = from; i < to; i++) {
            if (data[i] == value) {
                return i;
            }
        }
        return -1;
    }
}
