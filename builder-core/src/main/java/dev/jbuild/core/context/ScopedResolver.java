package dev.jbuild.core.context;

import dev.jbuild.core.fs.RootPath;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The old name of a COPY source root, kept only for {@code solve.StepCopier}, which builds a
 * {@link SourceTree} for a fetched source with it; every other caller uses {@link RootPath}.
 */
public final class ScopedResolver {

    private final RootPath paths;

    /** @param root an existing directory; it is resolved on the host once, here */
    public ScopedResolver(Path root) throws IOException {
        this.paths = RootPath.of(root);
    }

    RootPath paths() {
        return paths;
    }
}
