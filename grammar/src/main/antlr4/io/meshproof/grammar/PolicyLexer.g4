/* Tokens of the meshproof policy language; see PolicyParser.g4 for the language itself. */
lexer grammar PolicyLexer;

// A rule name may be a keyword ("rule tls:") and ends in the ':' a selector would swallow, so it is
// lexed in a mode of its own, from 'rule' to the colon or the end of the line.
RULE      : 'rule' -> pushMode(RULE_NAME_MODE) ;
FLOW      : 'flow' ;
FROM      : 'from' ;
TO        : 'to' ;
PORT      : 'port' ;
MUST      : 'must' ;
NOT       : 'not' ;
BE        : 'be' ;
ANY       : 'any' ;
MTLS      : 'mtls' ;
TLS       : 'tls' ;
PLAINTEXT : 'plaintext' ;
PROVEN    : 'proven' ;

NUMBER : [0-9]+ ;

// KIND ':' VALUE; the value may be empty ("ns:") so that the checker can say what is missing.
SELECTOR : [a-zA-Z]+ ':' SELECTOR_CHAR* ;

// A word that is no keyword: a misspelt keyword, or a selector written without its kind.
WORD : WORD_CHAR+ ;

NEWLINE : '\r'? '\n' | '\r' ;
COMMENT : '#' ~[\r\n]* -> skip ;
SPACE   : [ \t]+ -> skip ;

// Anything else (quotes, semicolons, ...) is one token of its own, so the parser reports it in place.
BAD_CHAR : . ;

fragment SELECTOR_CHAR : [a-zA-Z0-9_.*?/:\-] ;
fragment WORD_CHAR     : [a-zA-Z0-9_.*?/\-] ;

mode RULE_NAME_MODE;

RULE_NAME    : [a-zA-Z0-9_.\-]+ ;
RULE_COLON   : ':' -> popMode ;
NAME_NEWLINE : ('\r'? '\n' | '\r') -> type(NEWLINE), popMode ;
NAME_COMMENT : '#' ~[\r\n]* -> skip ;
NAME_SPACE   : [ \t]+ -> skip ;
NAME_BAD     : . -> type(BAD_CHAR) ;
