package io.meshproof.engine.fingerprint;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * JA4, the ClientHello fingerprint of FoxIO ({@code github.com/FoxIO-LLC/ja4},
 * {@code technical_details/JA4.md}), in its four renderings: {@link #of JA4}, {@link #raw JA4_r},
 * {@link #original JA4_o} and {@link #rawOriginal JA4_ro}. Each is {@code a_b_c}:
 * <ul>
 *   <li>a: {@code t} (TCP) or {@code q} (QUIC); the version, two characters; {@code d} when server_name
 *       was sent, else {@code i}; the number of cipher suites and of extensions, two digits each, capped
 *       at 99, server_name and ALPN counted; the first and last character of the first ALPN protocol.
 *   <li>b: the cipher suites as 4-digit lower-case hex, comma separated, sorted (JA4, JA4_r) or as sent
 *       (JA4_o, JA4_ro).
 *   <li>c: the extension types the same way, then {@code _} and the signature algorithms as sent (never
 *       sorted); the sorted form leaves out server_name (0x0000) and ALPN (0x0010), which section a
 *       already shows, the original form keeps them. No signature algorithms: no {@code _}.
 * </ul>
 * JA4 and JA4_o hash b and c with SHA-256, keeping the first 12 hex digits, or write {@code 000000000000}
 * when the list is empty (JA4.md, "Cipher hash", "Extension hash"). GREASE values are ignored everywhere,
 * neither listed nor counted.
 *
 * <p>For c, "empty" means no extensions besides server_name and ALPN, in JA4_o too: FoxIO's published
 * output for a ClientHello whose only extension is server_name ({@code https3-301-get.pcap}) is JA4_o
 * {@code ..._000000000000} beside JA4_ro {@code ..._0000}.
 */
public final class Ja4 {
    private static final int SERVER_NAME = 0x0000;
    private static final int ALPN = 0x0010;
    private static final int MAX_COUNT = 99;
    private static final HexFormat HEX = HexFormat.of();
    private static final int HASH_DIGITS = 12;
    private static final String EMPTY_HASH = "000000000000";
    private static final String NO_ALPN = "00";
    // JA4.md, "TLS and DTLS Version"; anything else is "00"
    private static final Map<Integer, String> VERSIONS = Map.of(
            0x0304, "13", 0x0303, "12", 0x0302, "11", 0x0301, "10", 0x0300, "s3", 0x0002, "s2",
            0xfeff, "d1", 0xfefd, "d2", 0xfefc, "d3");

    private Ja4() {
    }

    /** JA4: {@code t13d1516h2_8daaf6152771_e5627efa2ab1}. */
    public static String of(ClientHelloFields hello) {
        Parts parts = Parts.of(hello);
        return parts.prefix + "_" + hash(parts.sortedCiphers(), parts.ciphers)
                + "_" + hash(parts.sortedExtensions(), parts.hashedExtensions);
    }

    /** JA4_r: section a, then b and c unhashed and sorted. */
    public static String raw(ClientHelloFields hello) {
        Parts parts = Parts.of(hello);
        return parts.prefix + "_" + parts.sortedCiphers() + "_" + parts.sortedExtensions();
    }

    /** JA4_o: like JA4, but b and c hash the values in the order sent, server_name and ALPN included. */
    public static String original(ClientHelloFields hello) {
        Parts parts = Parts.of(hello);
        return parts.prefix + "_" + hash(parts.originalCiphers(), parts.ciphers)
                + "_" + hash(parts.originalExtensions(), parts.hashedExtensions);
    }

    /** JA4_ro: section a, then b and c unhashed, in the order sent, server_name and ALPN included. */
    public static String rawOriginal(ClientHelloFields hello) {
        Parts parts = Parts.of(hello);
        return parts.prefix + "_" + parts.originalCiphers() + "_" + parts.originalExtensions();
    }

    private static String hash(String section, List<Integer> values) {
        return values.isEmpty() ? EMPTY_HASH : Digests.sha256(section).substring(0, HASH_DIGITS);
    }

    /** The GREASE-free lists one ClientHello gives every rendering, and its section a. */
    private record Parts(
            String prefix,
            List<Integer> ciphers,
            List<Integer> extensions,
            List<Integer> hashedExtensions,
            List<Integer> signatureAlgorithms) {

        static Parts of(ClientHelloFields hello) {
            List<Integer> ciphers = Grease.without(hello.cipherSuites());
            List<Integer> extensions = Grease.without(hello.extensionTypes());
            // JA4.md, "Extension hash": server_name and ALPN are already in section a
            List<Integer> hashed = extensions.stream()
                    .filter(type -> type != SERVER_NAME && type != ALPN)
                    .toList();
            String prefix = (hello.quic() ? "q" : "t")
                    + version(hello)
                    + (extensions.contains(SERVER_NAME) ? "d" : "i")
                    + count(ciphers) + count(extensions)
                    + alpn(hello.alpn());
            return new Parts(prefix, ciphers, extensions, hashed, Grease.without(hello.signatureAlgorithms()));
        }

        String sortedCiphers() {
            return hexList(sorted(ciphers));
        }

        String originalCiphers() {
            return hexList(ciphers);
        }

        String sortedExtensions() {
            return hexList(sorted(hashedExtensions)) + signatureSuffix();
        }

        String originalExtensions() {
            return hexList(extensions) + signatureSuffix();
        }

        private String signatureSuffix() {
            return signatureAlgorithms.isEmpty() ? "" : "_" + hexList(signatureAlgorithms);
        }
    }

    /** The highest supported_versions value, GREASE ignored; legacy_version when there is none. */
    private static String version(ClientHelloFields hello) {
        int version = Grease.without(hello.supportedVersions()).stream()
                .max(Integer::compare)
                .orElse(hello.legacyVersion());
        return VERSIONS.getOrDefault(version, "00");
    }

    private static String count(List<Integer> values) {
        int count = Math.min(values.size(), MAX_COUNT);
        return count < 10 ? "0" + count : Integer.toString(count);
    }

    /**
     * JA4.md, "ALPN Extension Value": the first and last character of the first protocol ("h2", "http/1.1"
     * gives "h1", a single character counts as both); when either is not an ASCII letter or digit, the
     * first and last digit of the protocol's bytes in hex instead; "00" without a non-empty first protocol.
     */
    static String alpn(List<String> protocols) {
        if (protocols.isEmpty() || protocols.get(0).isEmpty()) {
            return NO_ALPN;
        }
        String first = protocols.get(0);
        char head = first.charAt(0);
        char tail = first.charAt(first.length() - 1);
        if (isAlphanumeric(head) && isAlphanumeric(tail)) {
            return "" + head + tail;
        }
        String hex = HexFormat.of().formatHex(first.getBytes(StandardCharsets.ISO_8859_1));
        return "" + hex.charAt(0) + hex.charAt(hex.length() - 1);
    }

    private static boolean isAlphanumeric(char c) {
        return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }

    private static List<Integer> sorted(List<Integer> values) {
        return values.stream().sorted().toList();
    }

    private static String hexList(List<Integer> values) {
        StringBuilder out = new StringBuilder(values.size() * 5);
        for (int value : values) {
            if (out.length() > 0) {
                out.append(',');
            }
            out.append(HEX.toHexDigits((short) value));
        }
        return out.toString();
    }
}
