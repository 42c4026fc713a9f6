/**
 * The shell-word expander of Dockerfile instructions: quotes, escapes and {@code $VAR}, {@code
 * ${VAR:-x}}, {@code ${VAR#p}} forms as BuildKit's shell lexer reads them.
 */
package dev.jbuild.grammar.shell;
