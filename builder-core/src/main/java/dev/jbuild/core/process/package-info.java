/**
 * Child processes on the host ({@link dev.jbuild.core.process.HostCommand}): credential helpers,
 * probes, tar, cp, ssh-add, id-map tools. Every one has a deadline, and its output is pumped while
 * it runs, so a helper that hangs or floods its pipes cannot hang the build.
 */
package dev.jbuild.core.process;
