/**
 * The copy engine behind COPY and ADD: selected sources written into a stage's root with
 * Docker's destination, ownership and mode rules, and ADD's unpacking of local tar archives
 * ({@link dev.jbuild.core.copy.FileCopier}).
 */
package dev.jbuild.core.copy;
