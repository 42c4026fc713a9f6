package dev.jbuild.maven;

import dev.jbuild.grammar.Dockerfile;
import dev.jbuild.grammar.DockerfileException;
import dev.jbuild.grammar.DockerfileParser;
import dev.jbuild.grammar.instruction.DockerfileCheck;
import java.io.File;
import java.io.IOException;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Goal {@code jbuild:check}: validates the project's Dockerfile without building it, so a broken
 * Dockerfile fails the Maven build early with its file, line and column.
 */
@Mojo(name = "check", defaultPhase = LifecyclePhase.VALIDATE, threadSafe = true)
public class CheckMojo extends AbstractMojo {

    /** The Dockerfile to check. */
    @Parameter(property = "jbuild.dockerfile", defaultValue = "${project.basedir}/Dockerfile")
    File dockerfile;

    /** Skips the goal. */
    @Parameter(property = "jbuild.skip", defaultValue = "false")
    boolean skip;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("jbuild: check skipped");
            return;
        }
        try {
            Dockerfile parsed = DockerfileParser.parse(dockerfile.toPath());
            DockerfileCheck check = DockerfileCheck.run(parsed,
                    warning -> getLog().warn(warning.format(parsed.name())));
            getLog().info("jbuild: " + dockerfile + " is valid (" + check.definition().stages().size()
                    + " stages, " + check.warnings().size() + " warnings)");
        } catch (IOException e) {
            throw new MojoExecutionException("jbuild: cannot read " + dockerfile + ": " + e.getMessage(), e);
        } catch (DockerfileException e) {
            throw new MojoFailureException(e.describe(), e);
        }
    }
}
