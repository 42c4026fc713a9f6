package dev.jbuild.core.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jbuild.cache.digest.Digest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LayerChainTest {

    // diff_ids of made-up layers: the sha256 of "a", "b" and "c".
    private static final Digest A = Digest.sha256("a".getBytes(StandardCharsets.US_ASCII));
    private static final Digest B = Digest.sha256("b".getBytes(StandardCharsets.US_ASCII));
    private static final Digest C = Digest.sha256("c".getBytes(StandardCharsets.US_ASCII));

    @Test
    void theChainIdOfOneLayerIsItsDiffId() {
        assertEquals(A, LayerChain.of(A).chainId());
    }

    @Test
    void eachLayerAboveHashesTheChainBelowASpaceAndItsDiffId() {
        // Expected values computed with: printf 'sha256:<hex> sha256:<hex>' | sha256sum
        assertEquals(Digest.parse("sha256:51c0c8ace48498d6f5fee6b0592cc06f2da0f3cbe09c5a34a97dce85c3889676"),
                LayerChain.of(A, B).chainId());
        assertEquals(Digest.parse("sha256:2fce7f8ce91bcf0a1428b36e1024639fdbd9469eea762dba98aa749631885106"),
                LayerChain.of(A, B, C).chainId());
        assertEquals(LayerChain.of(A, B, C), LayerChain.of(A).append(B).append(C));
        assertEquals(LayerChain.of(A, B), LayerChain.of(A, B, C).prefix(2));
    }

    @Test
    void scratchHasNoChainId() {
        assertThrows(IllegalStateException.class, LayerChain.EMPTY::chainId);
    }
}
