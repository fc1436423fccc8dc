package io.meshproof.engine.http;

/**
 * One HTTP request with its response, as seen on the wire of one connection.
 *
 * @param method the request method, or null when only the response was seen
 * @param path the request target as sent ({@code :path} in HTTP/2), or null when only the response was seen
 * @param host the {@code Host} header or HTTP/2 {@code :authority}, or null when the request named none
 * @param status the final (non-1xx) response status, or null when no response was seen
 * @param version {@code HTTP/1.0}, {@code HTTP/1.1} or {@code HTTP/2}
 * @param requestFrame the frame that completed the request's header section, or 0 when no request was seen
 * @param responseFrame the frame that completed the response's header section, or null when no response
 */
public record HttpExchange(
        String method,
        String path,
        String host,
        Integer status,
        String version,
        long requestFrame,
        Long responseFrame) {
}
