package io.meshproof.engine.differential;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * tshark's frames grouped by {@code tcp.stream} / {@code udp.stream} into {@link Conversation}s. A frame's
 * handshake messages are taken by the side that sent it: the ClientHello's SNI, ALPN and Certificate from
 * the client, the ServerHello's version and cipher, the CertificateRequest and Certificate from the
 * server. tshark puts a message that spans segments in the frame that completed it.
 */
final class TsharkConversations {
    private static final String CLIENT_HELLO = "1";
    private static final String SERVER_HELLO = "2";
    private static final String CERTIFICATE = "11";
    private static final String CERTIFICATE_REQUEST = "13";
    private static final int FIRST_FINAL_STATUS = 200;

    private final Map<Integer, String> cipherNames;
    private final Map<String, Conversation> byStream = new LinkedHashMap<>();
    /** Per stream: the side that sent a ClientHello, an HTTP request or a DNS query, when no SYN decided. */
    private final Map<String, String> clientByContent = new HashMap<>();

    private TsharkConversations(Map<Integer, String> cipherNames) {
        this.cipherNames = cipherNames;
    }

    /**
     * @param cipherNames tshark's own names of cipher suites ({@code tshark -G values}), so that names
     *     are compared and not one tool's table with itself
     */
    static List<Conversation> of(List<TsharkFrame> frames, Map<Integer, String> cipherNames) {
        TsharkConversations builder = new TsharkConversations(cipherNames);
        for (TsharkFrame frame : frames) {
            builder.accept(frame);
        }
        for (Map.Entry<String, Conversation> entry : builder.byStream.entrySet()) {
            if (entry.getValue().client == null) {
                entry.getValue().client = builder.clientByContent.get(entry.getKey());
            }
        }
        return new ArrayList<>(builder.byStream.values());
    }

    private void accept(TsharkFrame frame) {
        if (frame.has("icmp.type") || frame.has("icmpv6.type")) {
            // The transport header quoted inside an ICMP error is not a packet of that conversation.
            return;
        }
        String transport = frame.has("tcp.stream") ? "tcp" : frame.has("udp.stream") ? "udp" : null;
        if (transport == null) {
            return;
        }
        String key = transport + frame.first(transport + ".stream");
        String source = endpoint(frame, "src", transport);
        String destination = endpoint(frame, "dst", transport);
        long number = Long.parseLong(frame.first("frame.number"));
        Conversation c = byStream.computeIfAbsent(key, k -> new Conversation(transport, number, source,
                destination));
        c.packetsFrom.merge(source, 1L, Long::sum);
        if (transport.equals("tcp") && frame.flag("tcp.flags.syn") && c.client == null) {
            c.client = frame.flag("tcp.flags.ack") ? destination : source;
        }
        acceptTls(c, key, frame, source);
        acceptHttp(c, key, frame, source);
        acceptDns(c, key, frame, source);
    }

    private void acceptTls(Conversation c, String key, TsharkFrame frame, String source) {
        if (!frame.has("tls.record.version")) {
            return;
        }
        c.tls = true;
        List<String> types = frame.all("tls.handshake.type");
        if (types.contains(CLIENT_HELLO)) {
            clientByContent.putIfAbsent(key, source);
        }
        boolean fromClient = source.equals(c.client != null ? c.client : clientByContent.get(key));
        if (fromClient) {
            if (types.contains(CLIENT_HELLO)) {
                c.sni = frame.first("tls.handshake.extensions_server_name");
                c.alpnOffered = frame.all("tls.handshake.extensions_alpn_str");
            }
            if (types.contains(CERTIFICATE)) {
                c.clientCertificate = true;
                c.clientChain += frame.all("tls.handshake.certificate_length").size();
                c.clientSanUris.addAll(frame.all("x509ce.uniformResourceIdentifier"));
                c.clientSanDns.addAll(frame.all("x509ce.dNSName"));
            }
            return;
        }
        if (types.contains(SERVER_HELLO)) {
            String supported = frame.first("tls.handshake.extensions.supported_version");
            c.version = version(supported != null ? supported : frame.first("tls.handshake.version"));
            String suite = frame.first("tls.handshake.ciphersuite");
            c.cipher = suite == null ? null : cipherNames.getOrDefault(Integer.decode(suite), suite);
        }
        if (types.contains(CERTIFICATE_REQUEST)) {
            c.certificateRequest = true;
        }
        if (types.contains(CERTIFICATE)) {
            c.serverChain += frame.all("tls.handshake.certificate_length").size();
            c.serverSanUris.addAll(frame.all("x509ce.uniformResourceIdentifier"));
            c.serverSanDns.addAll(frame.all("x509ce.dNSName"));
        }
    }

    private void acceptHttp(Conversation c, String key, TsharkFrame frame, String source) {
        List<String> methods = frame.all("http.request.method");
        List<String> uris = frame.all("http.request.uri");
        List<String> hosts = frame.all("http.host");
        for (int i = 0; i < methods.size(); i++) {
            clientByContent.putIfAbsent(key, source);
            String uri = i < uris.size() ? uris.get(i) : "-";
            String host = methods.size() == hosts.size() ? hosts.get(i) : hosts.size() == 1 && i == 0
                    ? hosts.get(0) : "-";
            c.httpRequests.add(methods.get(i) + " " + uri + " " + host);
        }
        for (String code : frame.all("http.response.code")) {
            // meshproof keeps the final status of each exchange; 1xx are interim (RFC 9110 15.2).
            if (Integer.parseInt(code) >= FIRST_FINAL_STATUS) {
                c.httpStatuses.add(code);
            }
        }
        List<String> names = frame.all("http2.header.name");
        List<String> values = frame.all("http2.header.value");
        String method = null;
        String path = "-";
        String authority = "-";
        for (int i = 0; i < names.size() && i < values.size(); i++) {
            switch (names.get(i)) {
                case ":method" -> {
                    if (method != null) {
                        c.httpRequests.add(method + " " + path + " " + authority);
                    }
                    method = values.get(i);
                    path = "-";
                    authority = "-";
                }
                case ":path" -> path = values.get(i);
                case ":authority" -> authority = values.get(i);
                case ":status" -> c.httpStatuses.add(values.get(i));
                default -> {
                }
            }
        }
        if (method != null) {
            clientByContent.putIfAbsent(key, source);
            c.httpRequests.add(method + " " + path + " " + authority);
        }
    }

    private void acceptDns(Conversation c, String key, TsharkFrame frame, String source) {
        if (!frame.has("dns.flags.response")) {
            return;
        }
        if (!frame.flag("dns.flags.response")) {
            clientByContent.putIfAbsent(key, source);
        }
        c.dnsQuestions.addAll(frame.all("dns.qry.name"));
        for (String name : frame.all("dns.resp.name")) {
            if (!name.equals("<Root>")) {
                c.dnsRecords.add(name);
            }
        }
    }

    private static String endpoint(TsharkFrame frame, String direction, String transport) {
        String address = frame.has("ipv6." + direction) ? frame.last("ipv6." + direction)
                : frame.last("ip." + direction);
        try {
            address = InetAddress.getByName(address).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalStateException("tshark printed an address that is none: " + address, e);
        }
        return address + ":" + frame.first(transport + "." + direction + "port");
    }

    private static String version(String code) {
        if (code == null) {
            return null;
        }
        return switch (code) {
            case "0x0301" -> "1.0";
            case "0x0302" -> "1.1";
            case "0x0303" -> "1.2";
            case "0x0304" -> "1.3";
            default -> code;
        };
    }
}
