package io.meshproof.repl;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/** The top-level command; its subcommands do the work. */
@Command(name = "meshproof", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Proves from packet captures whether service-mesh workloads really use mutual TLS.",
        subcommands = {CheckCommand.class, FlowsCommand.class, CompileCommand.class,
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

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: check, flows or compile");
    }

    /** Runs the command line and returns the exit code; never throws. */
    static int run(String... args) {
        return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    static int run(PrintWriter out, PrintWriter err, String... args) {
        Logging.configure(args);
        CommandLine commandLine = new CommandLine(new MeshproofCommand());
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setExecutionExceptionHandler((exception, cmd, parseResult) -> {
            if (exception instanceof UnusableInputException) {
                cmd.getErr().println("meshproof: error: " + exception.getMessage());
                return ExitCodes.UNUSABLE_INPUT;
            }
            cmd.getErr().println("meshproof: internal error: " + exception);
            return ExitCodes.UNUSABLE_INPUT;
        });
        commandLine.setParameterExceptionHandler((exception, args1) -> {
            CommandLine cmd = exception.getCommandLine();
            cmd.getErr().println("meshproof: error: " + exception.getMessage());
            cmd.getErr().println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more.");
            return ExitCodes.UNUSABLE_INPUT;
        });
        return commandLine.execute(args);
    }
}
