package dev.jbuild.core.memo;

/**
 * A 128-bit hash of text for memo file names and tree signatures: two 64-bit FNV-1a style lanes
 * with different primes, mixed at the end. Not a cryptographic digest: it only has to tell one
 * stat listing from another, and asking the JDK for SHA-256 would cost the fast path the start of
 * its security providers, which is most of its work.
 */
final class ListingHash {

    private long low = 0xcbf29ce484222325L;
    private long high = 0x84222325cbf29ce4L;

    void add(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            low = (low ^ c) * 0x100000001b3L;
            high = (high ^ c) * 0x9e3779b97f4a7c15L;
            high ^= high >>> 29;
        }
    }

    /** The hash as 32 lowercase hex digits. */
    String hex() {
        StringBuilder out = new StringBuilder(32);
        hex(out, mix(low ^ Long.rotateLeft(high, 17)));
        hex(out, mix(high + low));
        return out.toString();
    }

    static String of(CharSequence text) {
        ListingHash hash = new ListingHash();
        hash.add(text);
        return hash.hex();
    }

    // The finaliser of SplitMix64: every input bit moves about half the output bits.
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    private static void hex(StringBuilder out, long value) {
        String digits = Long.toHexString(value);
        for (int i = digits.length(); i < 16; i++) {
            out.append('0');
        }
        out.append(digits);
    }
}
