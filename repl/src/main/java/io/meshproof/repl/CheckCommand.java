package io.meshproof.repl;

import io.meshproof.engine.analysis.CaptureAnalysis;
import io.meshproof.engine.evaluate.PolicyEvaluator;
import io.meshproof.engine.evaluate.Status;
import io.meshproof.engine.evaluate.Verdict;
import io.meshproof.engine.flow.Flow;
import io.meshproof.engine.report.JsonReport;
import io.meshproof.grammar.Compilation;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code meshproof check}: a verdict per policy statement over the flows of the captures. */
@Command(name = "check", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Checks the flows of captures against a policy: PASS, FAIL or NOT OBSERVED per statement.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:every statement passed",
            "1:a statement failed",
            "2:unusable input (bad policy, unreadable capture or inventory, bad options)",
            "3:a statement was not observed and --require-coverage was given"})
final class CheckCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--policy", required = true, paramLabel = "FILE", description = "The policy file to check.")
    private Path policy;

    @Mixin
    private CaptureOptions input;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text (for people) or json (for pipelines). Default: ${DEFAULT-VALUE}.")
    private OutputFormat format;

    @Option(names = "--require-coverage",
            description = "Treat a statement that matched no flow as inconclusive: exit 3 unless one failed.")
    private boolean requireCoverage;

    @Override
    public Integer call() throws UnusableInputException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        // A broken policy is reported together with every other unusable input.
        Compilation compilation = null;
        List<String> problems = new ArrayList<>();
        try {
            compilation = Inputs.policy(policy, err);
        } catch (UnusableInputException e) {
            problems.addAll(e.messages());
        }
        Inputs.Loaded inputs = Inputs.load(input, err, problems);
        for (String warning : PolicyCoverage.warnings(compilation.policy().orElseThrow(), policy.toString(),
                inputs.inventory())) {
            err.println("meshproof: warning: " + warning);
        }
        // Flows are evaluated as they end: only those that break a statement are kept.
        PolicyEvaluator.Evaluation evaluation = new PolicyEvaluator(compilation).start();
        Tally tally = new Tally();
        List<CaptureAnalysis> analyses = Inputs.streamCaptures(inputs, err, ProgressDisplay.forTerminal(err),
                tally.andThen(evaluation));
        List<Verdict> verdicts = evaluation.finish();
        if (format == OutputFormat.json) {
            JsonReport.writeVerdicts(verdicts, out);
        } else {
            new VerdictText(out, Terminal.colour()).print(verdicts, tally.flows, tally.local, analyses.size());
        }
        out.flush();
        return exitCode(verdicts);
    }

    /** Counts the flows for the summary line. */
    private static final class Tally implements Consumer<Flow> {
        long flows;
        long local;

        @Override
        public void accept(Flow flow) {
            flows++;
            if (flow.local()) {
                local++;
            }
        }
    }

    private int exitCode(List<Verdict> verdicts) {
        if (verdicts.stream().anyMatch(v -> v.status() == Status.FAIL)) {
            return ExitCodes.FAILED;
        }
        if (requireCoverage && verdicts.stream().anyMatch(v -> v.status() == Status.NOT_OBSERVED)) {
            return ExitCodes.INCONCLUSIVE;
        }
        return ExitCodes.OK;
    }
}
