/**
 * SSH agent forwarding for {@code RUN --mount=type=ssh}: the agent sockets a build was given with
 * {@code --ssh ID=SOCKET}, and agents started for the build when it was given key files
 * ({@link dev.jbuild.core.ssh.SshAgents}).
 */
package dev.jbuild.core.ssh;
