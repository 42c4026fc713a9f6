package dev.jbuild.core.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jbuild.core.fs.NamespaceRemover;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class NamespaceTreeRemoverTest {

    @Test
    void treeDeletionFindsTheNamespaceRemoverOnTheClassPath() {
        List<Class<?>> installed = ServiceLoader.load(NamespaceRemover.class).stream()
                .<Class<?>>map(ServiceLoader.Provider::type).toList();

        assertEquals(List.of(NamespaceTreeRemover.class), installed);
    }
}
