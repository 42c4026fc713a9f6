package dev.jbuild.core.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jbuild.core.image.Platform;
import dev.jbuild.core.store.HostPlatform;
import java.util.List;
import org.junit.jupiter.api.Test;

/** --platform lists normalise as containerd does for BuildKit, and repeats collapse. */
class TargetPlatformsTest {

    @Test
    void aliasesNormaliseAsContainerdDoes() {
        assertEquals(List.of(Platform.parse("linux/arm64"), Platform.parse("linux/arm/v7"), Platform.parse("linux/amd64"),
                        Platform.parse("linux/arm/v6")),
                TargetPlatforms.parse("linux/aarch64,linux/arm64/v8,linux/arm,linux/x86_64,linux/armel"));
    }

    @Test
    void localIsThisMachine() {
        assertEquals(List.of(HostPlatform.current()), TargetPlatforms.parse("local"));
    }

    @Test
    void malformedElementIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TargetPlatforms.parse("linux/amd64,arm64"));
        assertTrue(e.getMessage().contains("'arm64'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TargetPlatforms.parse("linux/amd64,"));
    }
}
