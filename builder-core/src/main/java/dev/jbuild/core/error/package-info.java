/**
 * How a build fails: {@link dev.jbuild.core.error.BuildException} carries the instruction it
 * stopped at (its Dockerfile range and text) and a failed command's output tail;
 * {@link dev.jbuild.core.error.BuildCanceledException} is a build stopped by an interrupt.
 */
package dev.jbuild.core.error;
