package io.meshproof.repl;

/** Exit codes, a contract with pipelines and auditors' scripts. */
public final class ExitCodes {
    /** Every statement passed (or, for commands without verdicts, the command did its work). */
    public static final int OK = 0;
    /** A statement failed. */
    public static final int FAILED = 1;
    /** The input was unusable: bad policy, unreadable capture or inventory, bad options. */
    public static final int UNUSABLE_INPUT = 2;
    /** Inconclusive: a statement was not observed under {@code --require-coverage}. */
    public static final int INCONCLUSIVE = 3;

    private ExitCodes() {
    }
}
