package io.meshproof.engine.tcp;

import io.meshproof.engine.flow.Direction;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The TCP payloads of one real connection, in capture order, as written by
 * {@code src/test/resources/streams/extract.py}: lines {@code > FRAME HEX} (client to server) and
 * {@code < FRAME HEX} (server to client); {@code #} starts a comment. Tests replay them into a decoder.
 */
public final class SegmentScript {
    /** One segment's payload with its direction and frame number. */
    public record Segment(Direction direction, long frame, byte[] payload) {
    }

    private final List<Segment> segments;

    private SegmentScript(List<Segment> segments) {
        this.segments = List.copyOf(segments);
    }

    /** Reads a script from the test class path, e.g. {@code /tls/seed-foo-to-foo-mtls.42001.segments}. */
    public static SegmentScript load(String resource) {
        try (InputStream in = SegmentScript.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + resource);
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static SegmentScript parse(String text) {
        List<Segment> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.trim().split(" ");
            Direction direction = parts[0].equals(">") ? Direction.TO_SERVER : Direction.TO_CLIENT;
            out.add(new Segment(direction, Long.parseLong(parts[1]), HexFormat.of().parseHex(parts[2])));
        }
        return new SegmentScript(out);
    }

    public List<Segment> segments() {
        return segments;
    }

    /** Replays every segment whole, then ends the stream. */
    public void replay(StreamConsumer consumer) {
        replay(consumer, Integer.MAX_VALUE);
    }

    /**
     * Replays the segments cut into pieces of at most {@code chunkBytes}, so that decoders are shown
     * messages split at every possible boundary, then ends the stream.
     */
    public void replay(StreamConsumer consumer, int chunkBytes) {
        for (Segment segment : segments) {
            byte[] payload = segment.payload();
            for (int off = 0; off < payload.length; off += chunkBytes) {
                int length = Math.min(chunkBytes, payload.length - off);
                consumer.onData(segment.direction(), payload, off, length, segment.frame());
            }
        }
        consumer.onEnd();
    }
}
