/**
 * Compression streams: parallel gzip and helpers that keep a wrapped stream open.
 */
package dev.jbuild.core.compress;
