package dev.jbuild.maven;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.maven.model.Build;
import org.apache.maven.model.Model;
import org.apache.maven.plugin.logging.SystemStreamLog;
import org.apache.maven.project.MavenProject;
import org.apache.maven.settings.Settings;

/** A module directory with a Dockerfile and a goal configured as Maven would, with jbuild's store under the module. */
final class MojoFixture {

    private MojoFixture() {
    }

    static <M extends AbstractBuildMojo> M configure(M mojo, Path module, String dockerfile) throws Exception {
        Files.createDirectories(module);
        Files.writeString(module.resolve("Dockerfile"), dockerfile);
        Files.writeString(module.resolve("app.jar"), "not really a jar");
        mojo.dockerfile = module.resolve("Dockerfile").toFile();
        mojo.context = module.toFile();
        mojo.cacheDir = module.resolve("store").toFile();
        mojo.network = "default";
        mojo.sandbox = "auto";
        mojo.snapshotter = "auto";
        mojo.settings = new Settings();
        mojo.environment = Map.of();
        mojo.project = project(module, "jar");
        mojo.metadataFile = module.resolve("target/jbuild-metadata.json").toFile();
        mojo.setLog(new SystemStreamLog());
        return mojo;
    }

    static MavenProject project(Path module, String packaging) {
        Model model = new Model();
        model.setGroupId("dev.jbuild.test");
        model.setArtifactId("app");
        model.setVersion("1.0");
        model.setPackaging(packaging);
        Build build = new Build();
        build.setDirectory(module.resolve("target").toString());
        model.setBuild(build);
        MavenProject project = new MavenProject(model);
        project.setFile(module.resolve("pom.xml").toFile());
        return project;
    }
}
