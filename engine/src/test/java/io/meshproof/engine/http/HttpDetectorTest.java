package io.meshproof.engine.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshproof.engine.tcp.SegmentScript;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HttpDetectorTest {
    @Test
    void detectsEachProtocol_whenGivenRealFirstSegments() {
        byte[] request = firstPayload("/http/seed-legacy-to-foo.41001.segments", 0);
        byte[] response = firstPayload("/http/seed-legacy-to-foo.41001.segments", 1);
        byte[] preface = firstPayload("/http/h2c-plaintext.46001.segments", 0);

        assertThat(HttpDetector.looksLikeHttp1Request(request, 0, request.length)).isTrue();
        assertThat(HttpDetector.looksLikeHttp1Response(response, 0, response.length)).isTrue();
        assertThat(HttpDetector.looksLikeH2Preface(preface, 0, preface.length)).isTrue();
        assertThat(HttpDetector.looksLikeHttp1Request(preface, 0, preface.length)).isFalse();
        assertThat(HttpDetector.looksLikeH2Preface(request, 0, request.length)).isFalse();
        assertThat(HttpDetector.looksLikeHttp1Response(request, 0, request.length)).isFalse();
    }

    @Test
    void detectsPreface_whenOnlyAPrefixHasArrived() {
        byte[] bytes = "xxPRI * HT".getBytes(StandardCharsets.US_ASCII);

        assertThat(HttpDetector.looksLikeH2Preface(bytes, 2, 8)).isTrue();
        assertThat(HttpDetector.looksLikeH2Preface(bytes, 0, 8)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"GE", "DELETE /x", "M-SEARCH * HTTP/1.1\r\n", "PURGE /cache HTTP/1.0\r\n"})
    void acceptsRequest_whenStartLooksLikeAMethod(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);

        assertThat(HttpDetector.looksLikeHttp1Request(bytes, 0, bytes.length)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "get / HTTP/1.1", "\u0016\u0003\u0001", "FOO /x SPDY/3\r\n", "GET  / HTTP/1.1",
        "SSH-2.0"})
    void rejectsRequest_whenStartIsSomethingElse(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);

        assertThat(HttpDetector.looksLikeHttp1Request(bytes, 0, bytes.length)).isFalse();
    }

    private static byte[] firstPayload(String resource, int index) {
        return SegmentScript.load(resource).segments().get(index).payload();
    }
}
