package io.meshproof.repl;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** The top-level command; its subcommands do the work. */
@Command(name = "meshproof", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Proves from packet captures whether service-mesh workloads really use mutual TLS.",
        subcommands = {CheckCommand.class, FlowsCommand.class, DissectCommand.class, CompileCommand.class,
                CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:every statement passed",
            "1:a statement failed",
            "2:unusable input (bad policy, unreadable capture, bad options)",
            "3:inconclusive (a statement was not observed under --require-coverage)"})
final class MeshproofCommand implements Runnable {
    @Spec
    private CommandLine.Model.CommandSpec spec;

    // Read by Logging before the command line is parsed; declared here so that every command, and the top
    // level before the command's name, accepts it.
    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
            description = "Log what happens on standard error: -v at debug level, -vv at trace level.")
    private boolean[] verbose = new boolean[0];

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "missing command: check, flows, dissect or compile");
    }

    /** Runs the command line and returns the exit code; never throws. */
    static int run(String... args) {
        StandardOutput stdout = new StandardOutput();
        PrintWriter out = new PrintWriter(stdout, true);
        PrintWriter err = new PrintWriter(System.err, true);
        int code = execute(out, err, args);
        if (out.checkError() && !stdout.readerWentAway()) {
            return reportFailedOutput(err);
        }
        out.flush();
        return code;
    }

    /** Runs with the given streams; a failed write to {@code out} is reported and exits 2. */
    static int run(PrintWriter out, PrintWriter err, String... args) {
        int code = execute(out, err, args);
        if (out.checkError()) {
            return reportFailedOutput(err);
        }
        return code;
    }

    private static int reportFailedOutput(PrintWriter err) {
        // PrintWriter swallows write failures: a full disk must not look like a finished report.
        err.println("meshproof: error: the output could not be written completely (disk full?)");
        return ExitCodes.UNUSABLE_INPUT;
    }

    private static int execute(PrintWriter out, PrintWriter err, String... args) {
        Logging.configure(args);
        CommandLine commandLine = new CommandLine(new MeshproofCommand());
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setExecutionExceptionHandler((exception, cmd, parseResult) -> {
            if (exception instanceof UnusableInputException unusable) {
                unusable.messages().forEach(message -> cmd.getErr().println("meshproof: error: " + message));
                return ExitCodes.UNUSABLE_INPUT;
            }
            cmd.getErr().println("meshproof: internal error: " + exception);
            return ExitCodes.UNUSABLE_INPUT;
        });
        commandLine.setParameterExceptionHandler((exception, args1) -> {
            CommandLine cmd = exception.getCommandLine();
            String message = exception.getMessage();
            if (exception instanceof CommandLine.UnmatchedArgumentException unmatched
                    && cmd.getCommandSpec().subcommands().size() > 0 && !unmatched.getUnmatched().isEmpty()
                    && !unmatched.getUnmatched().get(0).startsWith("-")) {
                String commands = String.join(", ", cmd.getSubcommands().keySet().stream()
                        .filter(name -> !name.equals("help")).toList());
                message = "unknown command '" + unmatched.getUnmatched().get(0) + "' (commands: " + commands + ")";
            }
            cmd.getErr().println("meshproof: error: " + message);
            cmd.getErr().println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more.");
            return ExitCodes.UNUSABLE_INPUT;
        });
        return commandLine.execute(args);
    }
}
