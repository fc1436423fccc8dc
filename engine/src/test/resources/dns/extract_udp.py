#!/usr/bin/env python3
"""Writes the UDP payloads of one port of a real capture as a datagram script for decoder tests.

usage: extract_udp.py CORPUS_LIB_DIR CAPTURE PORT > NAME.datagrams

CORPUS_LIB_DIR is the corpus's lib/ folder (it holds pcapio.py). The script keeps, in capture order, the
payload of every UDP datagram to or from PORT: '>' lines go to PORT, '<' lines come from it, each with the
frame number and the client's port, then the payload in hex.
"""
import sys

sys.path.insert(0, sys.argv[1])
import pcapio  # noqa: E402

capture, port = sys.argv[2], int(sys.argv[3])
print(f"# {capture.split('/')[-1]} UDP port {port}: payloads in capture order (direction frame client-port hex)")
for pkt in pcapio.read_any(capture):
    off, ethertype = pcapio.l3_offset(pkt["linktype"], pkt["data"])
    if off is None or ethertype not in (0x0800, 0x86DD):
        continue
    ip = pcapio.parse_ip(pkt["data"], off)
    if ip is None or ip["proto"] != 17:
        continue
    l4 = pcapio.parse_l4(pkt["data"], ip)
    if l4 is None:
        continue
    sport, dport, _, payload = l4
    if port not in (sport, dport):
        continue
    arrow, client = (">", sport) if dport == port else ("<", dport)
    print(f"{arrow} {pkt['index']} {client} {payload.hex()}")
