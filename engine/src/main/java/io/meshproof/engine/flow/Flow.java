package io.meshproof.engine.flow;

import io.meshproof.engine.anomaly.Anomaly;
import io.meshproof.engine.dns.DnsMessage;
import io.meshproof.engine.http.HttpExchange;
import io.meshproof.engine.packet.Packet;
import io.meshproof.engine.tls.ClientAuth;
import io.meshproof.engine.tls.TlsSession;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/**
 * One TCP connection or UDP conversation, with everything observed in it. Immutable; built by
 * {@link FlowAssembler} once the flow is over.
 *
 * @param id 1-based, in order of each flow's first frame, unique within one analysis
 * @param capture the name of the capture file the flow was read from
 * @param transport "tcp" or "udp"
 * @param app what the flow carries, by content
 * @param local whether this is a sidecar's hop inside its own pod (from loopback or ::6)
 * @param client the side that opened the connection (SYN sender; else the ClientHello, request or DNS
 *     query sender; else the side with the higher port)
 * @param server the other side
 * @param firstFrame number of the flow's first frame in its capture
 * @param firstNanos time of the first frame, nanoseconds since the epoch
 * @param lastNanos time of the last frame
 * @param packets packets per direction
 * @param bytes bytes on the wire per direction (frame lengths as captured from the wire)
 * @param handshakeSeen for TCP, whether the SYN was captured (the connection's start is in the capture)
 * @param closed for TCP, whether a FIN from each side or a RST was seen
 * @param tls the TLS session, or null when the flow is not TLS
 * @param http HTTP exchanges seen in clear, in order
 * @param dns DNS messages, in order
 * @param anomalies what was malformed or missing in this flow's packets and streams
 * @param decryptedApp for TLS flows whose application data was decrypted, what it carried: "http/1.1",
 *     "h2" or "unknown"; null otherwise. The {@code http} list then holds the decrypted exchanges
 * @param quality what the capture missed of this flow, in declaration order, each kind once
 */
public record Flow(int id, String capture, String transport, AppProtocol app, boolean local,
        FlowEndpoint client, FlowEndpoint server, long firstFrame, long firstNanos, long lastNanos,
        Counts packets, Counts bytes, boolean handshakeSeen, boolean closed, TlsSession tls,
        List<HttpExchange> http, List<DnsMessage> dns, List<Anomaly> anomalies, String decryptedApp,
        List<Quality> quality) {
    public Flow {
        http = List.copyOf(http);
        dns = List.copyOf(dns);
        anomalies = List.copyOf(anomalies);
        quality = List.copyOf(quality);
    }

    /** Istio ambient's HBONE port: ztunnels and waypoints exchange mutual TLS there, HTTP/2 CONNECT inside. */
    public static final int HBONE_PORT = 15008;

    /**
     * True for Istio ambient's HBONE tunnel: TCP to port 15008 carrying TLS whose client offered (or whose
     * server selected) ALPN {@code h2}. Such a flow carries other connections inside it.
     */
    public boolean hbone() {
        if (tls == null || !"tcp".equals(transport) || server.port() != HBONE_PORT) {
            return false;
        }
        return "h2".equals(tls.alpnSelected()) || tls.alpnOffered().contains("h2");
    }

    /**
     * The client-authentication evidence policies judge: the TLS session's, or {@code unknown} when the capture
     * missed the handshake or part of it. Null when the flow is not TLS.
     */
    public ClientAuth clientAuthEvidence() {
        if (tls == null) {
            return null;
        }
        return quality.stream().anyMatch(Quality::hidesHandshake) ? ClientAuth.UNKNOWN : tls.clientAuth();
    }

    /** One line saying what was seen, e.g. {@code plaintext http GET /ip} or {@code tls 1.3 mtls inferred}. */
    public String summary() {
        StringBuilder out = new StringBuilder();
        if (tls != null) {
            out.append(hbone() ? "hbone tls" : "tls");
            if (tls.version() != null) {
                out.append(' ').append(tls.version());
            }
            out.append(" client-auth ").append(clientAuthEvidence().label());
            if (tls.clientIdentity() != null) {
                out.append(" as ").append(tls.clientIdentity());
            }
            if (tls.resumedFrom() != null) {
                out.append(" (resumed from flow ").append(tls.resumedFrom()).append(')');
            }
            if (tls.decrypted()) {
                out.append(" decrypted");
            }
        } else {
            out.append("plaintext ").append(app.label());
        }
        for (HttpExchange exchange : http) {
            out.append(' ').append(exchange.method()).append(' ').append(exchange.path());
            break;
        }
        return out.toString();
    }

    /** This flow with its TLS session replaced, e.g. by one linked to the handshake it resumed. */
    public Flow withTls(TlsSession session) {
        return new Flow(id, capture, transport, app, local, client, server, firstFrame, firstNanos, lastNanos,
                packets, bytes, handshakeSeen, closed, session, http, dns, anomalies, decryptedApp, quality);
    }

    /** This flow with one more kind of quality problem; itself when it already has it. */
    public Flow withQuality(Quality added) {
        if (quality.contains(added)) {
            return this;
        }
        EnumSet<Quality> all = EnumSet.of(added);
        all.addAll(quality);
        return new Flow(id, capture, transport, app, local, client, server, firstFrame, firstNanos, lastNanos,
                packets, bytes, handshakeSeen, closed, tls, http, dns, anomalies, decryptedApp, List.copyOf(all));
    }

    /**
     * This flow with a packet that arrived after it was finished counted in: packets, bytes, last time and the
     * packet's anomalies. Its payload is not decoded.
     */
    Flow withLatePacket(Packet packet, int wireLength, List<Anomaly> packetAnomalies) {
        boolean toServer = packet.sourcePort() == client.port() && packet.source().equals(client.address());
        Counts morePackets = toServer ? new Counts(packets.toServer() + 1, packets.toClient())
                : new Counts(packets.toServer(), packets.toClient() + 1);
        Counts moreBytes = toServer ? new Counts(bytes.toServer() + wireLength, bytes.toClient())
                : new Counts(bytes.toServer(), bytes.toClient() + wireLength);
        List<Anomaly> allAnomalies = anomalies;
        if (!packetAnomalies.isEmpty()) {
            allAnomalies = new ArrayList<>(anomalies);
            allAnomalies.addAll(packetAnomalies);
        }
        return new Flow(id, capture, transport, app, local, client, server, firstFrame, firstNanos,
                Math.max(lastNanos, packet.timestampNanos()), morePackets, moreBytes, handshakeSeen, closed, tls,
                http, dns, allAnomalies, decryptedApp, quality);
    }
}
