package dev.jbuild.core.store;

import dev.jbuild.core.image.Platform;
import dev.jbuild.grammar.platform.Architecture;


/** The platform of this machine in OCI terms ({@code linux/amd64}, {@code linux/arm64} …). */
public final class HostPlatform {

    private HostPlatform() {
    }

    public static Platform current() {
        return new Platform(Architecture.host(), "linux", null, null, null, null, null);
    }
}
