/**
 * The Dockerfile parser: ANTLR's grammar (generated into target/) read into instructions with
 * positions, parser directives and heredocs, exactly as BuildKit's parser accepts them.
 */
package dev.jbuild.grammar;
