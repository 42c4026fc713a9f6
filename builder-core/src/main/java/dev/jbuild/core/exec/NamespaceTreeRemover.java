package dev.jbuild.core.exec;

import dev.jbuild.core.fs.NamespaceRemover;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** {@code rm -rf} run as root of the build's user namespace ({@link NamespaceCommand}), for {@code fs.TreeDeletion}. */
public final class NamespaceTreeRemover implements NamespaceRemover {

    private static final Duration LIMIT = Duration.ofMinutes(30);

    @Override
    public void remove(Path path) throws IOException, InterruptedException {
        String rm = HostProbe.system().tool("rm").map(Path::toString).orElse("rm");
        NamespaceCommand.system().run(List.of(rm, "-rf", "--", path.toString()), LIMIT);
    }
}
