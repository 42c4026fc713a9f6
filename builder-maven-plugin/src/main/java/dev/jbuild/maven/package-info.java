/**
 * The jbuild Maven plugin: goals that build a module's Dockerfile with core's {@code ImageBuilder}
 * inside the Maven JVM ({@code build}, {@code push}, {@code buildTar}) or only check it
 * ({@code check}); parameters mirror {@code jbuild build}'s flags, logins come from
 * {@code settings.xml} then Docker's config, and progress is BuildKit's plain log in Maven's.
 */
package dev.jbuild.maven;
