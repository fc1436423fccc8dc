package io.meshproof.engine.flow;

import java.net.Inet6Address;
import java.net.InetAddress;

/** Addresses written as people and Wireshark write them: dotted IPv4, RFC 5952 compressed IPv6. */
public final class AddressText {
    private AddressText() {
    }

    /** {@code 10.244.1.12}, {@code fd00:10:244:1::c}, {@code ::6}. */
    public static String format(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return address.getHostAddress();
        }
        byte[] bytes = address.getAddress();
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
        }

        // RFC 5952 4.2: the longest run of two or more zero groups becomes "::", the first such run on ties.
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j == i ? i + 1 : j;
        }

        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLength - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(groups[i]));
        }
        return out.toString();
    }

    /**
     * True for the sources of a sidecar's hop inside its pod: IPv4 loopback 127.0.0.0/8, IPv6 loopback
     * {@code ::1}, and {@code ::6}, which Istio binds for inbound passthrough over IPv6.
     */
    public static boolean isPodLocalSource(InetAddress address) {
        if (address.isLoopbackAddress()) {
            return true;
        }
        if (address instanceof Inet6Address) {
            byte[] bytes = address.getAddress();
            for (int i = 0; i < 15; i++) {
                if (bytes[i] != 0) {
                    return false;
                }
            }
            return bytes[15] == 6;
        }
        return false;
    }
}
