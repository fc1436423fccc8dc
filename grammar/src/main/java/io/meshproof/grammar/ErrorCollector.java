package io.meshproof.grammar;

import io.meshproof.grammar.tree.SourcePosition;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;

/**
 * Collects the errors of one source, in place of ANTLR's console listener. Keeps the first syntax error of
 * each line only: after one fault the rest of a line is guesswork, and the next line starts afresh.
 */
final class ErrorCollector extends BaseErrorListener {
    private final String sourceName;
    private final List<String> lines;
    private final List<PolicyError> errors = new ArrayList<>();
    private final Set<Integer> syntaxErrorLines = new HashSet<>();

    ErrorCollector(String sourceName, String text) {
        this.sourceName = sourceName;
        this.lines = List.of(text.split("\r\n|\r|\n", -1));
    }

    @Override
    public void syntaxError(Recognizer<?, ?> recognizer, Object offendingSymbol, int line, int charPositionInLine,
            String message, RecognitionException e) {
        if (!syntaxErrorLines.add(line)) {
            return;
        }
        int length = 1;
        // End of line and end of file are shown as one caret past the line's last character.
        if (offendingSymbol instanceof Token token && token.getType() != Token.EOF
                && token.getType() != PolicyLexer.NEWLINE && token.getStopIndex() >= token.getStartIndex()) {
            length = token.getStopIndex() - token.getStartIndex() + 1;
        }
        add(line, charPositionInLine + 1, length, message);
    }

    /** Records an error of meaning (a bad selector, port or rule name) at {@code position}. */
    void meaningError(SourcePosition position, String message) {
        add(position.line(), position.column(), position.length(), message);
    }

    boolean hasSyntaxErrorOnLine(int line) {
        return syntaxErrorLines.contains(line);
    }

    /** All errors so far, ordered by line, then column. */
    List<PolicyError> errors() {
        List<PolicyError> sorted = new ArrayList<>(errors);
        sorted.sort(Comparator.comparingInt(PolicyError::line).thenComparingInt(PolicyError::column));
        return sorted;
    }

    private void add(int line, int column, int length, String message) {
        String lineText = line >= 1 && line <= lines.size() ? lines.get(line - 1) : "";
        errors.add(new PolicyError(sourceName, line, column, Math.max(1, length), message, lineText));
    }
}
