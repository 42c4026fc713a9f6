package dev.jbuild.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The one plain {@link LocalRegistry} of a test JVM: a class registers this extension and takes a
 * {@code LocalRegistry} parameter (in a test method or a static {@code @BeforeAll}); the registry
 * starts at the first such parameter and stops when the JVM's last test has run, because it lives
 * in JUnit's root store. Tests sharing it use their own repository names. Registries with
 * authentication or a proxy in front stay per class ({@link LocalRegistry#startWithBasicAuth}).
 */
public final class RegistryExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(RegistryExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == LocalRegistry.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(SharedRegistry.class, key -> SharedRegistry.start(), SharedRegistry.class)
                .registry();
    }

    /** The registry and the directory it keeps its storage and log in, both gone when JUnit closes the root store. */
    private record SharedRegistry(LocalRegistry registry, Path directory) implements AutoCloseable {

        static SharedRegistry start() {
            try {
                Path directory = Files.createTempDirectory("jbuild-shared-registry-");
                return new SharedRegistry(LocalRegistry.start(directory), directory);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the shared test registry", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while starting the shared test registry", e);
            }
        }

        @Override
        public void close() throws IOException {
            registry.close();
            try (Stream<Path> tree = Files.walk(directory)) {
                for (Path path : tree.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }
}
