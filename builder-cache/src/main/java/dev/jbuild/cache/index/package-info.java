/**
 * The step cache: keys built from a step's definition and its inputs' checksums, records of the layers
 * they made (on disk, with an in-memory front), and the history that explains a miss.
 */
package dev.jbuild.cache.index;
