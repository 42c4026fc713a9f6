/**
 * Platform names shared by the Dockerfile front end and the builder: the one table that turns
 * an architecture's aliases and the JVM's {@code os.arch} into OCI names. It lives here because
 * the grammar module depends on nothing of the builder, while the builder depends on it.
 */
package dev.jbuild.grammar.platform;
