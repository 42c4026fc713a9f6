/**
 * The instruction layer: turns a parsed {@link dev.jbuild.grammar.Dockerfile} into typed, immutable
 * commands grouped in build stages, checking what BuildKit checks before any image is resolved,
 * and runs the Dockerfile build checks (the rules and findings are in {@code grammar.lint}). Words in commands are kept as written, quotes
 * and {@code $VARIABLES} included: they mean something only once the planner expands them with
 * the variables of their stage.
 */
package dev.jbuild.grammar.instruction;
