package io.meshproof.repl;

/** The executable's entry point: {@code meshproof COMMAND ...}. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        int code;
        try {
            code = MeshproofCommand.run(args);
        } catch (OutOfMemoryError e) {
            // Flows are kept until the end of the run; very large captures need a bigger heap.
            System.err.println("meshproof: error: out of memory; give Java more heap, e.g. JAVA_OPTS=-Xmx8g");
            code = ExitCodes.UNUSABLE_INPUT;
        } catch (RuntimeException | LinkageError | StackOverflowError e) {
            System.err.println("meshproof: internal error: " + e + " (please report it with the command line)");
            code = ExitCodes.UNUSABLE_INPUT;
        }
        System.exit(code);
    }
}
