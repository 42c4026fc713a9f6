/**
 * The build API: a {@link dev.jbuild.core.build.BuildRequest} made with a builder, and {@link
 * dev.jbuild.core.build.ImageBuilder}, which checks, plans, solves, assembles, tags and exports; the
 * CLI and the Maven plugin are thin layers over it.
 */
package dev.jbuild.core.build;
