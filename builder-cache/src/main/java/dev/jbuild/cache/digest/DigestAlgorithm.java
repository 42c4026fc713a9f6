package dev.jbuild.cache.digest;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A content digest algorithm that OCI registries and image layouts accept, with the
 * JCA name used to compute it and the length of its lowercase hex encoding.
 */
public enum DigestAlgorithm {
    SHA256("sha256", "SHA-256", 64),
    SHA512("sha512", "SHA-512", 128);

    private final String ociName;
    private final String jcaName;
    private final int hexLength;

    DigestAlgorithm(String ociName, String jcaName, int hexLength) {
        this.ociName = ociName;
        this.jcaName = jcaName;
        this.hexLength = hexLength;
    }

    /** The name as written before the colon in {@code sha256:…}. */
    public String ociName() {
        return ociName;
    }

    public int hexLength() {
        return hexLength;
    }

    public MessageDigest newMessageDigest() {
        try {
            return MessageDigest.getInstance(jcaName);
        } catch (NoSuchAlgorithmException e) {
            // Every Java SE runtime must ship SHA-256 and SHA-512.
            throw new IllegalStateException("the JVM lacks " + jcaName, e);
        }
    }

    /** The algorithm with this OCI name; rejects names jbuild cannot compute. */
    public static DigestAlgorithm fromOciName(String name) {
        for (DigestAlgorithm algorithm : values()) {
            if (algorithm.ociName.equals(name)) {
                return algorithm;
            }
        }
        throw new IllegalArgumentException("unsupported digest algorithm '" + name + "' (supported: sha256, sha512)");
    }
}
