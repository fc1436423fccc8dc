package io.meshproof.engine.differential;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One TCP connection or UDP conversation as either tool saw it, reduced to what both can state. Endpoints
 * are {@code address:port} with the address in {@link java.net.InetAddress#getHostAddress} form, so that
 * both sides print IPv6 alike. Filled in by {@link TsharkConversations} and {@link MeshproofConversations}.
 */
final class Conversation {
    final String transport;
    final long firstFrame;
    final String endpointA;
    final String endpointB;
    /** The side that opened it, or null when the tool cannot tell. */
    String client;
    final Map<String, Long> packetsFrom = new TreeMap<>();
    boolean tls;
    String version;
    String sni;
    List<String> alpnOffered = List.of();
    String cipher;
    boolean certificateRequest;
    boolean clientCertificate;
    int serverChain;
    int clientChain;
    final List<String> serverSanUris = new ArrayList<>();
    final List<String> serverSanDns = new ArrayList<>();
    final List<String> clientSanUris = new ArrayList<>();
    final List<String> clientSanDns = new ArrayList<>();
    final List<String> httpRequests = new ArrayList<>();
    final List<String> httpStatuses = new ArrayList<>();
    final List<String> dnsQuestions = new ArrayList<>();
    final List<String> dnsRecords = new ArrayList<>();

    Conversation(String transport, long firstFrame, String endpointA, String endpointB) {
        this.transport = transport;
        this.firstFrame = firstFrame;
        this.endpointA = endpointA;
        this.endpointB = endpointB;
        packetsFrom.put(endpointA, 0L);
        packetsFrom.put(endpointB, 0L);
    }

    /** The compared values by name, in a fixed order; TLS values only for a conversation that is TLS. */
    Map<String, String> facts() {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("endpoints", String.join(" ", new TreeMap<>(Map.of(endpointA, "", endpointB, "")).keySet()));
        out.put("packets", packetsFrom.toString());
        out.put("tls", String.valueOf(tls));
        if (tls) {
            out.put("tls.version", String.valueOf(version));
            out.put("tls.sni", String.valueOf(sni));
            out.put("tls.alpn_offered", alpnOffered.toString());
            out.put("tls.cipher", String.valueOf(cipher));
            out.put("tls.certificate_request", String.valueOf(certificateRequest));
            out.put("tls.client_certificate", String.valueOf(clientCertificate));
            out.put("tls.server_chain", String.valueOf(serverChain));
            out.put("tls.client_chain", String.valueOf(clientChain));
            out.put("tls.server_san_uri", serverSanUris.toString());
            out.put("tls.server_san_dns", serverSanDns.toString());
            out.put("tls.client_san_uri", clientSanUris.toString());
            out.put("tls.client_san_dns", clientSanDns.toString());
        }
        out.put("http.requests", httpRequests.toString());
        out.put("http.statuses", httpStatuses.toString());
        out.put("dns.questions", dnsQuestions.toString());
        out.put("dns.records", dnsRecords.toString());
        return out;
    }

    String describe() {
        return transport + " " + endpointA + " - " + endpointB + " from frame " + firstFrame;
    }
}
