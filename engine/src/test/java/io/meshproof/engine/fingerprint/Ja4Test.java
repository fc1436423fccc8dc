package io.meshproof.engine.fingerprint;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * JA4 against the reference values FoxIO publishes in {@code github.com/FoxIO-LLC/ja4}: the worked example
 * of {@code technical_details/JA4.md} and the expected outputs of its reference implementation's tests,
 * {@code python/test/testdata/*.json}, which give JA4, JA4_r, JA4_o and JA4_ro for real ClientHellos.
 */
class Ja4Test {
    // JA4.md, "Cipher hash", "Extension hash" and "Raw Output": the example ClientHello's values as sent
    private static final String SPEC_CIPHERS =
            "1301,1302,1303,c02b,c02f,c02c,c030,cca9,cca8,c013,c014,009c,009d,002f,0035";
    private static final String SPEC_EXTENSIONS =
            "001b,0000,0033,0010,4469,0017,002d,000d,0005,0023,0012,002b,ff01,000b,000a,0015";
    private static final String SPEC_SIGNATURES = "0403,0804,0401,0503,0805,0501,0806,0601";

    @Test
    void matchesTheSpecificationsExample_inAllFourRenderings() {
        ClientHelloFields hello = tls13(hex(SPEC_CIPHERS), hex(SPEC_EXTENSIONS), hex(SPEC_SIGNATURES), "h2");

        // JA4.md, "Example" and "Raw Output"
        assertThat(Ja4.of(hello)).isEqualTo("t13d1516h2_8daaf6152771_e5627efa2ab1");
        assertThat(Ja4.raw(hello)).isEqualTo("t13d1516h2_002f,0035,009c,009d,1301,1302,1303,c013,c014,c02b,"
                + "c02c,c02f,c030,cca8,cca9_0005,000a,000b,000d,0012,0015,0017,001b,0023,002b,002d,0033,4469,"
                + "ff01_0403,0804,0401,0503,0805,0501,0806,0601");
        assertThat(Ja4.original(hello)).isEqualTo("t13d1516h2_acb858a92679_18f69afefd3d");
        assertThat(Ja4.rawOriginal(hello)).isEqualTo("t13d1516h2_1301,1302,1303,c02b,c02f,c02c,c030,cca9,"
                + "cca8,c013,c014,009c,009d,002f,0035_001b,0000,0033,0010,4469,0017,002d,000d,0005,0023,0012,"
                + "002b,ff01,000b,000a,0015_0403,0804,0401,0503,0805,0501,0806,0601");
    }

    @Test
    void ignoresGreaseEverywhere_neitherListedNorCounted() {
        // the specification's example as a GREASE-sending client puts it on the wire (GREASE added by us,
        // one in every list, as Chrome does): "ignore GREASE values anywhere", so the published JA4 holds
        List<Integer> ciphers = with(0x4a4a, hex(SPEC_CIPHERS));
        List<Integer> extensions = with(0x0a0a, hex(SPEC_EXTENSIONS));
        List<Integer> signatures = with(0x1a1a, hex(SPEC_SIGNATURES));
        ClientHelloFields hello = new ClientHelloFields(0x0303, ciphers, extensions, List.of(0x6a6a, 29, 23),
                List.of(0), signatures, List.of("h2", "http/1.1"), List.of(0xeaea, 0x0304, 0x0303), false);

        assertThat(Ja4.of(hello)).isEqualTo("t13d1516h2_8daaf6152771_e5627efa2ab1");
        assertThat(Ja4.original(hello)).isEqualTo("t13d1516h2_acb858a92679_18f69afefd3d");
    }

    @Test
    void hashesExtensionsAlone_whenThereAreNoSignatureAlgorithms() {
        // JA4.md, "Extension hash": "If there are no signature algorithms in the hello packet, then the
        // string ends without an underscore and is hashed": 0005,000a,..,4469,ff01 = 6d807ffa2a79
        ClientHelloFields hello = tls13(hex(SPEC_CIPHERS), hex(SPEC_EXTENSIONS), List.of(), "h2");

        assertThat(Ja4.of(hello)).endsWith("_6d807ffa2a79");
    }

    @Test
    void writesZeros_whenThereAreNoCiphersAndNoExtensions() {
        // JA4.md: an empty cipher list gives JA4_b 000000000000, an empty extension list JA4_c 000000000000
        ClientHelloFields hello = new ClientHelloFields(0x0303, List.of(0x0a0a), List.of(), List.of(),
                List.of(), List.of(), List.of(), List.of(), false);

        assertThat(Ja4.of(hello)).isEqualTo("t12i000000_000000000000_000000000000");
        assertThat(Ja4.raw(hello)).isEqualTo("t12i000000__");
    }

    @Test
    void startsWithQ_whenTheClientHelloCameOverQuic() {
        ClientHelloFields tcp = tls13(hex(SPEC_CIPHERS), hex(SPEC_EXTENSIONS), hex(SPEC_SIGNATURES), "h3");
        ClientHelloFields quic = new ClientHelloFields(tcp.legacyVersion(), tcp.cipherSuites(),
                tcp.extensionTypes(), tcp.supportedGroups(), tcp.ecPointFormats(), tcp.signatureAlgorithms(),
                tcp.alpn(), tcp.supportedVersions(), true);

        assertThat(Ja4.of(quic)).isEqualTo("q13d1516h3_8daaf6152771_e5627efa2ab1");
    }

    @Test
    void capsCountsAt99() {
        // JA4.md, "Number of Ciphers": "If there's > 99, which there should never be, then output 99"
        List<Integer> ciphers = IntStream.range(1, 121).boxed().toList();
        ClientHelloFields hello = new ClientHelloFields(0x0303, ciphers, List.of(), List.of(), List.of(),
                List.of(), List.of(), List.of(), false);

        assertThat(Ja4.of(hello)).startsWith("t12i9900");
    }

    @Test
    void takesFirstAndLastCharacters_ofTheFirstAlpnProtocol() {
        // JA4.md, "ALPN Extension Value"
        assertThat(Ja4.alpn(List.of("h2", "http/1.1"))).isEqualTo("h2");
        assertThat(Ja4.alpn(List.of("http/1.1"))).isEqualTo("h1");
        assertThat(Ja4.alpn(List.of("h"))).isEqualTo("hh");
        assertThat(Ja4.alpn(List.of())).isEqualTo("00");
        assertThat(Ja4.alpn(List.of("", "h2"))).isEqualTo("00");
    }

    @Test
    void usesHexDigits_whenTheFirstOrLastByteOfTheAlpnIsNotAlphanumeric() {
        // JA4.md, "ALPN Extension Value": the five examples, bytes as ISO-8859-1 characters
        assertThat(Ja4.alpn(List.of(bytes(0xab)))).isEqualTo("ab");
        assertThat(Ja4.alpn(List.of(bytes(0xab, 0xcd)))).isEqualTo("ad");
        assertThat(Ja4.alpn(List.of(bytes(0x30, 0xab)))).isEqualTo("3b");
        assertThat(Ja4.alpn(List.of(bytes(0x30, 0x31, 0xab, 0xcd)))).isEqualTo("3d");
        assertThat(Ja4.alpn(List.of(bytes(0x30, 0xab, 0xcd, 0x31)))).isEqualTo("01");
    }

    /**
     * One ClientHello of FoxIO's reference test data. Its inputs are read back from the published JA4_ro,
     * which lists the cipher suites, extensions and signature algorithms as sent (GREASE removed); the
     * version and first ALPN protocol are the ones section a names.
     */
    record Published(String source, int legacyVersion, List<Integer> supportedVersions, List<String> alpn,
            String ja4, String ja4R, String ja4O, String ja4Ro) {
        ClientHelloFields hello() {
            String[] sections = ja4Ro.split("_", -1);
            List<Integer> signatures = sections.length > 3 ? hex(sections[3]) : List.of();
            return new ClientHelloFields(legacyVersion, hex(sections[1]), hex(sections[2]), List.of(),
                    List.of(), signatures, alpn, supportedVersions, false);
        }

        @Override
        public String toString() {
            return source;
        }
    }

    static Stream<Published> published() {
        List<Integer> tls13 = List.of(0x0304, 0x0303);
        return Stream.of(
                new Published("sigalg-grease.pcapng.json stream 0", 0x0303, tls13, List.of("h2"),
                        "t13d1517h2_8daaf6152771_cb7bf5808d99",
                        "t13d1517h2_002f,0035,009c,009d,1301,1302,1303,c013,c014,c02b,c02c,c02f,c030,cca8,cca9_"
                                + "0005,000a,000b,000d,0012,0017,001b,0023,002b,002d,0033,44cd,ca34,fe0d,ff01_"
                                + "0904,0905,0906,0403,0804,0401,0503,0805,0501,0806,0601",
                        "t13d1517h2_acb858a92679_88bf22a3e888",
                        "t13d1517h2_1301,1302,1303,c02b,c02f,c02c,c030,cca9,cca8,c013,c014,009c,009d,002f,0035_"
                                + "fe0d,0010,0017,0033,44cd,ff01,000a,000d,0023,002b,000b,ca34,002d,0000,0005,"
                                + "001b,0012_0904,0905,0906,0403,0804,0401,0503,0805,0501,0806,0601"),
                new Published("latest.pcapng.json stream 3 (TLS 1.2, no ALPN)", 0x0303, List.of(), List.of(),
                        "t12d190800_d83cc789557e_7af1ed941c26",
                        "t12d190800_000a,002f,0035,003c,003d,009c,009d,c009,c00a,c013,c014,c023,c024,c027,c028,"
                                + "c02b,c02c,c02f,c030_0005,000a,000b,000d,0017,0023,ff01_0804,0805,0806,0401,"
                                + "0501,0201,0403,0503,0203,0202,0601,0603",
                        "t12d190800_e8d5f427a2c5_5e98404dd3cc",
                        "t12d190800_c02c,c02b,c030,c02f,c024,c023,c028,c027,c00a,c009,c014,c013,009d,009c,003d,"
                                + "003c,0035,002f,000a_0000,0005,000a,000b,000d,0023,0017,ff01_0804,0805,0806,"
                                + "0401,0501,0201,0403,0503,0203,0202,0601,0603"),
                new Published("latest.pcapng.json stream 5 (pre_shared_key)", 0x0303, tls13, List.of("h2"),
                        "t13d1516h2_8daaf6152771_9b887d9acb53",
                        "t13d1516h2_002f,0035,009c,009d,1301,1302,1303,c013,c014,c02b,c02c,c02f,c030,cca8,cca9_"
                                + "0005,000a,000b,000d,0012,0017,001b,0023,0029,002b,002d,0033,4469,ff01_0403,"
                                + "0804,0401,0503,0805,0501,0806,0601",
                        "t13d1516h2_acb858a92679_ff8ca026d952",
                        "t13d1516h2_1301,1302,1303,c02b,c02f,c02c,c030,cca9,cca8,c013,c014,009c,009d,002f,0035_"
                                + "000d,0010,0000,000b,0023,4469,ff01,0033,000a,002d,002b,0005,0017,0012,001b,"
                                + "0029_0403,0804,0401,0503,0805,0501,0806,0601"),
                new Published("tls-sni.pcapng.json stream 6 (no ALPN)", 0x0303, tls13, List.of(),
                        "t13d151400_8daaf6152771_de4a06bb82e3",
                        "t13d151400_002f,0035,009c,009d,1301,1302,1303,c013,c014,c02b,c02c,c02f,c030,cca8,cca9_"
                                + "0005,000a,000b,000d,0012,0015,0017,001b,0023,002b,002d,0033,ff01_0403,0804,"
                                + "0401,0503,0805,0501,0806,0601",
                        "t13d151400_acb858a92679_2f4561be1d1f",
                        "t13d151400_1301,1302,1303,c02b,c02f,c02c,c030,cca9,cca8,c013,c014,009c,009d,002f,0035_"
                                + "0033,002b,001b,0000,0012,002d,000d,000a,0005,0023,0017,ff01,000b,0015_0403,"
                                + "0804,0401,0503,0805,0501,0806,0601"),
                new Published("tls-sni.pcapng.json stream 5 (http/1.1)", 0x0303, tls13, List.of("http/1.1"),
                        "t13d1516h1_8daaf6152771_e5627efa2ab1",
                        "t13d1516h1_002f,0035,009c,009d,1301,1302,1303,c013,c014,c02b,c02c,c02f,c030,cca8,cca9_"
                                + "0005,000a,000b,000d,0012,0015,0017,001b,0023,002b,002d,0033,4469,ff01_0403,"
                                + "0804,0401,0503,0805,0501,0806,0601",
                        "t13d1516h1_acb858a92679_5eba26eeae83",
                        "t13d1516h1_1301,1302,1303,c02b,c02f,c02c,c030,cca9,cca8,c013,c014,009c,009d,002f,0035_"
                                + "000d,0033,0000,ff01,002b,0023,002d,0005,0012,000b,0017,4469,0010,001b,000a,"
                                + "0015_0403,0804,0401,0503,0805,0501,0806,0601"),
                new Published("https3-301-get.pcap.json stream 0 (TLS 1.0, server_name only)", 0x0301,
                        List.of(), List.of(),
                        "t10d230100_6a57a6f57151_000000000000",
                        "t10d230100_0003,0004,0005,0006,0008,0009,000a,0011,0012,0013,0014,0015,0016,002f,0032,"
                                + "0033,0035,0038,0039,0096,0099,009a,00ff_",
                        "t10d230100_ce175d585f73_000000000000",
                        "t10d230100_0039,0038,0035,0016,0013,000a,0033,0032,002f,009a,0099,0096,0005,0004,0015,"
                                + "0012,0009,0014,0011,0008,0006,0003,00ff_0000"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("published")
    void matchesFoxiosPublishedOutput_forRealClientHellos(Published reference) {
        ClientHelloFields hello = reference.hello();

        assertThat(Ja4.of(hello)).isEqualTo(reference.ja4());
        assertThat(Ja4.raw(hello)).isEqualTo(reference.ja4R());
        assertThat(Ja4.original(hello)).isEqualTo(reference.ja4O());
        assertThat(Ja4.rawOriginal(hello)).isEqualTo(reference.ja4Ro());
    }

    private static ClientHelloFields tls13(List<Integer> ciphers, List<Integer> extensions,
            List<Integer> signatures, String alpn) {
        return new ClientHelloFields(0x0303, ciphers, extensions, List.of(29, 23), List.of(0), signatures,
                List.of(alpn), List.of(0x0304, 0x0303), false);
    }

    private static List<Integer> hex(String commaSeparated) {
        if (commaSeparated.isEmpty()) {
            return List.of();
        }
        return Arrays.stream(commaSeparated.split(",")).map(value -> Integer.parseInt(value, 16)).toList();
    }

    private static List<Integer> with(int grease, List<Integer> values) {
        return Stream.concat(Stream.of(grease), values.stream()).toList();
    }

    private static String bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return new String(out, StandardCharsets.ISO_8859_1);
    }
}
