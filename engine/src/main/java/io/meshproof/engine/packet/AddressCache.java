package io.meshproof.engine.packet;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * Hands out one {@link InetAddress} per address seen recently, so that decoding a packet does not allocate
 * its two addresses again: a capture holds few distinct addresses and millions of packets. Direct-mapped,
 * so memory is fixed; a collision just replaces the entry.
 *
 * <p>Not thread-safe; one per {@link PacketDecoder}.
 */
final class AddressCache {
    private static final int IPV4_SLOTS = 4096;
    private static final int IPV6_SLOTS = 1024;

    private final int[] ipv4Keys = new int[IPV4_SLOTS];
    private final InetAddress[] ipv4Addresses = new InetAddress[IPV4_SLOTS];
    private final byte[][] ipv6Keys = new byte[IPV6_SLOTS][];
    private final InetAddress[] ipv6Addresses = new InetAddress[IPV6_SLOTS];

    /** The IPv4 address in the 4 bytes at {@code at}. */
    InetAddress ipv4(byte[] data, int at) {
        int value = (data[at] & 0xff) << 24 | (data[at + 1] & 0xff) << 16 | (data[at + 2] & 0xff) << 8
                | data[at + 3] & 0xff;
        int slot = mix(value) & (IPV4_SLOTS - 1);
        InetAddress cached = ipv4Addresses[slot];
        if (cached != null && ipv4Keys[slot] == value) {
            return cached;
        }
        InetAddress address = create(Arrays.copyOfRange(data, at, at + 4));
        ipv4Keys[slot] = value;
        ipv4Addresses[slot] = address;
        return address;
    }

    /** The IPv6 address in the 16 bytes at {@code at}; an IPv4-mapped one stays an IPv6 address. */
    InetAddress ipv6(byte[] data, int at) {
        int hash = 1;
        for (int i = at; i < at + 16; i++) {
            hash = 31 * hash + data[i];
        }
        int slot = mix(hash) & (IPV6_SLOTS - 1);
        byte[] key = ipv6Keys[slot];
        if (key != null && Arrays.equals(key, 0, 16, data, at, at + 16)) {
            return ipv6Addresses[slot];
        }
        byte[] bytes = Arrays.copyOfRange(data, at, at + 16);
        InetAddress address;
        try {
            address = Inet6Address.getByAddress(null, bytes, -1);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("an IPv6 address of 16 bytes", e);
        }
        ipv6Keys[slot] = bytes;
        ipv6Addresses[slot] = address;
        return address;
    }

    private static InetAddress create(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("an IPv4 address of 4 bytes", e);
        }
    }

    private static int mix(int value) {
        int h = value * 0x9e3779b9;
        return h ^ (h >>> 16);
    }
}
