package io.meshproof.engine.differential;

import io.meshproof.engine.dns.DnsMessage;
import io.meshproof.engine.dns.DnsQuestion;
import io.meshproof.engine.dns.DnsRecord;
import io.meshproof.engine.flow.Flow;
import io.meshproof.engine.flow.FlowEndpoint;
import io.meshproof.engine.http.HttpExchange;
import io.meshproof.engine.tls.CertificateInfo;
import io.meshproof.engine.tls.TlsSession;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** meshproof's flows as {@link Conversation}s. */
final class MeshproofConversations {
    private MeshproofConversations() {
    }

    static List<Conversation> of(List<Flow> flows) {
        List<Conversation> out = new ArrayList<>();
        for (Flow flow : flows) {
            out.add(of(flow));
        }
        return out;
    }

    private static Conversation of(Flow flow) {
        String client = endpoint(flow.client());
        String server = endpoint(flow.server());
        Conversation c = new Conversation(flow.transport(), flow.firstFrame(), client, server);
        c.client = client;
        c.packetsFrom.put(client, flow.packets().toServer());
        c.packetsFrom.put(server, flow.packets().toClient());
        TlsSession tls = flow.tls();
        if (tls != null && tls.isTls()) {
            c.tls = true;
            c.version = tls.version();
            c.sni = tls.sni();
            c.alpnOffered = tls.alpnOffered();
            c.cipher = tls.cipher();
            c.certificateRequest = Boolean.TRUE.equals(tls.certificateRequest());
            c.clientCertificate = tls.clientCertificateSeen();
            c.serverChain = tls.serverChain().size();
            c.clientChain = tls.clientChain().size();
            for (CertificateInfo certificate : tls.serverChain()) {
                c.serverSanUris.addAll(certificate.uriSans());
                c.serverSanDns.addAll(certificate.dnsSans());
            }
            for (CertificateInfo certificate : tls.clientChain()) {
                c.clientSanUris.addAll(certificate.uriSans());
                c.clientSanDns.addAll(certificate.dnsSans());
            }
        }
        for (HttpExchange exchange : flow.http()) {
            if (exchange.method() != null) {
                c.httpRequests.add(exchange.method() + " " + exchange.path() + " "
                        + (exchange.host() == null ? "-" : exchange.host()));
            }
            if (exchange.status() != null) {
                c.httpStatuses.add(String.valueOf(exchange.status()));
            }
        }
        for (DnsMessage message : flow.dns()) {
            for (DnsQuestion question : message.questions()) {
                c.dnsQuestions.add(question.name());
            }
            Stream.of(message.answers(), message.authorities(), message.additionals()).flatMap(List::stream)
                    .map(DnsRecord::name).filter(name -> !name.isEmpty() && !name.equals("."))
                    .forEach(c.dnsRecords::add);
        }
        return c;
    }

    private static String endpoint(FlowEndpoint endpoint) {
        return endpoint.address().getHostAddress() + ":" + endpoint.port();
    }
}
