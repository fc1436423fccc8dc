package io.meshproof.repl;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * What every command that reads captures takes: the captures, the inventory to resolve them with, and the
 * TLS key logs to decrypt them with.
 */
final class CaptureOptions {
    @Option(names = "--keylog", paramLabel = "FILE",
            description = "NSS key log (SSLKEYLOGFILE format) to decrypt TLS with, for every capture; repeat "
                    + "for several files. Key logs embedded in pcapng files are used too. Secrets are never shown.")
    List<Path> keyLogs = new ArrayList<>();

    @Option(names = "--inventory", paramLabel = "FILE",
            description = "Output of `kubectl get pods -A -o json` or `kubectl get svc -A -o json` (JSON or YAML)"
                    + "; repeat for several files.")
    List<Path> inventories = new ArrayList<>();

    @Parameters(paramLabel = "CAPTURE", arity = "1..*",
            description = "pcap or pcapng files, optionally gzip-compressed.")
    List<Path> captures = new ArrayList<>();
}
