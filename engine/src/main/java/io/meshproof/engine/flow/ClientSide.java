package io.meshproof.engine.flow;

import io.meshproof.engine.http.HttpDetector;
import io.meshproof.engine.packet.Packet;
import io.meshproof.engine.tls.TlsStreamDecoder;

/** Which side of a TCP connection whose SYN was not captured is its client. */
public final class ClientSide {
    private ClientSide() {
    }

    /**
     * True when the sender of this payload-carrying segment is the client: the first payload tells who
     * asked (a ClientHello, an HTTP/2 preface, an HTTP request) or answered (an HTTP response); failing
     * that, the higher port is taken to be the client's ephemeral one.
     */
    public static boolean senderIsClient(Packet packet) {
        byte[] data = packet.data();
        int offset = packet.payloadOffset();
        int length = packet.payloadLength();
        if (TlsStreamDecoder.looksLikeClientHello(data, offset, length)
                || HttpDetector.looksLikeH2Preface(data, offset, length)
                || HttpDetector.looksLikeHttp1Request(data, offset, length)) {
            return true;
        }
        if (HttpDetector.looksLikeHttp1Response(data, offset, length)) {
            return false;
        }
        return packet.sourcePort() >= packet.destinationPort();
    }
}
