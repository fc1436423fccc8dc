package io.meshproof.repl;

/** How results are written: for people or for programs. */
enum OutputFormat {
    text,
    json
}
