package io.meshproof.engine.differential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.meshproof.engine.analysis.CaptureAnalysis;
import io.meshproof.engine.analysis.CaptureAnalyzer;
import io.meshproof.engine.analysis.Progress;
import io.meshproof.engine.inventory.Inventory;
import io.meshproof.engine.keylog.KeyLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every capture under {@code captures/} (the shared corpus) and {@code differential/} (made for this test
 * by {@code make-corpus.sh}) read by tshark and by meshproof, compared conversation by conversation.
 * A difference fails the test unless {@link #MESHPROOF_BUGS} or {@link #DELIBERATE} explains it, and an
 * entry there that no longer occurs fails it too, so that both lists stay true. Skipped where tshark is
 * not installed.
 */
class DifferentialTest {
    /** Known failing cases: meshproof is wrong here, tshark right. Each is a bug to fix in src/main. */
    static final List<KnownDifference> MESHPROOF_BUGS = List.of();

    /** Differences that are right: the two tools count or see differently, for the reason given. */
    static final List<KnownDifference> DELIBERATE = List.of();

    private static final List<String> DIRECTORIES = List.of("captures", "differential");
    private static final List<String> EXTENSIONS = List.of(".pcap", ".pcapng", ".pcap.gz");
    /** The corpus shipped beside the project checkout, relative to this module's directory. */
    private static final Path SHARED_CORPUS = Path.of("..", "..", "shared", "captures");
    private static final String SHARED_PREFIX = "shared/";

    private static Tshark tshark;
    private static Map<Integer, String> cipherNames;

    @BeforeAll
    static void findTshark() throws Exception {
        Optional<Tshark> found = Tshark.find();
        if (found.isPresent()) {
            tshark = found.get();
            cipherNames = tshark.cipherNames();
        }
    }

    static Stream<String> captures() {
        List<String> names = new ArrayList<>();
        for (String directory : DIRECTORIES) {
            URL url = DifferentialTest.class.getResource("/" + directory);
            if (url == null) {
                continue;
            }
            try (Stream<Path> files = Files.list(Path.of(url.toURI()))) {
                files.map(file -> directory + "/" + file.getFileName())
                        .filter(name -> EXTENSIONS.stream().anyMatch(name::endsWith)).sorted().forEach(names::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (URISyntaxException e) {
                throw new IllegalStateException(e);
            }
        }
        // The shared corpus beside the project, where a checkout has one (CI does): its files are the
        // originals of the copies under captures/, compared again so that a stale copy cannot hide a bug.
        if (Files.isDirectory(SHARED_CORPUS)) {
            try (Stream<Path> files = Files.list(SHARED_CORPUS)) {
                files.map(file -> SHARED_PREFIX + file.getFileName())
                        .filter(name -> EXTENSIONS.stream().anyMatch(name::endsWith)).sorted().forEach(names::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return names.stream();
    }

    private static Path resolve(String capture) throws URISyntaxException {
        if (capture.startsWith(SHARED_PREFIX)) {
            return SHARED_CORPUS.resolve(capture.substring(SHARED_PREFIX.length()));
        }
        return Path.of(Objects.requireNonNull(DifferentialTest.class.getResource("/" + capture)).toURI());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("captures")
    void agreesWithTshark_onEveryConversation(String capture) throws Exception {
        assumeTrue(tshark != null, "tshark is not on the PATH, so the differential comparison with it is skipped"
                + " (Debian: apt-get install tshark; .ci/run installs it)");
        Path path = resolve(capture);
        String fileName = path.getFileName().toString();
        CaptureAnalysis analysis = new CaptureAnalyzer(Inventory.empty()).read(path, 1, Progress.NONE);

        List<Conversation> theirs = TsharkConversations.of(tshark.frames(path), cipherNames);
        List<Conversation> ours = MeshproofConversations.of(analysis.flows());
        List<Difference> differences = compare(fileName, theirs, ours);

        List<String> unexplained = differences.stream().filter(d -> explanation(d).isEmpty())
                .map(Difference::toString).toList();
        List<String> stale = Stream.concat(MESHPROOF_BUGS.stream(), DELIBERATE.stream())
                .filter(known -> known.capture().equals(fileName))
                .filter(known -> differences.stream().noneMatch(known::explains))
                .map(KnownDifference::toString).toList();
        assertThat(unexplained).as("differences from tshark that no known difference explains").isEmpty();
        assertThat(stale).as("known differences that no longer occur (remove them)").isEmpty();
    }

    static Stream<String> capturesWithKeyLogs() {
        return captures().filter(capture -> {
            try {
                return Files.exists(keyLogOf(resolve(capture)));
            } catch (URISyntaxException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** {@code x.pcap} and {@code x.pcapng} have their key log in {@code x.keys} beside them. */
    private static Path keyLogOf(Path capture) {
        String name = capture.getFileName().toString().replaceFirst("\\.pcap(ng)?(\\.gz)?$", ".keys");
        return capture.resolveSibling(name);
    }

    /**
     * With the key log both tools decrypt: certificates, CertificateRequest and the HTTP inside TLS must
     * agree too (issue 4: the decrypted values agree with {@code tshark -o tls.keylog_file:F}).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("capturesWithKeyLogs")
    void agreesWithTshark_whenBothDecryptWithTheKeyLog(String capture) throws Exception {
        assumeTrue(tshark != null, "tshark is not on the PATH, so the differential comparison with it is skipped");
        Path path = resolve(capture);
        Path keys = keyLogOf(path);
        CaptureAnalysis analysis = new CaptureAnalyzer(Inventory.empty(), KeyLog.read(keys), true)
                .read(path, 1, Progress.NONE);

        List<Conversation> theirs = TsharkConversations.of(tshark.frames(path, keys), cipherNames);
        List<Conversation> ours = MeshproofConversations.of(analysis.flows());
        List<String> differences = compare(path.getFileName().toString(), theirs, ours).stream()
                .map(Difference::toString).toList();

        assertThat(differences).as("differences from tshark with the key log").isEmpty();
    }

    @Test
    void readsTheWholeHandshake_ofMutualTls12FromOpensslToNginx() throws Exception {
        assumeTrue(tshark != null, "tshark is not on the PATH");
        Path path = Path.of(Objects.requireNonNull(
                DifferentialTest.class.getResource("/differential/openssl12-nginx-mtls.pcap")).toURI());

        List<Conversation> theirs = TsharkConversations.of(tshark.frames(path), cipherNames);

        assertThat(theirs).singleElement().satisfies(c -> assertThat(c.facts())
                .containsEntry("endpoints", "192.0.2.1:8443 192.0.2.2:" + c.client.split(":")[1])
                .containsEntry("tls.version", "1.2").containsEntry("tls.sni", "server.corpus.test")
                .containsEntry("tls.cipher", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384")
                .containsEntry("tls.certificate_request", "true").containsEntry("tls.client_certificate", "true")
                .containsEntry("tls.server_chain", "1").containsEntry("tls.client_chain", "2")
                .containsEntry("tls.server_san_uri", "[spiffe://corpus.test/ns/demo/sa/server]")
                .containsEntry("tls.server_san_dns", "[server.corpus.test]")
                .containsEntry("tls.client_san_uri", "[spiffe://corpus.test/ns/demo/sa/client]"));
    }

    static List<Difference> compare(String capture, List<Conversation> theirs, List<Conversation> ours) {
        Map<String, Conversation> oursByStart = new HashMap<>();
        for (Conversation conversation : ours) {
            oursByStart.put(conversation.transport + conversation.firstFrame, conversation);
        }
        List<Difference> out = new ArrayList<>();
        for (Conversation their : theirs) {
            Conversation our = oursByStart.remove(their.transport + their.firstFrame);
            if (our == null) {
                out.add(new Difference(capture, their.firstFrame, their.describe(), "flow", "present", "absent"));
                continue;
            }
            if (their.client != null && !their.client.equals(our.client)) {
                out.add(new Difference(capture, their.firstFrame, their.describe(), "client", their.client,
                        our.client));
            }
            Map<String, String> ourFacts = our.facts();
            their.facts().forEach((field, value) -> {
                String mine = ourFacts.get(field);
                if (mine != null && !mine.equals(value)) {
                    out.add(new Difference(capture, their.firstFrame, their.describe(), field, value, mine));
                }
            });
        }
        for (Conversation our : oursByStart.values()) {
            out.add(new Difference(capture, our.firstFrame, our.describe(), "flow", "absent", "present"));
        }
        return out;
    }

    private static List<KnownDifference> each(String capture, long frame, String reason, String... fields) {
        return Stream.of(fields).map(field -> new KnownDifference(capture, frame, field, reason)).toList();
    }

    private static Optional<KnownDifference> explanation(Difference difference) {
        return Stream.concat(MESHPROOF_BUGS.stream(), DELIBERATE.stream())
                .filter(known -> known.explains(difference)).findFirst();
    }
}
