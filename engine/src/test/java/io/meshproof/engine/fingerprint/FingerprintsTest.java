package io.meshproof.engine.fingerprint;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshproof.engine.tcp.SegmentScript;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.Arguments;

/** The memo gives exactly what the methods give, for repeated and for many distinct hellos. */
class FingerprintsTest {
    private final Fingerprints fingerprints = new Fingerprints();

    @Test
    void givesTheMethodsValues_whenTheSameHellosComeAgain() {
        List<ClientHelloFields> clients = new ArrayList<>();
        List<ServerHelloFields> servers = new ArrayList<>();
        corpusScripts().forEach(script -> {
            clients.add(HelloBytes.clientHello(script));
            servers.add(HelloBytes.serverHello(script));
        });

        for (int pass = 0; pass < 2; pass++) {
            for (int i = 0; i < clients.size(); i++) {
                assertThat(fingerprints.ja3(clients.get(i))).isEqualTo(Ja3.of(clients.get(i)).md5());
                assertThat(fingerprints.ja4(clients.get(i))).isEqualTo(Ja4.of(clients.get(i)));
                assertThat(fingerprints.ja3s(servers.get(i))).isEqualTo(Ja3s.of(servers.get(i)).md5());
            }
        }
        assertThat(fingerprints.ja3(clients.get(0))).isEqualTo("dd7cb0d281d36af9b671d8da56341a8e");
    }

    @Test
    void staysCorrect_pastTheNumberOfHellosItRemembers() {
        ClientHelloFields real = HelloBytes.clientHello(corpusScripts().findFirst().orElseThrow());
        // distinct hellos made from a real one by changing its point formats
        for (int formats = 0; formats < 5000; formats++) {
            ClientHelloFields hello = new ClientHelloFields(real.legacyVersion(), real.cipherSuites(),
                    real.extensionTypes(), real.supportedGroups(), List.of(formats % 256, formats / 256),
                    real.signatureAlgorithms(), real.alpn(), real.supportedVersions(), real.quic());
            assertThat(fingerprints.ja3(hello)).isEqualTo(Ja3.of(hello).md5());
        }
        assertThat(fingerprints.ja3(real)).isEqualTo("dd7cb0d281d36af9b671d8da56341a8e");
    }

    @Test
    void hellosAreEqual_exactlyWhenEveryFieldIs() {
        ClientHelloFields real = HelloBytes.clientHello(corpusScripts().findFirst().orElseThrow());
        ClientHelloFields copy = new ClientHelloFields(real.legacyVersion(), new ArrayList<>(real.cipherSuites()),
                new ArrayList<>(real.extensionTypes()), real.supportedGroups(), real.ecPointFormats(),
                real.signatureAlgorithms(), new ArrayList<>(real.alpn()), real.supportedVersions(), real.quic());
        assertThat(copy).isEqualTo(real).hasSameHashCodeAs(real);

        List<ClientHelloFields> others = List.of(
                new ClientHelloFields(0x0301, real.cipherSuites(), real.extensionTypes(), real.supportedGroups(),
                        real.ecPointFormats(), real.signatureAlgorithms(), real.alpn(), real.supportedVersions(),
                        real.quic()),
                new ClientHelloFields(real.legacyVersion(), List.of(4865), real.extensionTypes(),
                        real.supportedGroups(), real.ecPointFormats(), real.signatureAlgorithms(), real.alpn(),
                        real.supportedVersions(), real.quic()),
                new ClientHelloFields(real.legacyVersion(), real.cipherSuites(), real.extensionTypes(),
                        real.supportedGroups(), real.ecPointFormats(), real.signatureAlgorithms(), List.of("h3"),
                        real.supportedVersions(), real.quic()),
                new ClientHelloFields(real.legacyVersion(), real.cipherSuites(), real.extensionTypes(),
                        real.supportedGroups(), real.ecPointFormats(), real.signatureAlgorithms(), real.alpn(),
                        real.supportedVersions(), !real.quic()));
        assertThat(others).allSatisfy(other -> assertThat(other).isNotEqualTo(real));

        ServerHelloFields server = new ServerHelloFields(0x0303, 4865, List.of(43, 51));
        assertThat(new ServerHelloFields(0x0303, 4865, new ArrayList<>(List.of(43, 51))))
                .isEqualTo(server).hasSameHashCodeAs(server);
        assertThat(new ServerHelloFields(0x0303, 4866, List.of(43, 51))).isNotEqualTo(server);
    }

    @Test
    void givesNull_forAHelloNotSeen() {
        assertThat(fingerprints.ja3(null)).isNull();
        assertThat(fingerprints.ja4(null)).isNull();
        assertThat(fingerprints.ja3s(null)).isNull();
    }

    /** The real hellos of {@link CorpusFingerprintTest}, in its order. */
    private static Stream<SegmentScript> corpusScripts() {
        return CorpusFingerprintTest.hellos().map(Arguments::get)
                .map(arguments -> (SegmentScript) ((Named<?>) arguments[0]).getPayload());
    }
}
