package dev.jbuild.cli;

import dev.jbuild.cache.CacheDirectory;
import dev.jbuild.core.registry.ImageReference;
import dev.jbuild.core.store.ImageStore;
import dev.jbuild.core.store.StoredImage;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** Where jbuild keeps images and cache: {@code --cache-dir}, else $JBUILD_CACHE, else $XDG_CACHE_HOME/jbuild. */
final class StoreOption {

    @Option(names = "--cache-dir", paramLabel = "DIR",
            description = "jbuild's data directory (default: $JBUILD_CACHE, else $XDG_CACHE_HOME/jbuild, else ~/.cache/jbuild)")
    private Path cacheDir;

    ImageStore store() {
        Path root = cacheDir != null ? cacheDir : CacheDirectory.fromEnvironment().root();
        return new ImageStore(root);
    }

    /** The full name of an image reference as the user typed it, or a usage error. */
    static ImageReference reference(CommandLine commandLine, String text) {
        try {
            return ImageReference.parse(text);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(commandLine, e.getMessage());
        }
    }

    /** A stored image by name, or an error that says how to get it. */
    StoredImage existing(CommandLine commandLine, String text) {
        String name = reference(commandLine, text).toString();
        return store().find(name).orElseThrow(() -> new CommandLine.ParameterException(commandLine,
                "no image " + name + " in " + store().root() + " (see 'jbuild images'; 'jbuild pull " + text
                        + "' fetches it)"));
    }
}
