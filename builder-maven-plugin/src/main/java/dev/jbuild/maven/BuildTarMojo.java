package dev.jbuild.maven;

import dev.jbuild.core.export.Exporter;
import java.io.File;
import java.util.List;
import java.util.Locale;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Goal {@code jbuild:buildTar}: builds the module's image, then writes it as one archive, by
 * default {@code target/jbuild-image.tar} in the format {@code docker load} reads.
 */
@Mojo(name = "buildTar", defaultPhase = LifecyclePhase.PACKAGE, threadSafe = true)
public class BuildTarMojo extends AbstractBuildMojo {

    /** The archive to write. */
    @Parameter(property = "jbuild.tarFile", defaultValue = "${project.build.directory}/jbuild-image.tar")
    File tarFile;

    /** The archive's format: docker (what docker load reads; also an OCI layout) or oci. */
    @Parameter(property = "jbuild.tarFormat", defaultValue = "docker")
    String tarFormat;

    @Override
    String goal() {
        return "buildTar";
    }

    @Override
    List<Exporter> exporters() throws MojoExecutionException {
        String format = tarFormat.trim().toLowerCase(Locale.ROOT);
        if (!format.equals("docker") && !format.equals("oci")) {
            throw new MojoExecutionException("jbuild: <tarFormat> " + tarFormat + ": expected docker or oci");
        }
        List<String> names = tags.isEmpty() ? List.of(project == null ? "jbuild-image:latest"
                : project.getArtifactId().toLowerCase(Locale.ROOT) + ":latest") : tags;
        String spec = "type=" + format + ",dest=" + tarFile.getAbsolutePath() + ",\"name=" + String.join(",", names) + "\"";
        return List.of(output("tarFile", spec));
    }
}
