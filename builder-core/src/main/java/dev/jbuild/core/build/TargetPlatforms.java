package dev.jbuild.core.build;

import dev.jbuild.core.image.Platform;
import dev.jbuild.core.registry.PlatformMatcher;
import dev.jbuild.core.store.HostPlatform;
import java.util.ArrayList;
import java.util.List;

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
        return PlatformMatcher.normalize(Platform.parse(text));
    }
}
