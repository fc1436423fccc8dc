package io.meshproof.repl;

import io.meshproof.grammar.Compilation;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code meshproof compile}: checks a policy and shows the Drools rules it becomes. */
@Command(name = "compile", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Checks a policy file and prints the Drools DRL it compiles to.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the policy is valid", "2:the policy has errors (printed like a compiler's)"})
final class CompileCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "POLICY", description = "The policy file.")
    private Path policy;

    @Override
    public Integer call() throws UnusableInputException {
        PrintWriter out = spec.commandLine().getOut();
        Compilation compilation = Inputs.policy(policy, spec.commandLine().getErr());
        out.print(compilation.drl());
        out.flush();
        return ExitCodes.OK;
    }
}
