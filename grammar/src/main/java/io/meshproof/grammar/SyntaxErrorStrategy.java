package io.meshproof.grammar;

import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.DefaultErrorStrategy;
import org.antlr.v4.runtime.FailedPredicateException;
import org.antlr.v4.runtime.InputMismatchException;
import org.antlr.v4.runtime.NoViableAltException;
import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.misc.IntervalSet;

/**
 * ANTLR's recovery, with messages a policy author can act on instead of "mismatched input ... expecting
 * {...}". Every report is phrased from the set of tokens the parser could have accepted and the token it
 * found. A line that starts with neither {@code flow} nor {@code rule} is reported and skipped as a whole,
 * so one bad line never hides the errors of the lines after it.
 */
final class SyntaxErrorStrategy extends DefaultErrorStrategy {
    /** Characters of policy text quoted in a message at most. */
    private static final int MAX_QUOTED = 40;

    static final String SELECTOR_FORMS = "any, ns:NAME, pod:NS/NAME or ip:ADDR[/BITS]";

    @Override
    public void sync(Parser recognizer) {
        if (recognizer.getContext() instanceof PolicyParser.PolicyContext) {
            skipLineUnlessStatement(recognizer);
            return;
        }
        super.sync(recognizer);
    }

    @Override
    protected void reportNoViableAlternative(Parser recognizer, NoViableAltException e) {
        report(recognizer, e.getOffendingToken(), e.getExpectedTokens(), e);
    }

    @Override
    protected void reportInputMismatch(Parser recognizer, InputMismatchException e) {
        report(recognizer, e.getOffendingToken(), e.getExpectedTokens(), e);
    }

    @Override
    protected void reportFailedPredicate(Parser recognizer, FailedPredicateException e) {
        report(recognizer, e.getOffendingToken(), e.getExpectedTokens(), e);
    }

    @Override
    protected void reportUnwantedToken(Parser recognizer) {
        if (inErrorRecoveryMode(recognizer)) {
            return;
        }
        beginErrorCondition(recognizer);
        report(recognizer, recognizer.getCurrentToken(), getExpectedTokens(recognizer), null);
    }

    @Override
    protected void reportMissingToken(Parser recognizer) {
        if (inErrorRecoveryMode(recognizer)) {
            return;
        }
        beginErrorCondition(recognizer);
        report(recognizer, recognizer.getCurrentToken(), getExpectedTokens(recognizer), null);
    }

    private void skipLineUnlessStatement(Parser recognizer) {
        Token token = recognizer.getCurrentToken();
        int type = token.getType();
        if (type == PolicyLexer.FLOW || type == PolicyLexer.RULE || type == PolicyLexer.NEWLINE
                || type == Token.EOF) {
            return;
        }
        beginErrorCondition(recognizer);
        // IntervalSet.of(a, b) is a range, so the two types are added one by one.
        IntervalSet lineStarts = new IntervalSet(PolicyLexer.FLOW, PolicyLexer.RULE);
        report(recognizer, token, lineStarts, null);

        // The loop of "policy" goes on with the line break, as a blank line.
        while (recognizer.getInputStream().LA(1) != PolicyLexer.NEWLINE
                && recognizer.getInputStream().LA(1) != Token.EOF) {
            recognizer.consume();
        }
    }

    private static void report(Parser recognizer, Token found, IntervalSet expected, RecognitionException e) {
        recognizer.notifyErrorListeners(found, describe(found, expected), e);
    }

    /** Says what was expected where {@code found} stands, in the policy's words. */
    static String describe(Token found, IntervalSet expected) {
        String what = describeFound(found);
        int type = found.getType();
        if (type == PolicyLexer.BAD_CHAR) {
            return "unexpected character " + describeCharacter(found.getText());
        }
        if (expected.contains(PolicyLexer.MTLS)) {
            return "expected 'mtls', 'tls' or 'plaintext', found " + what;
        }
        if (expected.contains(PolicyLexer.NOT)) {
            return "expected 'be' or 'not be' after 'must', found " + what;
        }
        if (expected.contains(PolicyLexer.BE)) {
            return "expected 'be' after 'must not', found " + what;
        }
        if (expected.contains(PolicyLexer.SELECTOR)) {
            return describeMissingSelector(found, what);
        }
        if (expected.contains(PolicyLexer.FROM)) {
            return "expected 'from' after 'flow', found " + what;
        }
        if (expected.contains(PolicyLexer.TO)) {
            return isSelector(type) ? "missing 'to' before " + what : "expected 'to', found " + what;
        }
        if (expected.contains(PolicyLexer.MUST)) {
            return type == PolicyLexer.BE || type == PolicyLexer.NOT
                    ? "missing 'must' before " + what
                    : "expected 'port' or 'must', found " + what;
        }
        if (expected.contains(PolicyLexer.NUMBER)) {
            return "expected a port number after 'port', found " + what;
        }
        if (expected.contains(PolicyLexer.RULE_NAME)) {
            return "expected a rule name (letters, digits, '-', '_', '.') after 'rule', found " + what;
        }
        if (expected.contains(PolicyLexer.RULE_COLON)) {
            return "expected ':' after the rule name, found " + what;
        }
        if (expected.contains(PolicyLexer.RULE)) {
            return "expected 'flow' or 'rule' at the start of a line, found " + what;
        }
        if (expected.contains(PolicyLexer.FLOW)) {
            return "expected 'flow' or the end of the line after the rule label, found " + what;
        }
        if (expected.contains(PolicyLexer.NEWLINE)) {
            return "unexpected " + what + " after the end of the statement";
        }
        return "expected " + describeExpected(expected) + ", found " + what;
    }

    private static String describeMissingSelector(Token found, String what) {
        String message = "expected a selector (" + SELECTOR_FORMS + "), found " + what;
        if (found.getType() == PolicyLexer.WORD) {
            return message + "; a selector names its kind, as in 'ns:" + found.getText() + "'";
        }
        return message;
    }

    private static boolean isSelector(int type) {
        return type == PolicyLexer.SELECTOR || type == PolicyLexer.ANY;
    }

    private static String describeFound(Token token) {
        if (token.getType() == Token.EOF) {
            return "end of file";
        }
        if (token.getType() == PolicyLexer.NEWLINE) {
            return "end of line";
        }
        return quote(token.getText());
    }

    /** Text from the policy, quoted; a runaway token (a 100 KB selector) by its start, not pasted whole. */
    static String quote(String text) {
        return "'" + (text.length() > MAX_QUOTED ? text.substring(0, MAX_QUOTED) + "...'" : text + "'");
    }

    /**
     * A character quoted when it prints, by its code point when it does not (a byte order mark or a
     * zero-width space would otherwise show as an empty quote).
     */
    static String describeCharacter(String text) {
        int codePoint = text.codePointAt(0);
        boolean visible = !Character.isISOControl(codePoint) && !Character.isWhitespace(codePoint)
                && Character.getType(codePoint) != Character.FORMAT && Character.isDefined(codePoint)
                && Character.getType(codePoint) != Character.SPACE_SEPARATOR;
        String code = String.format(java.util.Locale.ROOT, "U+%04X", codePoint);
        String name = Character.getName(codePoint);
        if (visible) {
            return "'" + text + "'";
        }
        return code + (name == null ? "" : " (" + name.toLowerCase(java.util.Locale.ROOT) + ")");
    }

    private static String describeExpected(IntervalSet expected) {
        List<String> names = new ArrayList<>();
        for (int type : expected.toList()) {
            names.add(PolicyLexer.VOCABULARY.getDisplayName(type));
        }
        return String.join(" or ", names);
    }
}
