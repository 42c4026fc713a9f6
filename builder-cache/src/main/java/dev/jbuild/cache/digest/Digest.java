package dev.jbuild.cache.digest;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.HexFormat;
import java.util.Objects;

/**
 * An OCI content digest such as {@code sha256:9f86d0…}: the algorithm and the lowercase
 * hex of the hash. It is validated on construction, so a {@code Digest} in hand is always
 * well formed; it serialises to and from its JSON string form.
 */
public record Digest(DigestAlgorithm algorithm, String hex) implements Comparable<Digest> {

    private static final HexFormat HEX = HexFormat.of();

    public Digest {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(hex, "hex");
        if (hex.length() != algorithm.hexLength()) {
            throw new IllegalArgumentException("a " + algorithm.ociName() + " digest has " + algorithm.hexLength()
                    + " hex digits, got " + hex.length() + " in '" + hex + "'");
        }
        for (int i = 0; i < hex.length(); i++) {
            char c = hex.charAt(i);
            // Lowercase only: the same digest must have one spelling, or file names and map keys split.
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                throw new IllegalArgumentException("digest '" + hex + "' has a character that is not lowercase hex: '" + c + "'");
            }
        }
    }

    /** Parses {@code algorithm:hex}, the form used in manifests, URLs and file names. */
    @JsonCreator
    public static Digest parse(String text) {
        Objects.requireNonNull(text, "digest text");
        int colon = text.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("not a digest (expected algorithm:hex): '" + text + "'");
        }
        return new Digest(DigestAlgorithm.fromOciName(text.substring(0, colon)), text.substring(colon + 1));
    }

    /** The digest of a finished hash computation. */
    public static Digest of(DigestAlgorithm algorithm, byte[] hash) {
        return new Digest(algorithm, HEX.formatHex(hash));
    }

    /** The SHA-256 digest of these bytes; for small documents such as manifests and configs. */
    public static Digest sha256(byte[] content) {
        return of(DigestAlgorithm.SHA256, DigestAlgorithm.SHA256.newMessageDigest().digest(content));
    }

    @JsonValue
    @Override
    public String toString() {
        return algorithm.ociName() + ":" + hex;
    }

    @Override
    public int compareTo(Digest other) {
        int byAlgorithm = algorithm.compareTo(other.algorithm);
        return byAlgorithm != 0 ? byAlgorithm : hex.compareTo(other.hex);
    }
}
