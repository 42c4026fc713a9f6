/**
 * The vocabulary of build checks: the rules as BuildKit names them ({@link dev.jbuild.grammar.lint.LintRule}),
 * a finding, the {@code # check=} options and the collector the instruction layer reports to.
 * The checks themselves run where the instructions are read ({@code grammar.instruction}).
 */
package dev.jbuild.grammar.lint;
