package io.meshproof.engine.capture;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The real captures under {@code src/test/resources/captures} and their ground truth {@code expected.json},
 * both copied from the shared capture corpus (its README says how each file was made).
 */
public final class TestCaptures {
    private static JsonNode expected;

    private TestCaptures() {
    }

    public static Path path(String fileName) {
        URL url = TestCaptures.class.getResource("/captures/" + fileName);
        if (url == null) {
            throw new IllegalArgumentException("no test capture " + fileName);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every frame of a capture, read to the end. */
    public static List<Frame> readAll(String fileName) throws CaptureException, IOException {
        try (CaptureReader reader = CaptureReader.open(path(fileName))) {
            return readAll(reader);
        }
    }

    public static List<Frame> readAll(CaptureReader reader) throws CaptureException {
        List<Frame> frames = new ArrayList<>();
        for (Frame frame = reader.next(); frame != null; frame = reader.next()) {
            frames.add(frame);
        }
        return frames;
    }

    /** The {@code files} object of expected.json: one entry per capture file. */
    public static synchronized JsonNode expectedFiles() {
        if (expected == null) {
            try {
                expected = new ObjectMapper().readTree(path("expected.json").toFile()).get("files");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return expected;
    }

    /** The names of every capture file expected.json describes. */
    public static List<String> fileNames() {
        List<String> names = new ArrayList<>();
        expectedFiles().fieldNames().forEachRemaining(names::add);
        return names;
    }
}
