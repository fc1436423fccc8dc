package io.meshproof.grammar.tree;

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
}
