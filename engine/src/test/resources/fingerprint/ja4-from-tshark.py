#!/usr/bin/env python3
"""JA4 of every ClientHello in a capture, assembled from the fields tshark decodes.

tshark 4.0 has no tls.handshake.ja4 field (Wireshark added it in 4.2), so the corpus's JA4 values are
built here from tshark's own decoding of each ClientHello, following FoxIO's technical_details/JA4.md
step by step. It shares no code with the Java implementation it checks.

    python3 ja4-from-tshark.py CAPTURE

prints, per ClientHello: frame, client port, JA4, JA4_r, JA4_o, JA4_ro (tab separated).
"""
import hashlib
import subprocess
import sys

FIELDS = ["frame.number", "tcp.srcport", "tls.handshake.version", "tls.handshake.ciphersuite",
          "tls.handshake.extension.type", "tls.handshake.sig_hash_alg",
          "tls.handshake.extensions.supported_version", "tls.handshake.extensions_alpn_str"]
VERSIONS = {0x0304: "13", 0x0303: "12", 0x0302: "11", 0x0301: "10", 0x0300: "s3", 0x0002: "s2"}


def grease(value):
    return (value & 0x0f0f) == 0x0a0a and (value >> 8) == (value & 0xff)


def values(field, base):
    return [int(v, base) for v in field.split(",") if v] if field else []


def hashed(text, empty):
    return "000000000000" if empty else hashlib.sha256(text.encode()).hexdigest()[:12]


def ja4(row):
    frame, port, version, ciphers, extensions, sigs, supported, alpn = row
    ciphers = [c for c in values(ciphers, 16) if not grease(c)]
    extensions = [e for e in values(extensions, 10) if not grease(e)]
    sigs = [s for s in values(sigs, 16) if not grease(s)]
    supported = [v for v in values(supported, 16) if not grease(v)]
    first_alpn = alpn.split(",")[0] if alpn else ""
    a = "t" + VERSIONS.get(max(supported) if supported else int(version, 16), "00")
    a += "d" if 0 in extensions else "i"
    a += "%02d%02d" % (min(len(ciphers), 99), min(len(extensions), 99))
    a += (first_alpn[0] + first_alpn[-1]) if first_alpn else "00"
    hexes = lambda xs: ",".join("%04x" % x for x in xs)
    sig_part = ("_" + hexes(sigs)) if sigs else ""
    kept = [e for e in extensions if e not in (0x0000, 0x0010)]
    b_sorted, b_orig = hexes(sorted(ciphers)), hexes(ciphers)
    c_sorted, c_orig = hexes(sorted(kept)) + sig_part, hexes(extensions) + sig_part
    return [frame, port,
            "_".join([a, hashed(b_sorted, not ciphers), hashed(c_sorted, not kept)]),
            "_".join([a, b_sorted, c_sorted]),
            "_".join([a, hashed(b_orig, not ciphers), hashed(c_orig, not kept)]),
            "_".join([a, b_orig, c_orig])]


def main(capture):
    command = ["tshark", "-r", capture, "-o", "tcp.try_heuristic_first:TRUE", "-Y", "tls.handshake.type == 1",
               "-T", "fields", "-E", "separator=|", "-E", "aggregator=,"]
    for field in FIELDS:
        command += ["-e", field]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    for line in out.splitlines():
        print("\t".join(ja4(line.split("|"))))


if __name__ == "__main__":
    main(sys.argv[1])
