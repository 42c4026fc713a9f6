package dev.jbuild.core.snapshot;

import dev.jbuild.cache.digest.Digest;
import dev.jbuild.cache.digest.DigestAlgorithm;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * A stack of layers by their {@code diff_id}s, bottom first, and its OCI ChainID: the
 * ChainID of one layer is its diff_id, and each layer above makes
 * {@code sha256(parentChainId + " " + diffId)}. Equal ChainIDs mean equal filesystems, so
 * the ChainID names a materialised root; the empty chain (scratch) has none.
 */
public record LayerChain(List<Digest> diffIds) {

    public static final LayerChain EMPTY = new LayerChain(List.of());

    /**
     * Each "parentChainId diffId" hashed so far in this process, to its ChainID: preparing a
     * step of an n-layer stack asks for the ChainID of every prefix, which would hash about
     * n²/2 times per step; a build's chains share their prefixes, so the map stays as small as
     * the layers the process has seen.
     */
    private static final ConcurrentMap<String, Digest> STEPS = new ConcurrentHashMap<>();

    public LayerChain {
        diffIds = List.copyOf(diffIds);
    }

    public static LayerChain of(Digest... diffIds) {
        return new LayerChain(List.of(diffIds));
    }

    public boolean isEmpty() {
        return diffIds.isEmpty();
    }

    public int size() {
        return diffIds.size();
    }

    /** The ChainID of the whole stack; the empty chain has none. */
    public Digest chainId() {
        if (diffIds.isEmpty()) {
            throw new IllegalStateException("the empty layer chain (scratch) has no ChainID");
        }
        Digest chain = diffIds.get(0);
        for (int i = 1; i < diffIds.size(); i++) {
            chain = STEPS.computeIfAbsent(chain + " " + diffIds.get(i), LayerChain::sha256);
        }
        return chain;
    }

    private static Digest sha256(String step) {
        MessageDigest sha256 = DigestAlgorithm.SHA256.newMessageDigest();
        sha256.update(step.getBytes(StandardCharsets.US_ASCII));
        return Digest.of(DigestAlgorithm.SHA256, sha256.digest());
    }

    /** This chain with one more layer on top. */
    public LayerChain append(Digest diffId) {
        Objects.requireNonNull(diffId, "diff_id");
        List<Digest> longer = new ArrayList<>(diffIds);
        longer.add(diffId);
        return new LayerChain(longer);
    }

    /** The bottom {@code length} layers. */
    public LayerChain prefix(int length) {
        if (length < 0 || length > diffIds.size()) {
            throw new IndexOutOfBoundsException("prefix of " + length + " layers of a chain of " + diffIds.size());
        }
        return new LayerChain(diffIds.subList(0, length));
    }

    @Override
    public String toString() {
        return diffIds.isEmpty() ? "scratch" : chainId() + " (" + diffIds.size() + " layers)";
    }
}
