// The recipe expression language of qc: one grammar for selectors, number formats, codec chains, constraints,
// calibrators, metrics and sizes with units. specs/expressions.md describes it for users; grammar/README.md says how
// the C# parser is generated. Alternatives of `expr` are listed from the tightest binding to the loosest.
grammar QcExpr;

// One expression and nothing after it.
expression
    : expr EOF
    ;

expr
    : primary                                                   # primaryExpr
    | expr DOT IDENT                                            # memberExpr
    | expr LBRACK expr RBRACK                                   # indexExpr
    | MINUS expr                                                # negateExpr
    | expr op=(STAR | SLASH) expr                               # multiplicativeExpr
    | expr op=(PLUS | MINUS) expr                               # additiveExpr
    | expr op=(EQ | NE | LT | LE | GT | GE | MATCH | NOMATCH) expr  # comparisonExpr
    | expr NOT? IN expr                                         # inExpr
    | NOT expr                                                  # notExpr
    | expr AND expr                                             # andExpr
    | expr OR expr                                              # orExpr
    | expr PIPE expr                                            # pipeExpr
    ;

primary
    : IDENT LPAREN (argument (COMMA argument)* COMMA?)? RPAREN  # callPrimary
    | NUMBER COLON NUMBER                                       # patternPrimary
    | NUMBER                                                    # numberPrimary
    | STRING                                                    # stringPrimary
    | (TRUE | FALSE)                                            # boolPrimary
    | IDENT                                                     # namePrimary
    | LBRACK (expr (COMMA expr)* COMMA?)? RBRACK                # listPrimary
    | LPAREN expr RPAREN                                        # parenPrimary
    ;

argument
    : (IDENT ASSIGN)? expr
    ;

// Keywords come before IDENT so that they win ties.
AND     : 'and' ;
OR      : 'or' ;
NOT     : 'not' ;
IN      : 'in' ;
TRUE    : 'true' ;
FALSE   : 'false' ;

PIPE    : '|>' ;
EQ      : '==' ;
NE      : '!=' ;
LE      : '<=' ;
GE      : '>=' ;
LT      : '<' ;
GT      : '>' ;
NOMATCH : '!~' ;
MATCH   : '~' ;
ASSIGN  : '=' ;
PLUS    : '+' ;
MINUS   : '-' ;
STAR    : '*' ;
SLASH   : '/' ;
LPAREN  : '(' ;
RPAREN  : ')' ;
LBRACK  : '[' ;
RBRACK  : ']' ;
COMMA   : ',' ;
DOT     : '.' ;
COLON   : ':' ;

// A number with an optional unit glued to it: 256, 0.15, 1e-3, 10k, 4MiB, 1%.
NUMBER  : DIGITS ('.' DIGITS)? EXPONENT? (UNIT | '%')? ;
IDENT   : [a-zA-Z_] [a-zA-Z0-9_]* ;
STRING  : '"' (ESCAPE | ~["\\\r\n])* '"'
        | '\'' (ESCAPE | ~['\\\r\n])* '\''
        ;
// A string without its closing quote; the parser reports it rather than failing on the characters after it.
UNTERMINATED_STRING
        : '"' (ESCAPE | ~["\\\r\n])*
        | '\'' (ESCAPE | ~['\\\r\n])*
        ;
WS      : [ \t\r\n]+ -> skip ;
// Any other character; reported as an unexpected character.
ERROR_CHAR : . ;

fragment DIGITS   : [0-9]+ ;
fragment EXPONENT : [eE] [+-]? DIGITS ;
fragment UNIT     : [a-zA-Z]+ ;
fragment ESCAPE   : '\\' . ;
