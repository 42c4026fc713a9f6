/**
 * The {@code jbuild} command line: picocli commands that parse flags into core's requests, render
 * progress (tty, plain, rawjson) and map failures to exit statuses.
 */
package dev.jbuild.cli;
