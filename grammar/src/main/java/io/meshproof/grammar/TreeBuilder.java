package io.meshproof.grammar;

import io.meshproof.grammar.facts.Cidr;
import io.meshproof.grammar.tree.Policy;
import io.meshproof.grammar.tree.Requirement;
import io.meshproof.grammar.tree.Selector;
import io.meshproof.grammar.tree.SourcePosition;
import io.meshproof.grammar.tree.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.misc.Interval;

/**
 * Turns the parse tree into the typed tree and checks what the grammar cannot: selector kinds and values,
 * port ranges, rule names. Lines with a syntax error are skipped, since their tree is ANTLR's guess; every
 * other line is checked, so that one run reports every error of a source.
 */
final class TreeBuilder extends PolicyParserBaseVisitor<Optional<Selector>> {
    // Kubernetes namespace names are DNS-1123 labels; any other ns: name could never match.
    private static final Pattern NAMESPACE_NAME = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final int MAX_NAMESPACE_LENGTH = 63;
    private static final int MIN_PORT = 1;
    private static final int MAX_PORT = 65535;

    private final String sourceName;
    private final ErrorCollector errors;
    private final List<Statement> statements = new ArrayList<>();
    private final Map<String, Integer> ruleNameLines = new HashMap<>();
    private Token pendingLabel;

    TreeBuilder(String sourceName, ErrorCollector errors) {
        this.sourceName = sourceName;
        this.errors = errors;
    }

    /** Builds the policy; the result is meaningful only when the collector holds no errors afterwards. */
    Policy build(PolicyParser.PolicyContext tree) {
        for (PolicyParser.LineContext line : tree.line()) {
            if (line instanceof PolicyParser.EntryLineContext entryLine && entryLine.content != null) {
                buildEntry(entryLine.content);
            }
        }
        if (pendingLabel != null) {
            errors.meaningError(positionOf(pendingLabel),
                    "rule " + SyntaxErrorStrategy.quote(pendingLabel.getText()) + " is not followed by a statement");
        }
        return new Policy(sourceName, statements);
    }

    private void buildEntry(PolicyParser.EntryContext entry) {
        if (errors.hasSyntaxErrorOnLine(entry.getStart().getLine())) {
            pendingLabel = null;
            return;
        }
        if (entry instanceof PolicyParser.LabelledEntryContext labelled) {
            Token name = labelled.label.name;
            checkRuleName(name);
            if (labelled.body == null) {
                holdLabel(name);
                return;
            }
            buildStatement(Optional.of(name.getText()), labelled.body);
        } else if (entry instanceof PolicyParser.PlainEntryContext plain) {
            Optional<String> name = Optional.ofNullable(pendingLabel).map(Token::getText);
            pendingLabel = null;
            buildStatement(name, plain.body);
        }
    }

    private void holdLabel(Token name) {
        if (pendingLabel != null) {
            errors.meaningError(positionOf(pendingLabel), "rule " + SyntaxErrorStrategy.quote(pendingLabel.getText())
                    + " is not followed by a statement; another rule label comes first");
        }
        pendingLabel = name;
    }

    private void checkRuleName(Token name) {
        Integer firstLine = ruleNameLines.putIfAbsent(name.getText(), name.getLine());
        if (firstLine != null) {
            errors.meaningError(positionOf(name),
                    "duplicate rule name " + SyntaxErrorStrategy.quote(name.getText()) + "; it is first used on line "
                            + firstLine);
        }
    }

    private void buildStatement(Optional<String> name, PolicyParser.StatementContext ctx) {
        Optional<Selector> from = visit(ctx.source);
        Optional<Selector> to = visit(ctx.destination);
        OptionalInt port = ctx.portClause() == null ? OptionalInt.empty() : checkPort(ctx.portClause().number);
        Optional<Requirement> requirement = checkRequirement(ctx.requirement());
        if (from.isEmpty() || to.isEmpty() || requirement.isEmpty()
                || (ctx.portClause() != null && port.isEmpty())) {
            return;
        }
        Token start = ctx.getStart();
        Token stop = ctx.getStop();
        String text = start.getInputStream().getText(Interval.of(start.getStartIndex(), stop.getStopIndex()));
        SourcePosition position = new SourcePosition(start.getLine(), start.getCharPositionInLine() + 1,
                stop.getStopIndex() - start.getStartIndex() + 1);
        boolean proven = ctx.requirement().level instanceof PolicyParser.MtlsProtectionContext mtls
                && mtls.strength != null;
        statements.add(new Statement(statements.size(), name, text, position, from.get(), to.get(), port,
                requirement.get(), proven));
    }

