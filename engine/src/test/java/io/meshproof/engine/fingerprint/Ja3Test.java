package io.meshproof.engine.fingerprint;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * JA3 and JA3S against the reference values of their specification, the README of
 * {@code github.com/salesforce/ja3} ("How it works"), which gives two ClientHellos as JA3 text with its MD5.
 * The README's JA3S examples are hashes only; JA3S is checked against tshark in {@link CorpusFingerprintTest}.
 */
class Ja3Test {
    @Test
    void matchesTheReadmeExample_whenTheClientHelloHasExtensions() {
        // README: 769,47-53-5-10-49161-49162-49171-49172-50-56-19-4,0-10-11,23-24-25,0
        //         --> ada70206e40642a3e4461f35503241d5
        ClientHelloFields hello = hello(0x0301, List.of(47, 53, 5, 10, 49161, 49162, 49171, 49172, 50, 56, 19, 4),
                List.of(0, 10, 11), List.of(23, 24, 25), List.of(0));

        assertThat(Ja3.of(hello)).isEqualTo(new Fingerprint(
                "769,47-53-5-10-49161-49162-49171-49172-50-56-19-4,0-10-11,23-24-25,0",
                "ada70206e40642a3e4461f35503241d5"));
    }

    @Test
    void leavesFieldsEmpty_whenTheClientHelloHasNoExtensions() {
        // README: "If there are no SSL Extensions in the Client Hello, the fields are left empty."
        //         769,4-5-10-9-100-98-3-6-19-18-99,,, --> de350869b8c85de67a350c8d186f11e6
        ClientHelloFields hello = hello(0x0301, List.of(4, 5, 10, 9, 100, 98, 3, 6, 19, 18, 99),
                List.of(), List.of(), List.of());

        assertThat(Ja3.of(hello)).isEqualTo(new Fingerprint(
                "769,4-5-10-9-100-98-3-6-19-18-99,,,", "de350869b8c85de67a350c8d186f11e6"));
    }

    @Test
    void ignoresGrease_inCiphersExtensionsAndGroups() {
        // the README's first example with GREASE values added (our inputs): "JA3 ignores these values
        // completely", so the published text and MD5 must not change
        ClientHelloFields hello = hello(0x0301,
                List.of(0x2a2a, 47, 53, 5, 10, 49161, 49162, 49171, 49172, 50, 56, 19, 4),
                List.of(0x0a0a, 0, 10, 11, 0xfafa), List.of(0x8a8a, 23, 24, 25), List.of(0));

        assertThat(Ja3.of(hello).md5()).isEqualTo("ada70206e40642a3e4461f35503241d5");
    }

    @Test
    void keepsTheServersExtensionOrder_inJa3s() {
        // the corpus's TLS 1.2 nginx ServerHello; tshark 4.0.17 tls.handshake.ja3s_full / ja3s of
        // tls12-mtls.pcap frame 6
        ServerHelloFields hello = new ServerHelloFields(0x0303, 49199, List.of(65281, 0, 11, 35, 16, 23));

        assertThat(Ja3s.of(hello)).isEqualTo(new Fingerprint(
                "771,49199,65281-0-11-35-16-23", "00447ab319e9d94ba2b4c1248e155917"));
    }

    private static ClientHelloFields hello(int version, List<Integer> ciphers, List<Integer> extensions,
            List<Integer> groups, List<Integer> pointFormats) {
        return new ClientHelloFields(version, ciphers, extensions, groups, pointFormats, List.of(), List.of(),
                List.of(), false);
    }
}
