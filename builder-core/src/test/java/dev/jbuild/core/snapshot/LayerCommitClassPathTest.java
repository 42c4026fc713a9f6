package dev.jbuild.core.snapshot;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commit child's class path also names the entries of the URL class loader that loaded
 * jbuild, as a Maven plugin's realm does, whose jars the launcher's class path lacks.
 */
class LayerCommitClassPathTest {

    @Test
    void childClassPathHoldsTheEntriesOfTheLoaderThatLoadedJbuild(@TempDir Path dir) throws Exception {
        Path realmOnly = Files.createDirectory(dir.resolve("realm-only"));
        List<URL> urls = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            urls.add(Path.of(entry).toUri().toURL());
        }
        urls.add(realmOnly.toUri().toURL());

        try (URLClassLoader realm = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
            Class<?> loaded = realm.loadClass(LayerCommit.class.getName());
            Method classPath = loaded.getDeclaredMethod("classPath");
            classPath.setAccessible(true);
            List<String> entries = List.of(((String) classPath.invoke(null)).split(File.pathSeparator));

            assertTrue(loaded != LayerCommit.class, "loaded again by the realm");
            assertTrue(entries.contains(realmOnly.toString()), entries.toString());
        }
    }
}
