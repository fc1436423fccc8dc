package io.meshproof.repl;

import io.meshproof.engine.analysis.CaptureAnalysis;
import io.meshproof.engine.flow.Flow;
import io.meshproof.engine.report.BackgroundConsumer;
import io.meshproof.engine.report.JsonReport;
import io.meshproof.engine.tls.TlsSession;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code meshproof flows}: every connection and conversation in the captures, with what was seen in it. */
@Command(name = "flows", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Lists the flows of captures: endpoints, protocol, TLS facts, client-authentication evidence.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the captures were read", "2:unusable input (unreadable capture or inventory, bad options)"})
final class FlowsCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private CaptureOptions input;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text (a table for people) or json (for pipelines). Default: ${DEFAULT-VALUE}.")
    private OutputFormat format;

    @Override
    public Integer call() throws UnusableInputException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Inputs.Loaded inputs = Inputs.load(input, err, List.of());
        if (format == OutputFormat.json) {
            // Flows are written as they end, so memory stays with the flows open at a time. The document is
            // started at the first flow and ended only when every capture was read.
            // The JSON is written on a second thread while the capture is read.
            JsonReport.FlowWriter writer = JsonReport.flowWriter(out);
            try (BackgroundConsumer<Flow> handOff = new BackgroundConsumer<>("meshproof-json", writer::write)) {
                Inputs.streamCaptures(inputs, err, ProgressDisplay.forTerminal(err), handOff);
            }
            writer.close();
        } else {
            List<CaptureAnalysis> analyses = Inputs.captures(inputs, err, ProgressDisplay.forTerminal(err));
            List<Flow> flows = analyses.stream().flatMap(a -> a.flows().stream()).toList();
            out.print(FlowTable.render(flows));
            decryptionLine(flows).ifPresent(out::println);
        }
        out.flush();
        return ExitCodes.OK;
    }

    /** E.g. "TLS decrypted: 1 of 1 flows (file seed.keys: 1)"; empty when no TLS flow was decrypted. */
    static Optional<String> decryptionLine(List<Flow> flows) {
        List<TlsSession> sessions = flows.stream().map(Flow::tls).filter(Objects::nonNull)
                .filter(TlsSession::clientHelloSeen).toList();
        Map<String, Long> bySource = sessions.stream().filter(TlsSession::decrypted)
                .collect(Collectors.groupingBy(TlsSession::secretSource, TreeMap::new, Collectors.counting()));
        if (bySource.isEmpty()) {
            return Optional.empty();
        }
        long decrypted = bySource.values().stream().mapToLong(Long::longValue).sum();
        String sources = bySource.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue())
                .collect(Collectors.joining(", "));
        return Optional.of("TLS decrypted: " + decrypted + " of " + sessions.size() + " flows with a handshake ("
                + sources + ")");
    }
}
