"""User-space Geneve tunnel (RFC 8926) between a TAP device and UDP port 6081, for kernels without geneve.

Usage: geneve-relay.py TAP_NAME LOCAL_ADDRESS PEER_ADDRESS VNI
Each Ethernet frame read from the TAP device is sent to PEER:6081 behind a Geneve header carrying one
4-byte option (class 0x0102, type 0x80); each Geneve packet received on LOCAL:6081 is written to the TAP.
"""
import fcntl, os, select, socket, struct, sys

TUNSETIFF, IFF_TAP, IFF_NO_PI = 0x400454ca, 0x0002, 0x1000
GENEVE_PORT, ETHERNET_BRIDGING = 6081, 0x6558
OPTION = struct.pack("!HBB", 0x0102, 0x80, 1) + bytes.fromhex("00112233")

name, local, peer, vni = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
tap = os.open("/dev/net/tun", os.O_RDWR)
fcntl.ioctl(tap, TUNSETIFF, struct.pack("16sH", name.encode(), IFF_TAP | IFF_NO_PI))
receiver = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
receiver.bind((local, GENEVE_PORT))
sender = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sender.bind((local, 0))
# version 0 and option length in 4-byte words, flags, protocol type, VNI and reserved byte
header = struct.pack("!BBHI", len(OPTION) // 4, 0, ETHERNET_BRIDGING, vni << 8) + OPTION
while True:
    ready, _, _ = select.select([tap, receiver], [], [])
    if tap in ready:
        sender.sendto(header + os.read(tap, 65535), (peer, GENEVE_PORT))
    if receiver in ready:
        packet = receiver.recv(65535)
        options = (packet[0] & 0x3f) * 4
        os.write(tap, packet[8 + options:])
