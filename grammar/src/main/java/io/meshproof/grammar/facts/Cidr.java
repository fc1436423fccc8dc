package io.meshproof.grammar.facts;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/** An IPv4 or IPv6 address block such as {@code 10.244.1.0/24}; a bare address is a block of one. */
public final class Cidr {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private final byte[] network;
    private final int prefixBits;

    private Cidr(byte[] network, int prefixBits) {
        this.network = network;
        this.prefixBits = prefixBits;
    }

    /**
     * Parses {@code ADDR} or {@code ADDR/BITS}. Host names are refused: a policy names addresses, and
     * parsing never touches the network.
     *
     * @throws IllegalArgumentException with a message that says what was wrong
     */
    public static Cidr parse(String text) {
        int slash = text.indexOf('/');
        String addressText = slash < 0 ? text : text.substring(0, slash);
        byte[] address = findAddress(addressText)
                .orElseThrow(() -> new IllegalArgumentException("'" + addressText + "' is not an IP address"));
        int maxBits = address.length * 8;
        int bits = maxBits;
        if (slash >= 0) {
            String bitsText = text.substring(slash + 1);
            if (!bitsText.matches("\\d{1,3}") || Integer.parseInt(bitsText) > maxBits) {
                throw new IllegalArgumentException(
                        "prefix length '" + bitsText + "' is not a number from 0 to " + maxBits);
            }
            bits = Integer.parseInt(bitsText);
        }
        return new Cidr(mask(address, bits), bits);
    }

    /** True when {@code ip} (textual IPv4 or IPv6) lies inside this block; false for other families. */
    public boolean contains(String ip) {
        Optional<byte[]> address = findAddress(ip);
        if (address.isEmpty() || address.get().length != network.length) {
            return false;
        }
        byte[] masked = mask(address.get(), prefixBits);
        return java.util.Arrays.equals(masked, network);
    }

    public int prefixBits() {
        return prefixBits;
    }

    /** Decodes a numeric IPv4 or IPv6 literal without any name lookup. */
    static Optional<byte[]> findAddress(String text) {
        boolean v4 = IPV4.matcher(text).matches();
        if (!v4 && !IPV6.matcher(text).matches()) {
            return Optional.empty();
        }
        if (v4) {
            for (String part : text.split("\\.")) {
                if (Integer.parseInt(part) > 255) {
                    return Optional.empty();
                }
            }
        }
        try {
            // Both patterns admit only numeric literals, so this performs no DNS lookup.
            return Optional.of(InetAddress.getByName(text).getAddress());
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    private static byte[] mask(byte[] address, int bits) {
        byte[] out = address.clone();
        for (int i = 0; i < out.length; i++) {
            int keep = Math.max(0, Math.min(8, bits - i * 8));
            out[i] &= (byte) (0xff << (8 - keep));
        }
        return out;
    }
}