    private OptionalInt checkPort(Token number) {
        String digits = number.getText();
        // More than five digits cannot be a port, and may not fit an int either.
        int port = digits.length() > 5 ? Integer.MAX_VALUE : Integer.parseInt(digits);
        if (port < MIN_PORT || port > MAX_PORT) {
            errors.meaningError(positionOf(number),
                    "port " + digits + " is out of range " + MIN_PORT + ".." + MAX_PORT);
            return OptionalInt.empty();
        }
        return OptionalInt.of(port);
    }

    private Optional<Requirement> checkRequirement(PolicyParser.RequirementContext ctx) {
        PolicyParser.ProtectionContext level = ctx.level;
        boolean negated = ctx.negation != null;
        if (level instanceof PolicyParser.PlaintextProtectionContext) {
            return Optional.of(negated ? Requirement.NOT_PLAINTEXT : Requirement.PLAINTEXT);
        }
        if (negated) {
            errors.meaningError(positionOf(level.getStart()),
                    "expected 'plaintext' after 'must not be', found " + SyntaxErrorStrategy.quote(level.getText()));
            return Optional.empty();
        }
        return Optional.of(level instanceof PolicyParser.MtlsProtectionContext ? Requirement.MTLS : Requirement.TLS);
    }

    @Override
    public Optional<Selector> visitAnySelector(PolicyParser.AnySelectorContext ctx) {
        return Optional.of(new Selector.Any(positionOf(ctx.getStart())));
    }

    @Override
    public Optional<Selector> visitKindSelector(PolicyParser.KindSelectorContext ctx) {
        Token token = ctx.kind;
        String text = token.getText();
        int colon = text.indexOf(':');
        String kind = text.substring(0, colon);
        String value = text.substring(colon + 1);
        SourcePosition whole = positionOf(token);
        SourcePosition valuePosition = new SourcePosition(whole.line(), whole.column() + colon + 1,
                Math.max(1, value.length()));
        return switch (kind) {
            case "ns" -> buildNamespace(value, whole, valuePosition);
            case "pod" -> buildPod(value, whole, valuePosition);
            case "ip" -> buildAddress(value, whole, valuePosition);
            default -> {
                errors.meaningError(new SourcePosition(whole.line(), whole.column(), kind.length()),
                        "unknown selector kind " + SyntaxErrorStrategy.quote(kind + ":")
                                + "; the kinds are any, ns:, pod: and ip:");
                yield Optional.empty();
            }
        };
    }

    private Optional<Selector> buildNamespace(String name, SourcePosition whole, SourcePosition valuePosition) {
        if (name.isEmpty()) {
            errors.meaningError(valuePosition, "empty namespace name in 'ns:'");
            return Optional.empty();
        }
        if (!NAMESPACE_NAME.matcher(name).matches() || name.length() > MAX_NAMESPACE_LENGTH) {
            errors.meaningError(valuePosition, SyntaxErrorStrategy.quote(name) + " is not a namespace name (at most "
                    + MAX_NAMESPACE_LENGTH + " lower-case letters, digits and inner '-'); for patterns use pod:NS/*");
            return Optional.empty();
        }
        return Optional.of(new Selector.Namespace(name, whole));
    }

    private Optional<Selector> buildPod(String value, SourcePosition whole, SourcePosition valuePosition) {
        int slash = value.indexOf('/');
        if (slash < 0 || value.indexOf('/', slash + 1) >= 0) {
            errors.meaningError(valuePosition, "expected NAMESPACE/NAME after 'pod:', found "
                    + SyntaxErrorStrategy.quote(value));
            return Optional.empty();
        }
        String namespaceGlob = value.substring(0, slash);
        String nameGlob = value.substring(slash + 1);
        if (namespaceGlob.isEmpty()) {
            errors.meaningError(new SourcePosition(valuePosition.line(), valuePosition.column(), 1),
                    "empty namespace name in " + SyntaxErrorStrategy.quote("pod:" + value));
            return Optional.empty();
        }
        if (nameGlob.isEmpty()) {
            errors.meaningError(new SourcePosition(valuePosition.line(), valuePosition.column() + slash, 1),
                    "empty pod name in " + SyntaxErrorStrategy.quote("pod:" + value));
            return Optional.empty();
        }
        return Optional.of(new Selector.Pod(namespaceGlob, nameGlob, whole));
    }

    private Optional<Selector> buildAddress(String block, SourcePosition whole, SourcePosition valuePosition) {
        try {
            return Optional.of(new Selector.Address(block, Cidr.parse(block), whole));
        } catch (IllegalArgumentException e) {
            errors.meaningError(valuePosition, e.getMessage());
            return Optional.empty();
        }
    }

    private static SourcePosition positionOf(Token token) {
        int length = Math.max(1, token.getStopIndex() - token.getStartIndex() + 1);
        return new SourcePosition(token.getLine(), token.getCharPositionInLine() + 1, length);
    }
}
