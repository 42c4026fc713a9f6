/**
 * Tar archives read and written entry by entry: PAX headers, long names, numeric owners, xattrs,
 * sparse files.
 */
package dev.jbuild.core.tar;
