package dev.jbuild.core.build;

import dev.jbuild.core.image.Platform;
import dev.jbuild.core.store.HostPlatform;
import dev.jbuild.grammar.platform.Architecture;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The value of {@code --platform}: a comma-separated list of {@code os/arch[/variant]}, each
 * normalised as containerd's {@code platforms.Normalize} does for BuildKit ({@code aarch64} and
 * {@code arm64/v8} are {@code arm64}, {@code arm} is {@code arm/v7}, {@code armel} is
 * {@code arm/v6}, {@code x86_64} is {@code amd64}), and {@code local} for this machine's, as
 * buildx reads it. Repeats are dropped.
 */
public final class TargetPlatforms {

    private TargetPlatforms() {
    }

    /** Parses {@code value}; an element that is not a platform is an {@link IllegalArgumentException} naming it. */
    public static List<Platform> parse(String value) {
        List<Platform> out = new ArrayList<>();
        for (String element : value.split(",", -1)) {
            String trimmed = element.trim();
            if (trimmed.isEmpty()) {
                throw new IllegalArgumentException("empty platform in '" + value + "'");
            }
            Platform platform = trimmed.equals("local") ? HostPlatform.current() : normalize(trimmed);
            if (!out.contains(platform)) {
                out.add(platform);
            }
        }
        return List.copyOf(out);
    }

    private static Platform normalize(String text) {
        String[] parts = text.toLowerCase(Locale.ROOT).split("/", -1);
        if (parts.length < 2 || parts.length > 3 || List.of(parts).contains("")) {
            throw new IllegalArgumentException("not a platform (expected os/arch[/variant]): '" + text + "'");
        }
        String os = parts[0];
        String given = parts[1];
        String architecture = Architecture.normalize(given);
        String variant = parts.length == 3 ? parts[2] : null;
        switch (architecture) {
            case "arm64" -> variant = variant == null || variant.equals("v8") || variant.equals("8") ? null : variant;
            case "arm" -> variant = variant != null ? (variant.startsWith("v") ? variant : "v" + variant)
                    : given.equals("armel") ? "v6" : "v7";
            case "amd64" -> variant = variant == null || variant.equals("v1") ? null : variant;
            default -> { }
        }
        return new Platform(architecture, os, null, null, variant, null, null);
    }
}
