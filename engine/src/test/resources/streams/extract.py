#!/usr/bin/env python3
"""Writes one TCP connection of a real capture as a segment script for decoder tests.

usage: extract.py CORPUS_LIB_DIR CAPTURE CLIENT_PORT > NAME.segments

CORPUS_LIB_DIR is the corpus's lib/ folder (it holds pcapio.py). The script keeps, in capture order, the
payload of every TCP segment of the connection whose client port is CLIENT_PORT: '>' lines go from client
to server, '<' lines back, each followed by the payload in hex. Retransmissions are kept as captured.
"""
import sys

sys.path.insert(0, sys.argv[1])
import pcapio  # noqa: E402

capture, client_port = sys.argv[2], int(sys.argv[3])
print(f"# {capture.split('/')[-1]} client port {client_port}: TCP payloads in capture order")
for pkt in pcapio.read_any(capture):
    off, ethertype = pcapio.l3_offset(pkt["linktype"], pkt["data"])
    if off is None or ethertype not in (0x0800, 0x86DD):
        continue
    ip = pcapio.parse_ip(pkt["data"], off)
    if ip is None or ip["proto"] != 6:
        continue
    l4 = pcapio.parse_l4(pkt["data"], ip)
    if l4 is None:
        continue
    sport, dport, _, payload = l4
    if not payload or client_port not in (sport, dport):
        continue
    arrow = ">" if sport == client_port else "<"
    print(f"{arrow} {pkt['index']} {payload.hex()}")
