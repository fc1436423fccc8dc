package io.meshproof.engine.differential;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs the tshark found on the PATH over a capture and returns one {@link TsharkFrame} per frame, with the
 * fields of {@link #FIELDS}. TLS is found on any port ({@code tcp.try_heuristic_first}), and HTTP/2 in
 * clear by its connection preface: the {@code http2_tcp} heuristic, off by default in Wireshark, is
 * enabled, since {@code -d tcp.port==80,http2} would turn every HTTP/1 connection on that port into
 * HTTP/2. Out-of-order segments are put in order before reassembly ({@code tcp.reassemble_out_of_order},
 * off by default in tshark 4.0, which otherwise gives up on a response whose segments arrive out of order
 * and reports no status where meshproof, rightly, reports one).
 */
final class Tshark {
    static final List<String> FIELDS = List.of("frame.number", "ip.src", "ip.dst", "ipv6.src", "ipv6.dst",
            "tcp.srcport", "tcp.dstport", "udp.srcport", "udp.dstport", "tcp.stream", "udp.stream",
            "tcp.flags.syn", "tcp.flags.ack", "icmp.type", "icmpv6.type",
            "tls.record.version", "tls.handshake.type", "tls.handshake.version",
            "tls.handshake.extensions.supported_version", "tls.handshake.extensions_server_name",
            "tls.handshake.extensions_alpn_str", "tls.handshake.ciphersuite", "tls.handshake.certificate_length",
            "x509ce.uniformResourceIdentifier", "x509ce.dNSName",
            "http.request.method", "http.request.uri", "http.host", "http.response.code",
            "http2.header.name", "http2.header.value", "dns.flags.response", "dns.qry.name", "dns.resp.name");

    /** Separates the values of a field that occurs several times in one frame; found in no real value. */
    private static final String AGGREGATOR = "\u001f";
    private static final long TIMEOUT_SECONDS = 120;

    private final Path executable;

    private Tshark(Path executable) {
        this.executable = executable;
    }

    /** The tshark on the PATH, if there is one. */
    static Optional<Tshark> find() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String directory : path.split(File.pathSeparator)) {
            Path candidate = Path.of(directory, "tshark");
            if (Files.isExecutable(candidate)) {
                return Optional.of(new Tshark(candidate));
            }
        }
        return Optional.empty();
    }

    /** Every frame of the capture with the fields tshark found in it. */
    List<TsharkFrame> frames(Path capture) throws IOException, InterruptedException {
        return frames(capture, null);
    }

    /** The same, with TLS decrypted from the key log file when one is given. */
    List<TsharkFrame> frames(Path capture, Path keyLog) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(executable.toString(), "-n", "-r", capture.toString(),
                "-o", "tcp.try_heuristic_first:TRUE",
                "-o", "tcp.reassemble_out_of_order:TRUE",
                // A status is known once the response head is complete; waiting for the body hides it when
                // a server ends the body by closing the connection inside TLS (gnutls-serv, s_server -www).
                "-o", "http.desegment_body:FALSE", "--enable-heuristic", "http2_tcp", "-T", "fields",
                "-E", "separator=/t", "-E", "occurrence=a",
                "-E", "aggregator=" + AGGREGATOR));
        if (keyLog != null) {
            command.add("-o");
            command.add("tls.keylog_file:" + keyLog);
        }
        for (String field : FIELDS) {
            command.add("-e");
            command.add(field);
        }
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        List<TsharkFrame> frames = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                frames.add(parse(line));
            }
        }
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("tshark did not finish within " + TIMEOUT_SECONDS + " s on " + capture);
        }
        if (process.exitValue() != 0 && frames.isEmpty()) {
            throw new IOException("tshark exited with " + process.exitValue() + " on " + capture);
        }
        return frames;
    }

    /** tshark's names of TLS cipher suites by code point, from its value strings ({@code -G values}). */
    Map<Integer, String> cipherNames() throws IOException, InterruptedException {
        Process process = new ProcessBuilder(executable.toString(), "-G", "values")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        Map<Integer, String> names = new HashMap<>();
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                String[] columns = line.split("\t");
                if (columns.length == 4 && columns[0].equals("V")
                        && columns[1].equals("tls.handshake.ciphersuite")) {
                    names.put(Integer.parseInt(columns[2]), columns[3]);
                }
            }
        }
        process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        return names;
    }

    private static TsharkFrame parse(String line) {
        String[] columns = line.split("\t", -1);
        Map<String, List<String>> values = new HashMap<>();
        for (int i = 0; i < FIELDS.size() && i < columns.length; i++) {
            if (!columns[i].isEmpty()) {
                values.put(FIELDS.get(i), List.of(columns[i].split(AGGREGATOR, -1)));
            }
        }
        return new TsharkFrame(values);
    }
}
