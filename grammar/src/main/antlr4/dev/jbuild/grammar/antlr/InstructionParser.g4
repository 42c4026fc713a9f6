/* A logical line: keyword, builder flags, argument text. */
parser grammar InstructionParser;

options { tokenVocab = InstructionLexer; }


instruction
    : keyword flag* argumentText? EOF
    ;

keyword
    : ADD | ARG | CMD | COPY | ENTRYPOINT | ENV | EXPOSE | FROM | HEALTHCHECK | LABEL
    | MAINTAINER | ONBUILD | RUN | SHELL | STOPSIGNAL | USER | VOLUME | WORKDIR | UNKNOWN
    ;

flag
    : FLAG
    ;

argumentText
    : ARGUMENT_TEXT
    ;
