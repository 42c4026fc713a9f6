/**
 * The content-addressed blob store on disk: blobs named by their sha256, written beside their place
 * and verified before they are named.
 */
package dev.jbuild.cache.blob;
