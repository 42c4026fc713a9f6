/**
 * Sandboxes that run RUN steps: unshare, bubblewrap and OCI runtimes, with their user namespace id
 * mapping, mounts, seccomp filter, /proc protection and the host probes that choose one.
 */
package dev.jbuild.core.exec;
