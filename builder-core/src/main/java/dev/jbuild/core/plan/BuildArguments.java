package dev.jbuild.core.plan;

import dev.jbuild.core.image.Platform;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The values of {@code --build-arg}, plus the platform arguments BuildKit predefines
 * ({@code TARGETPLATFORM}, {@code TARGETOS}, {@code TARGETARCH}, {@code TARGETVARIANT} and the
 * {@code BUILD*} ones), which a Dockerfile may use after declaring them with {@code ARG}.
 */
public record BuildArguments(Map<String, String> values, Platform target, Platform build) {

    public BuildArguments {
        values = Map.copyOf(values);
    }

    /** The value given on the command line, else the predefined platform value, else none. */
    public Optional<String> value(String name) {
        String given = values.get(name);
        if (given != null) {
            return Optional.of(given);
        }
        return Optional.ofNullable(predefined().get(name));
    }

    Map<String, String> predefined() {
        Map<String, String> out = new LinkedHashMap<>();
        put(out, "TARGET", target);
        put(out, "BUILD", build);
        return out;
    }

    private static void put(Map<String, String> out, String prefix, Platform p) {
        String variant = p.variant() == null ? "" : p.variant();
        out.put(prefix + "PLATFORM", p.os() + "/" + p.architecture() + (variant.isEmpty() ? "" : "/" + variant));
        out.put(prefix + "OS", p.os());
        out.put(prefix + "ARCH", p.architecture());
        out.put(prefix + "VARIANT", variant);
    }
}
