/**
 * Go's behaviour where BuildKit's results depend on it: {@code strconv} number and quote syntax,
 * {@code time.ParseDuration}, and {@code encoding/csv} records (the {@code key=value,…} fields of
 * {@code --mount}, {@code --output}, {@code --secret}). Depends on nothing else in jbuild.
 */
package dev.jbuild.grammar.golang;
