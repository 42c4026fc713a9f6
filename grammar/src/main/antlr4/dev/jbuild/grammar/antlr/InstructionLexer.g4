/*
 * One logical line (continuations already joined): the keyword, the builder flags
 * (--name=value words, which come before the arguments in every instruction) and the
 * argument text. The argument text is split by the rule of its instruction
 * (exec form, words, name=value pairs) in InstructionRules, as BuildKit does.
 */
lexer grammar InstructionLexer;

options { caseInsensitive = true; }

ADD         : 'add'         -> pushMode(FLAGS) ;
ARG         : 'arg'         -> pushMode(FLAGS) ;
CMD         : 'cmd'         -> pushMode(FLAGS) ;
COPY        : 'copy'        -> pushMode(FLAGS) ;
ENTRYPOINT  : 'entrypoint'  -> pushMode(FLAGS) ;
ENV         : 'env'         -> pushMode(FLAGS) ;
EXPOSE      : 'expose'      -> pushMode(FLAGS) ;
FROM        : 'from'        -> pushMode(FLAGS) ;
HEALTHCHECK : 'healthcheck' -> pushMode(FLAGS) ;
LABEL       : 'label'       -> pushMode(FLAGS) ;
MAINTAINER  : 'maintainer'  -> pushMode(FLAGS) ;
ONBUILD     : 'onbuild'     -> pushMode(FLAGS) ;
RUN         : 'run'         -> pushMode(FLAGS) ;
SHELL       : 'shell'       -> pushMode(FLAGS) ;
STOPSIGNAL  : 'stopsignal'  -> pushMode(FLAGS) ;
USER        : 'user'        -> pushMode(FLAGS) ;
VOLUME      : 'volume'      -> pushMode(FLAGS) ;
WORKDIR     : 'workdir'     -> pushMode(FLAGS) ;

// Anything else up to the first ASCII blank is an unknown keyword: BuildKit's parser keeps it
// and leaves the complaint to the instruction layer.
UNKNOWN     : ~[ \t\u000B\f\r]+ -> pushMode(FLAGS) ;

// Only reached when the logical line is blank after the keyword split.
KEYWORD_SPACE : [ \t\u000B\f\r]+ -> skip ;

mode FLAGS;

FLAG_SPACE : WS_CHAR+ -> skip ;

// A lone "--" ends the flags; what follows is argument text even when it starts with "--".
END_OF_FLAGS : '--' (WS_CHAR+ | EOF) -> skip, mode(ARGUMENTS) ;

FLAG : '--' FLAG_PART+ ;

ARGUMENT_TEXT : (~[-\t\n\u000B\f\r \u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000] | '-' ~[-]) ANY* | '-' ;

fragment FLAG_PART
    : ~[ \t\n\u000B\f\r\u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000'"\\]
    | '\\' ANY?
    // an unclosed quote runs to the end of the line
    | '\'' (~['\\] | '\\' ANY?)* ('\'' | EOF)
    | '"' (~["\\] | '\\' ANY?)* ('"' | EOF)
    ;

fragment WS_CHAR
    : [ \t\n\u000B\f\r\u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]
    ;

fragment ANY : [\u0000-\u{10FFFF}] ;

mode ARGUMENTS;

ARGUMENTS_SPACE : WS_CHAR+ -> skip ;

REST_TEXT : ~[ \t\n\u000B\f\r\u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000] ANY* -> type(ARGUMENT_TEXT) ;
