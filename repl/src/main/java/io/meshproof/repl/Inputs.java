package io.meshproof.repl;

import io.meshproof.engine.analysis.CaptureAnalysis;
import io.meshproof.engine.analysis.CaptureAnalyzer;
import io.meshproof.engine.analysis.Progress;
import io.meshproof.engine.anomaly.Anomaly;
import io.meshproof.engine.anomaly.Severity;
import io.meshproof.engine.capture.CaptureException;
import io.meshproof.engine.capture.CaptureReader;
import io.meshproof.engine.capture.CaptureWarning;
import io.meshproof.engine.flow.Flow;
import io.meshproof.engine.inventory.Inventory;
import io.meshproof.engine.inventory.InventoryException;
import io.meshproof.engine.keylog.KeyLog;
import io.meshproof.engine.keylog.KeyLogWarning;
import io.meshproof.grammar.Compilation;
import io.meshproof.grammar.PolicyCompiler;
import io.meshproof.grammar.PolicyError;
import io.meshproof.grammar.tree.SourcePosition;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/** Loads what the commands are given: inventories, policies, captures. Problems become clear messages. */
final class Inputs {
    private static final String BYTE_ORDER_MARK = "\uFEFF";

    private Inputs() {
    }

    static Inventory inventory(List<Path> files) throws UnusableInputException {
        if (files.isEmpty()) {
            return Inventory.empty();
        }
        try {
            return Inventory.load(files);
        } catch (InventoryException e) {
            throw new UnusableInputException(e.getMessage());
        }
    }

    /**
     * Reads and compiles a policy. Errors are printed to {@code err} in the compiler's format and turned
     * into an exception that carries their count.
     */
    static Compilation policy(Path file, PrintWriter err) throws UnusableInputException {
        String text = readText(file);
        if (KeyLog.looksLikeKeyLog(text)) {
            // quoting its lines in syntax errors would print the secrets
            throw new UnusableInputException(file + ": this is a TLS key log, not a policy (key logs are given "
                    + "with --keylog); its lines are not shown");
        }
        if (text.startsWith(BYTE_ORDER_MARK)) {
            // written by some editors; not part of the policy
            text = text.substring(1);
        }
        Compilation compilation = PolicyCompiler.compile(file.toString(), text);
        if (!compilation.errors().isEmpty()) {
            for (PolicyError error : compilation.errors()) {
                err.println(error.format());
            }
            int count = compilation.errors().size();
            throw new UnusableInputException(file + ": " + count + (count == 1 ? " error" : " errors")
                    + " in the policy");
        }
        if (compilation.policy().orElseThrow().statements().isEmpty()) {
            // An empty audit would pass vacuously; that is never what the auditor meant.
            throw new UnusableInputException(file + ": the policy has no statements");
        }
        return compilation;
    }

