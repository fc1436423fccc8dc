package io.meshproof.repl;

/** The executable's entry point: {@code meshproof COMMAND ...}. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(MeshproofCommand.run(args));
    }
}
