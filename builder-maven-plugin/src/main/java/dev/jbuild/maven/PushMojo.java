package dev.jbuild.maven;

import dev.jbuild.core.export.ExportTargets;
import dev.jbuild.core.export.Exporter;
import dev.jbuild.core.export.Exporters;
import java.io.OutputStream;
import java.util.List;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Goal {@code jbuild:push}: builds the module's image, then pushes it to the registry of each of
 * its {@code <tags>}, with logins from {@code settings.xml} servers, then Docker's config.
 */
@Mojo(name = "push", defaultPhase = LifecyclePhase.PACKAGE, threadSafe = true)
public class PushMojo extends AbstractBuildMojo {

    @Override
    String goal() {
        return "push";
    }

    @Override
    List<Exporter> exporters() throws MojoExecutionException {
        if (tags.isEmpty()) {
            throw new MojoExecutionException("jbuild: push needs at least one name in <tags> (or -Djbuild.tags=REF)"
                    + " to push to, e.g. <tag>registry.example.com/team/app:1.0</tag>");
        }
        if (offline) {
            throw new MojoExecutionException("jbuild: push cannot reach a registry while Maven is offline (-o);"
                    + " use jbuild:build to build into the local store");
        }
        return List.of(Exporters.push(new ExportTargets(OutputStream.nullOutputStream(), false, tags)));
    }
}
