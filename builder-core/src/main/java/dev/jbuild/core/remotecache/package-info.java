/**
 * Sharing the build cache between machines ({@code --cache-to}, {@code --cache-from}): where a
 * shared cache lives (a registry reference or an OCI layout directory), exporting the records
 * and layers a build used as one OCI manifest, and importing one lazily.
 */
package dev.jbuild.core.remotecache;
