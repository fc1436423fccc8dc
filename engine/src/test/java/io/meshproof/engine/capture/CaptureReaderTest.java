package io.meshproof.engine.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import java.util.TreeSet;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class CaptureReaderTest {
    private static final byte[] PAYLOAD = "0123456789".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path temp;

    static List<String> captureFiles() {
        return TestCaptures.fileNames();
    }

    @ParameterizedTest
    @MethodSource("captureFiles")
    void readsEveryFrame_whenFileIsARealCapture(String fileName) throws Exception {
        JsonNode expected = TestCaptures.expectedFiles().get(fileName);

        try (CaptureReader reader = CaptureReader.open(TestCaptures.path(fileName))) {
            List<Frame> frames = TestCaptures.readAll(reader);

            assertThat(frames).hasSize(expected.get("packet_count").asInt());
            assertThat(reader.format()).isEqualTo(expected.get("format").asText());
            TreeSet<String> linkTypes = new TreeSet<>();
            frames.forEach(frame -> linkTypes.add(LinkType.name(frame.linkType())));
            TreeSet<String> expectedLinkTypes = new TreeSet<>();
            expected.get("link_types").forEach(type -> expectedLinkTypes.add(type.asText()));
            assertThat(linkTypes).isEqualTo(expectedLinkTypes);
            assertThat(frames).extracting(Frame::number)
                    .isEqualTo(LongStream.rangeClosed(1, frames.size()).boxed().toList());
            assertThat(reader.warnings()).hasSize(expected.get("truncated").isNull() ? 0 : 1);
            assertThat(reader.bytesRead()).isEqualTo(Files.size(TestCaptures.path(fileName)));
        }
    }

    @Test
    void readsSameFrames_whenPcapIsNanosecondOrBigEndian() throws Exception {
        List<Frame> original = TestCaptures.readAll("seed-legacy-to-foo.pcap");

        for (String variant : List.of("seed-legacy-to-foo-nsec.pcap", "seed-legacy-to-foo-be.pcap")) {
            assertSameFrames(TestCaptures.readAll(variant), original);
        }
        assertThat(original.get(0).timestampNanos() % 1000).isZero();
        assertThat(original.get(0).timestampNanos()).isGreaterThan(1_600_000_000_000_000_000L);
    }

    @Test
    void describesInterface_whenPcapIsNanosecond() throws Exception {
        try (CaptureReader reader = CaptureReader.open(TestCaptures.path("seed-legacy-to-foo-nsec.pcap"))) {
            assertThat(reader.interfaces()).containsExactly(new CaptureInterface(0, 0, LinkType.LINUX_SLL2, "",
                    262144, CaptureInterface.TSRESOL_NANOSECONDS, OptionalLong.empty()));
        }
    }

    @Test
    void readsSameFrames_whenPcapIsGzipped() throws Exception {
        try (CaptureReader reader = CaptureReader.open(TestCaptures.path("tls12-server-only.pcap.gz"))) {
            assertThat(reader.format()).isEqualTo("pcap");
            assertSameFrames(TestCaptures.readAll(reader), TestCaptures.readAll("tls12-server-only.pcap"));
            assertThat(reader.warnings()).isEmpty();
        }
    }

    @Test
    void readsWholeFramesAndWarnsOnce_whenFileIsCutInsideAFrame() throws Exception {
        try (CaptureReader reader = CaptureReader.open(TestCaptures.path("mixed-mesh-truncated.pcapng"))) {
            List<Frame> frames = TestCaptures.readAll(reader);

            assertThat(frames).hasSize(372);
            assertThat(reader.warnings()).containsExactly(new CaptureWarning(
                    "file ends inside frame 373 (33 of 66 bytes present); 372 whole frames read", 373));
            assertThat(reader.next()).isNull();
            assertThat(reader.warnings()).hasSize(1);
        }
        List<Frame> whole = TestCaptures.readAll("mixed-mesh.pcapng");
        assertSameFrames(TestCaptures.readAll("mixed-mesh-truncated.pcapng"), whole.subList(0, 372));
    }

    @Test
    void describesEveryInterface_whenPcapngHasSeveralLinkTypes() throws Exception {
        try (CaptureReader reader = CaptureReader.open(TestCaptures.path("mixed-mesh.pcapng"))) {
            List<Frame> frames = TestCaptures.readAll(reader);

            assertThat(reader.interfaces()).hasSize(8);
            for (Frame frame : frames) {
                assertThat(reader.interfaces().get(frame.interfaceId()).linkType()).isEqualTo(frame.linkType());
            }
            assertThat(reader.interfaces()).extracting(CaptureInterface::linkType)
                    .contains(LinkType.ETHERNET, LinkType.LINUX_SLL, LinkType.LINUX_SLL2);
        }
    }

    @Test
    void keepsTlsKeyLog_whenPcapngHasDecryptionSecretsBlock() throws Exception {
        String keys = Files.readString(TestCaptures.path("seed-foo-to-foo-mtls.keys"));

        try (CaptureReader reader = CaptureReader.open(TestCaptures.path("seed-foo-to-foo-mtls-dsb.pcapng"))) {
            assertSameFrames(TestCaptures.readAll(reader), TestCaptures.readAll("seed-foo-to-foo-mtls.pcap"));

            assertThat(reader.secrets()).hasSize(1);
            DecryptionSecrets secrets = reader.secrets().get(0);
            assertThat(secrets.type()).isEqualTo(DecryptionSecrets.TLS_KEY_LOG);
            assertThat(secrets.isTlsKeyLog()).isTrue();
            String firstLine = keys.lines().findFirst().orElseThrow();
            assertThat(secrets.text()).startsWith(firstLine).contains("CLIENT_HANDSHAKE_TRAFFIC_SECRET");
        }
    }

    @Test
    void failsWithMessage_whenStreamIsText() {
        byte[] text = "hello, this is not a capture\n".getBytes(StandardCharsets.US_ASCII);

        assertThatThrownBy(() -> CaptureReader.open(new ByteArrayInputStream(text), "notes.txt"))
                .isInstanceOf(CaptureException.class)
                .hasMessage("notes.txt: not a capture file (starts with 68 65 6c 6c, "
                        + "expected a pcap or pcapng magic number)");
    }

    @Test
    void failsWithMessage_whenFileIsText() throws IOException {
        Path notes = Files.writeString(temp.resolve("notes.txt"), "hello, this is not a capture\n");

        assertThatThrownBy(() -> CaptureReader.open(notes))
                .isInstanceOf(CaptureException.class)
                .hasMessage(notes + ": not a capture file (starts with 68 65 6c 6c, "
                        + "expected a pcap or pcapng magic number)");
    }

    @Test
    void failsWithMessage_whenFileIsEmpty() throws IOException {
        Path empty = Files.write(temp.resolve("x.pcap"), new byte[0]);

        assertThatThrownBy(() -> CaptureReader.open(empty))
                .isInstanceOf(CaptureException.class)
                .hasMessage(empty + ": empty file");
    }

    @Test
    void failsWithMessage_whenFileDoesNotExist() {
        Path missing = temp.resolve("missing.pcap");

        assertThatThrownBy(() -> CaptureReader.open(missing))
                .isInstanceOf(CaptureException.class)
                .hasMessage(missing + ": no such file");
    }

    @Test
    void failsWithMessage_whenPcapIsCutInsideFileHeader() throws Exception {
        byte[] start = Arrays.copyOf(Files.readAllBytes(TestCaptures.path("dns.pcap")), 10);

        assertThatThrownBy(() -> CaptureReader.open(new ByteArrayInputStream(start), "x.pcap"))
                .isInstanceOf(CaptureException.class)
                .hasMessage("x.pcap: file ends inside the pcap file header (10 of 24 bytes present)");
    }

    @Test
    void failsWithMessage_whenGzipDataIsCorrupt() {
        byte[] bogus = {0x1f, (byte) 0x8b, 0x42, 0, 0, 0, 0, 0, 0, 0, 0, 0};

        assertThatThrownBy(() -> CaptureReader.open(new ByteArrayInputStream(bogus), "x.pcap.gz"))
                .isInstanceOf(CaptureException.class)
                .hasMessage("x.pcap.gz: corrupt gzip data (Unsupported compression method)");
    }

    @Test
    void readsNoFrameAndWarns_whenPcapIsCutInsideFirstFrame() throws Exception {
        byte[] start = Arrays.copyOf(Files.readAllBytes(TestCaptures.path("dns.pcap")), 24 + 16 + 5);

        try (CaptureReader reader = CaptureReader.open(new ByteArrayInputStream(start), "x.pcap")) {
            assertThat(reader.next()).isNull();
            assertThat(reader.warnings()).containsExactly(new CaptureWarning(
                    "file ends inside frame 1 (5 of 89 bytes present); 0 whole frames read", 1));
        }
    }

    @Test
    void failsWithMessage_whenPcapngBlockLengthIsBadBeforeFirstFrame() {
        byte[] file = new PcapngBuilder().section(ByteOrder.LITTLE_ENDIAN)
                .interfaceDescription(LinkType.ETHERNET, "eth0", 6)
                .raw(new byte[] {6, 0, 0, 0, 7, 0, 0, 0, 0, 0, 0, 0}).bytes();
        int offset = file.length - 12;

        assertThatThrownBy(() -> readAll(file, "x.pcapng"))
                .isInstanceOf(CaptureException.class)
                .hasMessage("x.pcapng: block length 7 at offset " + offset + " is not a multiple of 4");
    }

    @Test
    void readsFramesAndWarns_whenPcapngTurnsToGarbageAfterFirstFrame() throws Exception {
        byte[] file = new PcapngBuilder().section(ByteOrder.LITTLE_ENDIAN)
                .interfaceDescription(LinkType.ETHERNET, "eth0", 6)
                .enhancedPacket(0, 1_000_000, PAYLOAD)
                .raw(new byte[] {6, 0, 0, 0, 7, 0, 0, 0, 0, 0, 0, 0}).bytes();

        try (CaptureReader reader = open(file, "x.pcapng")) {
            assertThat(TestCaptures.readAll(reader)).hasSize(1);
            assertThat(reader.warnings()).containsExactly(new CaptureWarning(
                    "block length 7 at offset " + (file.length - 12) + " is not a multiple of 4; the rest of the file was not read (1 frame read)", 2));
        }
    }

    @Test
    void reportsNoDrops_whenDumpcapCountedTwoReceivedAndNoneDropped() throws Exception {
        Path file = Path.of(getClass().getResource("/packet/dumpcap-two-interfaces-stats.pcapng").toURI());

        try (CaptureReader reader = CaptureReader.open(file)) {
            assertThat(reader.droppedPackets()).isEmpty();
            assertThat(TestCaptures.readAll(reader)).hasSize(2);

            assertThat(reader.interfaces()).extracting(CaptureInterface::name, CaptureInterface::dropped)
                    .containsExactly(tuple("va", OptionalLong.of(0)), tuple("lo", OptionalLong.of(0)));
            assertThat(reader.droppedPackets()).hasValue(0);
        }
    }

    @Test
    void sumsDroppedPackets_whenSeveralInterfacesReportDrops() throws Exception {
        byte[] file = new PcapngBuilder().section(ByteOrder.LITTLE_ENDIAN)
                .interfaceDescription(LinkType.ETHERNET, "eth0", 6)
                .interfaceDescription(LinkType.ETHERNET, "eth1", 6)
                .interfaceDescription(LinkType.ETHERNET, "eth2", 6)
                .enhancedPacket(0, 1_500_000, PAYLOAD)
                .interfaceStatistics(0, 4, 1000)
                .interfaceStatistics(0, 7)
                .interfaceStatistics(1, 7, 5)
                .interfaceStatistics(2, 4, 3)
                .bytes();

        try (CaptureReader reader = open(file, "x.pcapng")) {
            TestCaptures.readAll(reader);

            assertThat(reader.interfaces()).extracting(CaptureInterface::dropped).containsExactly(
                    OptionalLong.of(7), OptionalLong.of(5), OptionalLong.empty());
            assertThat(reader.droppedPackets()).hasValue(12);
        }
    }

    @Test
    void knowsNoDrops_whenFileIsPcap() throws Exception {
        try (CaptureReader reader = CaptureReader.open(TestCaptures.path("seed-legacy-to-foo.pcap"))) {
            TestCaptures.readAll(reader);

            assertThat(reader.droppedPackets()).isEmpty();
        }
    }

    @Test
    void numbersFramesAcrossSections_whenPcapngHasSeveralSections() throws Exception {
        byte[] file = new PcapngBuilder().section(ByteOrder.LITTLE_ENDIAN)
                .interfaceDescription(LinkType.ETHERNET, "eth0", 6)
                .enhancedPacket(0, 1_500_000, PAYLOAD)
                .block(0x00000bad, new byte[8])
                .interfaceStatistics(0, 7)
                .section(ByteOrder.BIG_ENDIAN)
                .interfaceDescription(LinkType.RAW, "tun0", 9)
                .interfaceDescription(LinkType.LINUX_SLL2, "any", 0x80 | 20)
                .enhancedPacket(1, 3L << 20 | 1L << 19, PAYLOAD)
                .enhancedPacket(0, 2_000_000_007L, PAYLOAD)
                .simplePacket(PAYLOAD)
                .obsoletePacket(1, 5L << 20, PAYLOAD)
                .bytes();

        try (CaptureReader reader = open(file, "x.pcapng")) {
            List<Frame> frames = TestCaptures.readAll(reader);

            assertThat(frames).extracting(Frame::number).containsExactly(1L, 2L, 3L, 4L, 5L);
            assertThat(frames).extracting(Frame::linkType).containsExactly(LinkType.ETHERNET,
                    LinkType.LINUX_SLL2, LinkType.RAW, LinkType.RAW, LinkType.LINUX_SLL2);
            assertThat(frames).extracting(Frame::interfaceId).containsExactly(0, 2, 1, 1, 2);
            assertThat(frames).extracting(Frame::timestampNanos).containsExactly(1_500_000_000L,
                    3_500_000_000L, 2_000_000_007L, 2_000_000_007L, 5_000_000_000L);
            assertThat(frames).allSatisfy(frame -> assertThat(frame.data()).isEqualTo(PAYLOAD));
            assertThat(reader.interfaces()).containsExactly(
                    new CaptureInterface(0, 0, LinkType.ETHERNET, "eth0", 262144, 6, OptionalLong.of(7)),
                    new CaptureInterface(1, 0, LinkType.RAW, "tun0", 262144, 9, OptionalLong.empty()),
                    new CaptureInterface(1, 1, LinkType.LINUX_SLL2, "any", 262144, 0x80 | 20,
                            OptionalLong.empty()));
            assertThat(reader.warnings()).isEmpty();
        }
    }

    @Test
    void keepsSecretsOfEveryType_whenPcapngHasSeveralSecretsBlocks() throws Exception {
        byte[] file = new PcapngBuilder().section(ByteOrder.LITTLE_ENDIAN)
                .decryptionSecrets(DecryptionSecrets.TLS_KEY_LOG, "CLIENT_RANDOM 00 11\n")
                .decryptionSecrets(DecryptionSecrets.WIREGUARD_KEY_LOG, "LOCAL_STATIC_PRIVATE_KEY = x\n")
                .bytes();

        try (CaptureReader reader = open(file, "x.pcapng")) {
            assertThat(reader.next()).isNull();
            assertThat(reader.secrets()).extracting(DecryptionSecrets::type)
                    .containsExactly(DecryptionSecrets.TLS_KEY_LOG, DecryptionSecrets.WIREGUARD_KEY_LOG);
            assertThat(reader.secrets().get(0).text()).isEqualTo("CLIENT_RANDOM 00 11\n");
            assertThat(reader.secretsSince(0)).isEqualTo(reader.secrets());
            assertThat(reader.secretsSince(1)).extracting(DecryptionSecrets::type)
                    .containsExactly(DecryptionSecrets.WIREGUARD_KEY_LOG);
            assertThat(reader.secretsSince(2)).isEmpty();
        }
    }

    @Test
    void readsWholeFramesAndWarnsOnce_whenGzipFileIsCut() throws Exception {
        byte[] gzip = Files.readAllBytes(TestCaptures.path("tls12-server-only.pcap.gz"));
        byte[] cut = Arrays.copyOf(gzip, gzip.length / 2);

        try (CaptureReader reader = open(cut, "x.pcap.gz")) {
            List<Frame> frames = TestCaptures.readAll(reader);

            assertThat(frames).isNotEmpty().hasSizeLessThan(15);
            assertSameFrames(frames, TestCaptures.readAll("tls12-server-only.pcap").subList(0, frames.size()));
            assertThat(reader.warnings()).hasSize(1);
            assertThat(reader.warnings().get(0).message()).startsWith("file ends inside ")
                    .endsWith("; " + frames.size() + " whole frames read");
            assertThat(reader.warnings().get(0).frame()).isEqualTo(frames.size() + 1);
        }
    }

    @Test
    void streamsFrameByFrame_whenCaptureIsLargerThanAnyBuffer() throws Exception {
        byte[] file = Files.readAllBytes(TestCaptures.path("dns.pcap"));
        int frames = 100_000;
        InputStream large = new RepeatingPcapStream(file, frames);

        long count = 0;
        try (CaptureReader reader = CaptureReader.open(large, "large.pcap")) {
            for (Frame frame = reader.next(); frame != null; frame = reader.next()) {
                count++;
            }
            assertThat(reader.warnings()).isEmpty();
        }

        assertThat(count).isEqualTo(8L * frames);
    }

    private static CaptureReader open(byte[] file, String name) throws CaptureException {
        return CaptureReader.open(new ByteArrayInputStream(file), name);
    }

    private static List<Frame> readAll(byte[] file, String name) throws Exception {
        try (CaptureReader reader = open(file, name)) {
            return TestCaptures.readAll(reader);
        }
    }

    private static void assertSameFrames(List<Frame> actual, List<Frame> expected) {
        assertThat(actual).hasSameSizeAs(expected);
        List<String> differences = new ArrayList<>();
        for (int i = 0; i < expected.size(); i++) {
            Frame a = actual.get(i);
            Frame e = expected.get(i);
            if (a.number() != e.number() || a.timestampNanos() != e.timestampNanos()
                    || a.linkType() != e.linkType() || a.originalLength() != e.originalLength()
                    || !Arrays.equals(a.data(), e.data())) {
                differences.add("frame " + e.number());
            }
        }
        assertThat(differences).isEmpty();
    }

    /** A pcap made on the fly: one file header, then the records of a real capture again and again. */
    private static final class RepeatingPcapStream extends InputStream {
        private static final int FILE_HEADER_LENGTH = 24;

        private final byte[] file;
        private long remaining;
        private int position;

        RepeatingPcapStream(byte[] file, int repetitions) {
            this.file = file;
            this.remaining = repetitions;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (position == file.length) {
                if (--remaining == 0) {
                    return -1;
                }
                position = FILE_HEADER_LENGTH;
            }
            int n = Math.min(length, file.length - position);
            System.arraycopy(file, position, buffer, offset, n);
            position += n;
            return n;
        }
    }
}
