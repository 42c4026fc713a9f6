package dev.jbuild.core.registry;

import dev.jbuild.core.image.Descriptor;
import dev.jbuild.core.image.Platform;
import dev.jbuild.grammar.platform.Architecture;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Chooses the manifest for one platform from an index. Names are normalised first
 * ({@link Architecture}: {@code x86_64} is {@code amd64}, {@code aarch64} is {@code arm64}; a missing variant
 * means the usual one: {@code v8} for arm64, {@code v7} for arm); an exact match wins, and
 * for 32-bit arm an older variant the wanted one can run is accepted. Entries without a
 * real platform, such as build attestations ({@code unknown/unknown}), are never chosen.
 */
public record PlatformMatcher(Platform wanted) {

    public PlatformMatcher {
        Objects.requireNonNull(wanted, "wanted platform");
    }

    /** The platform of this machine as an image platform: Linux, with the JVM's architecture. */
    public static Platform host() {
        return new Platform(Architecture.host(), "linux", null, null, null, null, null);
    }

    /**
     * The platform as containerd's {@code platforms.Normalize} writes it for BuildKit: OCI
     * architecture names ({@code aarch64} is {@code arm64}), no {@code v8} on arm64 nor {@code v1}
     * on amd64, and {@code arm} with its variant ({@code v7} unless given; {@code armel} is
     * {@code v6}); the OS lower-cased.
     */
    public static Platform normalize(Platform platform) {
        String given = platform.architecture().toLowerCase(Locale.ROOT);
        String architecture = Architecture.normalize(given);
        String variant = platform.variant() == null ? null : platform.variant().toLowerCase(Locale.ROOT);
        switch (architecture) {
            case "arm64" -> variant = variant == null || variant.equals("v8") || variant.equals("8") ? null : variant;
            case "arm" -> variant = variant != null ? (variant.startsWith("v") ? variant : "v" + variant)
                    : given.equals("armel") ? "v6" : "v7";
            case "amd64" -> variant = variant == null || variant.equals("v1") ? null : variant;
            default -> { }
        }
        return new Platform(architecture, platform.os().toLowerCase(Locale.ROOT), null, null, variant, null, null);
    }

    /** The index entry to use, in index order among equally good ones; empty if none fits. */
    public Optional<Descriptor> select(List<Descriptor> manifests) {
        Descriptor best = null;
        int bestRank = Integer.MAX_VALUE;
        for (Descriptor manifest : manifests) {
            int rank = manifest.platform() == null ? -1 : rank(manifest.platform());
            if (rank >= 0 && rank < bestRank) {
                best = manifest;
                bestRank = rank;
            }
        }
        return Optional.ofNullable(best);
    }

    /** True if an image built for {@code candidate} runs where the wanted platform is asked for. */
    public boolean matches(Platform candidate) {
        return rank(candidate) >= 0;
    }

    /** 0 for an exact match, higher for a fallback, -1 for no match. */
    private int rank(Platform candidate) {
        String arch = Architecture.normalize(wanted.architecture());
        if (!candidate.os().equalsIgnoreCase(wanted.os()) || !Architecture.normalize(candidate.architecture()).equals(arch)) {
            return -1;
        }
        return acceptableVariants(arch, normaliseVariant(arch, wanted.variant()))
                .indexOf(normaliseVariant(arch, candidate.variant()));
    }

    private static List<String> acceptableVariants(String arch, String variant) {
        if (arch.equals("arm")) {
            return switch (variant) {
                case "v8" -> List.of("v8", "v7", "v6", "v5");
                case "v7" -> List.of("v7", "v6", "v5");
                case "v6" -> List.of("v6", "v5");
                default -> List.of(variant);
            };
        }
        return List.of(variant);
    }

    private static String normaliseVariant(String normalisedArch, String variant) {
        String v = variant == null ? "" : variant.toLowerCase(Locale.ROOT);
        return switch (normalisedArch) {
            case "arm64" -> v.isEmpty() || v.equals("8") ? "v8" : v;
            case "arm" -> v.isEmpty() ? "v7" : v.startsWith("v") ? v : "v" + v;
            case "amd64" -> v.equals("v1") ? "" : v;
            default -> v;
        };
    }
}
