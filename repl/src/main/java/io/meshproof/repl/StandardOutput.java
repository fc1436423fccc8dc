package io.meshproof.repl;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/**
 * Standard output that remembers why a write failed, so that a reader who stopped reading
 * ({@code meshproof flows ... | head}) is told apart from a full disk. Owns no other state.
 */
final class StandardOutput extends Writer {
    private final Writer out = new OutputStreamWriter(new FileOutputStream(FileDescriptor.out),
            StandardCharsets.UTF_8);
    private IOException failure;

    @Override
    public void write(char[] buffer, int offset, int length) throws IOException {
        try {
            out.write(buffer, offset, length);
        } catch (IOException e) {
            remember(e);
            throw e;
        }
    }

    @Override
    public void flush() throws IOException {
        try {
            out.flush();
        } catch (IOException e) {
            remember(e);
            throw e;
        }
    }

    @Override
    public void close() throws IOException {
        out.close();
    }

    /** True when the failure was the reading end of a pipe going away: the reader has what it wanted. */
    boolean readerWentAway() {
        return failure != null && failure.getMessage() != null && failure.getMessage().contains("Broken pipe");
    }

    private void remember(IOException e) {
        if (failure == null) {
            failure = e;
        }
    }
}
