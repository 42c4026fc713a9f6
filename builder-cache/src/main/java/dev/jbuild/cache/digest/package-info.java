/**
 * Content digests ({@code sha256:…}) as OCI names blobs, and the streams that compute them while bytes
 * pass.
 */
package dev.jbuild.cache.digest;
