package dev.jbuild.maven;

import dev.jbuild.core.export.Exporter;
import java.util.List;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Goal {@code jbuild:build}: builds the module's Dockerfile into jbuild's local image store, in
 * the Maven JVM, with the same engine and defaults as {@code jbuild build}.
 */
@Mojo(name = "build", defaultPhase = LifecyclePhase.PACKAGE, threadSafe = true)
public class BuildMojo extends AbstractBuildMojo {

    @Override
    String goal() {
        return "build";
    }

    @Override
    List<Exporter> exporters() {
        return List.of();
    }
}
