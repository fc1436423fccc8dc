package io.meshproof.grammar.tree;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Where a piece of policy text sits in its source, counted from 1.
 *
 * @param line line number, from 1
 * @param column column of the first character, from 1; a tab counts as one column
 * @param length number of characters covered, at least 1
 */
public record SourcePosition(int line, int column, int length) {
    public SourcePosition {
        if (line < 1 || column < 1 || length < 1) {
            throw new IllegalArgumentException("position " + line + ":" + column + "+" + length + " is not from 1");
        }
    }

    /**
     * Where the first byte that is not UTF-8 sits in a file's bytes, as a position one character long; empty
     * when all of it is UTF-8. For messages about text files (policies, inventories) that are not text.
     */
    public static Optional<SourcePosition> ofFirstInvalidUtf8(byte[] bytes) {
        CharBuffer decoded = CharBuffer.allocate(bytes.length);
        if (!StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes), decoded, true).isError()) {
            return Optional.empty();
        }
        String before = decoded.flip().toString();
        int line = (int) before.chars().filter(c -> c == '\n').count() + 1;
        int column = before.length() - (before.lastIndexOf('\n') + 1) + 1;
        return Optional.of(new SourcePosition(line, column, 1));
    }
}
