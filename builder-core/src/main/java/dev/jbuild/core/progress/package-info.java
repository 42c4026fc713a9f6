/**
 * What a build reports as it goes ({@link dev.jbuild.core.progress.BuildEvent}), and BuildKit's plain
 * renderer of it, which the CLI and the Maven plugin share.
 */
package dev.jbuild.core.progress;
