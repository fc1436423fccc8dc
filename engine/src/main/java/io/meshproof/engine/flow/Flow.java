package io.meshproof.engine.flow;

import io.meshproof.engine.anomaly.Anomaly;
import io.meshproof.engine.dns.DnsMessage;
import io.meshproof.engine.http.HttpExchange;
import io.meshproof.engine.tls.TlsSession;
import java.util.List;

/**
 * One TCP connection or UDP conversation, with everything observed in it. Immutable; built by
 * {@link FlowAssembler} once the capture has been read.
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
 */
public record Flow(int id, String capture, String transport, AppProtocol app, boolean local,
        FlowEndpoint client, FlowEndpoint server, long firstFrame, long firstNanos, long lastNanos,
        Counts packets, Counts bytes, boolean handshakeSeen, boolean closed, TlsSession tls,
        List<HttpExchange> http, List<DnsMessage> dns, List<Anomaly> anomalies, String decryptedApp) {
    public Flow {
        http = List.copyOf(http);
        dns = List.copyOf(dns);
        anomalies = List.copyOf(anomalies);
    }

    /** One line saying what was seen, e.g. {@code plaintext http GET /ip} or {@code tls 1.3 mtls inferred}. */
    public String summary() {
        StringBuilder out = new StringBuilder();
        if (tls != null) {
            out.append("tls");
            if (tls.version() != null) {
                out.append(' ').append(tls.version());
            }
            out.append(" client-auth ").append(tls.clientAuth().label());
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
                packets, bytes, handshakeSeen, closed, session, http, dns, anomalies, decryptedApp);
    }
}
