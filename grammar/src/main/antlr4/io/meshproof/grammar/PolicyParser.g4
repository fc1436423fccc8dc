/*
 * The meshproof policy language, first cut. Line-oriented: one statement per line, an optional
 * "rule NAME:" label on the same line or on a line of its own before the statement.
 *
 *     rule foo-only-mtls:
 *         flow from any to ns:foo must be mtls
 *     flow from pod:foo/sleep-* to ip:10.244.1.0/24 port 443 must be tls
 *     flow from ns:foo to ns:foo must be mtls proven
 *
 * Selectors lex as one generic SELECTOR token (KIND ':' VALUE); the tree builder checks the kind and
 * the value, so that "svc:x" gets a message naming the kinds that exist rather than a token error.
 * Every line, the last one too, ends in NEWLINE: the caller appends one when the text lacks it.
 * No token admits a quote or a backslash, so policy text can never close a DRL string literal.
 */
parser grammar PolicyParser;

options {
    tokenVocab = PolicyLexer;
}

policy
    : line* EOF
    ;

line
    : content=entry NEWLINE   # entryLine
    | NEWLINE                 # blankLine
    ;

entry
    : label=ruleLabel body=statement?   # labelledEntry
    | body=statement                    # plainEntry
    ;

ruleLabel
    : RULE name=RULE_NAME RULE_COLON
    ;

statement
    : FLOW FROM source=selector TO destination=selector portClause? requirement
    ;

selector
    : ANY             # anySelector
    | kind=SELECTOR   # kindSelector
    ;

portClause
    : PORT number=NUMBER
    ;

requirement
    : MUST negation=NOT? BE level=protection
    ;

protection
    : MTLS strength=PROVEN?   # mtlsProtection
    | TLS                     # tlsProtection
    | PLAINTEXT               # plaintextProtection
    ;
