package io.meshproof.engine.packet;

import io.meshproof.engine.capture.CaptureReader;
import io.meshproof.engine.capture.Frame;
import io.meshproof.engine.capture.TestCaptures;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.List;

/** The captures under {@code src/test/resources/packet}, made for the fragment and tunnel tests (see README). */
final class PacketCaptures {
    private PacketCaptures() {
    }

    static Path path(String fileName) {
        URL url = PacketCaptures.class.getResource("/packet/" + fileName);
        if (url == null) {
            throw new IllegalArgumentException("no packet test capture " + fileName);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<Frame> readAll(String fileName) throws Exception {
        try (CaptureReader reader = CaptureReader.open(path(fileName))) {
            return TestCaptures.readAll(reader);
        }
    }

    /** A frame with other bytes, its number and time kept. */
    static Frame withData(Frame frame, byte[] data) {
        return new Frame(frame.number(), frame.timestampNanos(), frame.linkType(), frame.interfaceId(), data,
                data.length);
    }

    /** A frame renumbered and moved in time, as if captured later. */
    static Frame at(Frame frame, long number, long timestampNanos) {
        return new Frame(number, timestampNanos, frame.linkType(), frame.interfaceId(), frame.data(),
                frame.originalLength());
    }
}
