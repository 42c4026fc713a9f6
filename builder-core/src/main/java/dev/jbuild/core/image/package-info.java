/**
 * OCI image types: manifests, indexes, configs, descriptors, platforms and media types, read and
 * written as JSON.
 */
package dev.jbuild.core.image;
