/* A Dockerfile is a sequence of logical lines, each possibly followed by heredoc bodies. */
parser grammar DockerfileLinesParser;

options { tokenVocab = DockerfileLinesLexer; }

dockerfile
    : instruction* EOF
    ;

instruction
    : content* EOL heredoc*   // a lone false continuation (` at a line start) is an EOL with text
    ;

content
    : TEXT
    | SINGLE_CHAR
    | CONTINUATION
    ;

heredoc
    : HEREDOC_LINE* HEREDOC_END
    ;