    static String readText(Path file) throws UnusableInputException {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new UnusableInputException(file + ": no such file");
        } catch (MalformedInputException e) {
            throw new UnusableInputException(file + invalidUtf8Position(file) + ": not a text file (invalid UTF-8)");
        } catch (IOException e) {
            throw new UnusableInputException(file + ": cannot be read (" + e.getMessage() + ")");
        }
    }

    /** {@code :LINE:COLUMN} of the first byte that is not UTF-8, counted from 1; empty when unknown. */
    private static String invalidUtf8Position(Path file) {
        try {
            return SourcePosition.ofFirstInvalidUtf8(Files.readAllBytes(file))
                    .map(position -> ":" + position.line() + ":" + position.column()).orElse("");
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * Reads the key log files, merged; every skipped line is printed as a warning with its file and line
     * number, never its content.
     */
    static KeyLog keyLogs(List<Path> files, PrintWriter err) throws UnusableInputException {
        KeyLog merged = KeyLog.empty();
        for (Path file : files) {
            try {
                merged = merged.merge(KeyLog.read(file));
            } catch (IOException e) {
                throw new UnusableInputException(e.getMessage());
            }
        }
        printKeyLogWarnings("", merged.warnings(), err);
        return merged;
    }

    /**
     * The captures to read, checked before any is read: each file once (a file given twice, under any name, is
     * read once, with a warning, so that its flows are not counted twice), and every file opened as a capture,
     * so that all unusable files are reported together and none after output has started. Pipes and devices
     * ({@code /dev/stdin}) are not opened ahead: that would consume what they hold.
     */
    static List<Path> captureFiles(List<Path> given, PrintWriter err) throws UnusableInputException {
        List<Path> files = new ArrayList<>();
        Map<Path, Path> firstNames = new HashMap<>();
        List<String> problems = new ArrayList<>();
        for (Path capture : given) {
            Path first = firstNames.putIfAbsent(sameFileKey(capture), capture);
            if (first != null) {
                err.println("meshproof: warning: " + capture + (capture.equals(first) ? " is given more than once"
                        : " is the same file as " + first) + "; it is read once");
                continue;
            }
            if (Files.isDirectory(capture)) {
                problems.add(capture + ": is a directory, not a capture file");
                continue;
            }
            files.add(capture);
            if (Files.exists(capture) && !Files.isRegularFile(capture)) {
                continue;
            }
            try {
                CaptureReader.open(capture).close();
            } catch (CaptureException e) {
                problems.add(e.getMessage());
            } catch (IOException e) {
                problems.add(capture + ": cannot be read (" + e.getMessage() + ")");
            }
        }
        if (!problems.isEmpty()) {
            throw new UnusableInputException(problems);
        }
        return files;
    }

    /** What two names of one file have in common: the real path where there is one. */
    private static Path sameFileKey(Path capture) {
        try {
            return capture.toRealPath();
        } catch (IOException e) {
            // missing or unreadable: reported when opened; equal names still count as one file
            return capture.toAbsolutePath().normalize();
        }
    }

    /**
     * What the capture options name, loaded and checked.
     *
     * @param inventory the inventories, merged
     * @param keys the key logs, merged
     * @param captures the captures to read, each once, every one of them opened once already
     */
    record Loaded(Inventory inventory, KeyLog keys, List<Path> captures) {
    }

    /**
     * Loads the inventories and key logs of {@code options} and checks its captures. Every unusable file is
     * reported in one exception, after the {@code earlier} problems of the same run (a broken policy's), so
     * that one run names everything to fix.
     */
    static Loaded load(CaptureOptions options, PrintWriter err, List<String> earlier) throws UnusableInputException {
        List<String> problems = new ArrayList<>(earlier);
        Inventory inventory = Inventory.empty();
        KeyLog keys = KeyLog.empty();
        List<Path> captures = List.of();
        try {
            inventory = inventory(options.inventories);
        } catch (UnusableInputException e) {
            problems.addAll(e.messages());
        }
        try {
            keys = keyLogs(options.keyLogs, err);
        } catch (UnusableInputException e) {
            problems.addAll(e.messages());
        }
        try {
            captures = captureFiles(options.captures, err);
        } catch (UnusableInputException e) {
            problems.addAll(e.messages());
        }
        if (!problems.isEmpty()) {
            throw new UnusableInputException(problems);
        }
        return new Loaded(inventory, keys, captures);
    }

    /** Reads every capture; the file's own warnings (a cut-off end) are printed once each. */
    static List<CaptureAnalysis> captures(Loaded inputs, PrintWriter err, Progress progress)
            throws UnusableInputException {
        try {
            List<CaptureAnalysis> analyses = new CaptureAnalyzer(inputs.inventory(), inputs.keys(), true)
                    .readAll(inputs.captures(), progress);
            printWarnings(analyses, err);
            return analyses;
        } catch (CaptureException e) {
            throw new UnusableInputException(e.getMessage());
        }
    }

    /**
     * {@link #captures}, with each flow handed to {@code sink} as soon as it is complete; the analyses returned
     * hold no flows. Warnings are printed once every capture was read.
     */
    static List<CaptureAnalysis> streamCaptures(Loaded inputs, PrintWriter err, Progress progress,
            Consumer<Flow> sink) throws UnusableInputException {
        // Output starts with the first flow; every capture was opened before (load), so that a missing or
        // foreign file later in the list cannot leave a half-written document behind.
        try {
            List<CaptureAnalysis> analyses = new CaptureAnalyzer(inputs.inventory(), inputs.keys(), true)
                    .streamAll(inputs.captures(), progress, sink);
            printWarnings(analyses, err);
            return analyses;
        } catch (CaptureException e) {
            throw new UnusableInputException(e.getMessage());
        }
    }

    private static void printWarnings(List<CaptureAnalysis> analyses, PrintWriter err) {
        for (CaptureAnalysis analysis : analyses) {
            for (CaptureWarning warning : analysis.warnings()) {
                err.println("meshproof: warning: " + analysis.capture() + ": " + warning.message());
            }
            printKeyLogWarnings(analysis.capture() + ": ", analysis.keyLogWarnings(), err);
            printUndecodedFrames(analysis, err);
        }
    }

    /**
     * Anomalies that belong to no flow mean frames that yielded nothing (an unsupported link type, a
     * broken IP header): one line per kind, so a capture that "has no flows" says why.
     */
    private static void printUndecodedFrames(CaptureAnalysis analysis, PrintWriter err) {
        Map<String, List<Anomaly>> byKind = new TreeMap<>();
        for (Anomaly anomaly : analysis.anomalies()) {
            if (anomaly.severity() != Severity.NOTE) {
                byKind.computeIfAbsent(anomaly.id(), id -> new ArrayList<>()).add(anomaly);
            }
        }
        byKind.forEach((id, list) -> err.println("meshproof: warning: " + analysis.capture() + ": " + id + " in "
                + list.size() + (list.size() == 1 ? " frame" : " frames") + ", first in frame " + list.get(0).frame()
                + ": " + list.get(0).detail()));
    }

    private static void printKeyLogWarnings(String prefix, List<KeyLogWarning> warnings, PrintWriter err) {
        for (KeyLogWarning warning : warnings) {
            err.println("meshproof: warning: " + prefix + warning.format());
        }
    }
}
