#!/usr/bin/env python3
"""Makes a large pcap for benchmarks by repeating the real flows of small Ethernet captures.

usage: make-large-capture.py [--spacing-ms N] OUT.pcap MIN_PACKETS CAPTURE.pcap...

Each copy of each input gets a new client address (10.<k>.x.y keeps the /8 of pod traffic apart from the
originals) and a new client port, so every copy is a distinct flow; timestamps advance by N ms per copy
(default 1), so the number of flows open at a time depends on N, not on MIN_PACKETS.
Only Ethernet pcaps (link type 1) are accepted. Checksums are not recomputed: neither meshproof nor tshark
checks them by default.
"""
import struct
import sys


def read_pcap(path):
    with open(path, "rb") as f:
        data = f.read()
    magic = struct.unpack("<I", data[:4])[0]
    if magic not in (0xA1B2C3D4, 0xA1B23C4D):
        raise SystemExit(f"{path}: only little-endian pcap is supported here")
    linktype = struct.unpack("<I", data[20:24])[0]
    if linktype != 1:
        raise SystemExit(f"{path}: link type {linktype}, expected Ethernet (1)")
    off, packets = 24, []
    while off + 16 <= len(data):
        sec, usec, incl, orig = struct.unpack("<IIII", data[off:off + 16])
        packets.append((sec, usec, orig, bytearray(data[off + 16:off + 16 + incl])))
        off += 16 + incl
    return packets


def client_side(frame):
    """-> (offset of the client's IPv4 address, offset of the client's port) or None."""
    if struct.unpack("!H", frame[12:14])[0] != 0x0800:
        return None
    ip = 14
    ihl = (frame[ip] & 0x0F) * 4
    if frame[ip + 9] not in (6, 17):
        return None
    l4 = ip + ihl
    sport, dport = struct.unpack("!HH", frame[l4:l4 + 4])
    if sport >= dport:
        return ip + 12, l4
    return ip + 16, l4 + 2


def main():
    args = sys.argv[1:]
    spacing_us = 1000
    if args[:1] == ["--spacing-ms"]:
        spacing_us, args = int(args[1]) * 1000, args[2:]
    out, minimum, inputs = args[0], int(args[1]), args[2:]
    sources = [read_pcap(p) for p in inputs]
    per_round = sum(len(s) for s in sources)
    rounds = -(-minimum // per_round)
    written = 0
    with open(out, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 262144, 1))
        for k in range(rounds):
            for index, packets in enumerate(sources):
                copy = k * len(sources) + index
                base_sec, base_usec = packets[0][0], packets[0][1]
                for sec, usec, orig, frame in packets:
                    frame = bytearray(frame)
                    side = client_side(frame)
                    if side is not None:
                        addr, port = side
                        frame[addr:addr + 4] = bytes([10, 100 + (copy >> 16) % 100, (copy >> 8) & 0xFF,
                                                      copy & 0xFF])
                        frame[port:port + 2] = struct.pack("!H", 20000 + copy % 40000)
                    t = (sec - base_sec) * 1_000_000 + (usec - base_usec) + copy * spacing_us
                    f.write(struct.pack("<IIII", 1_700_000_000 + t // 1_000_000, t % 1_000_000, len(frame),
                                        orig))
                    f.write(frame)
                    written += 1
    print(f"{out}: {written} packets, {rounds * len(sources)} copies of {len(sources)} captures", file=sys.stderr)


main()
