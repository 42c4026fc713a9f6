/*
 * The exec (JSON array) form of RUN, CMD, ENTRYPOINT, SHELL, ADD, COPY and VOLUME: strict
 * JSON, as Go's encoding/json reads it. A text that does not match is not an error: the
 * instruction falls back to its shell form. A well-formed array holding anything but
 * strings is an error (InstructionRules checks the element types).
 */
grammar ExecForm;

execForm
    : array EOF
    ;

array
    : '[' (value (',' value)*)? ']'
    ;

value
    : STRING   # stringValue
    | NUMBER   # otherValue
    | object   # otherValue
    | array    # otherValue
    | 'true'   # otherValue
    | 'false'  # otherValue
    | 'null'   # otherValue
    ;

object
    : '{' (member (',' member)*)? '}'
    ;

member
    : STRING ':' value
    ;

STRING : '"' (ESCAPE | ~["\\\u0000-\u001F])* '"' ;

NUMBER : '-'? ('0' | [1-9] [0-9]*) ('.' [0-9]+)? ([eE] [+-]? [0-9]+)? ;

JSON_SPACE : [ \t\n\r]+ -> skip ;

fragment ESCAPE : '\\' (["\\/bfnrt] | 'u' HEX HEX HEX HEX) ;

fragment HEX : [0-9a-fA-F] ;
