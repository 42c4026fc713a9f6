package dev.jbuild.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jbuild.cache.digest.Digest;
import dev.jbuild.core.exec.RunLimits;
import dev.jbuild.core.exec.Ulimit;
import dev.jbuild.core.store.ImageStore;
import dev.jbuild.grammar.DockerfileParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuildMojoTest {

    private static final String APP = "FROM scratch\nCOPY app.jar /app/app.jar\nCMD [\"/app/app.jar\"]\n";

    @TempDir
    Path dir;

    private BuildMojo mojo(String dockerfile) throws Exception {
        BuildMojo mojo = MojoFixture.configure(new BuildMojo(), dir, dockerfile);
        mojo.tags = List.of("app:1");
        return mojo;
    }

    @Test
    void buildsTheProjectsDockerfileIntoTheLocalStore() throws Exception {
        mojo(APP).execute();
        assertTrue(new ImageStore(dir.resolve("store")).find("docker.io/library/app:1").isPresent());
    }

    @Test
    void digestAndIdAreLeftInTargetAndInTheProjectProperties() throws Exception {
        BuildMojo mojo = mojo(APP);
        mojo.execute();
        String digest = Files.readString(dir.resolve("target/jbuild-image.digest"));
        String id = Files.readString(dir.resolve("target/jbuild-image.id"));
        assertTrue(digest.startsWith("sha256:") && id.startsWith("sha256:") && !digest.equals(id), digest + " " + id);
        assertEquals(digest, mojo.project.getProperties().getProperty("jbuild.image.digest"));
        assertEquals(id, mojo.project.getProperties().getProperty("jbuild.image.id"));
        assertEquals(digest, new ImageStore(dir.resolve("store")).find("docker.io/library/app:1").orElseThrow()
                .manifest().digest().toString());
        JsonNode metadata = new ObjectMapper().readTree(dir.resolve("target/jbuild-metadata.json").toFile());
        assertEquals(digest, metadata.get("containerimage.digest").asText());
        assertEquals(id, metadata.get("containerimage.config.digest").asText());
        assertEquals("docker.io/library/app:1", metadata.get("image.name").asText());
    }

    @Test
    void progressIsBuildKitsPlainLogWithDoneLinesAndErrorsAtErrorLevel() throws Exception {
        RecordingLog log = new RecordingLog();
        BuildMojo mojo = mojo("FROM scratch\nCOPY app.jar /app/app.jar\nCOPY missing.jar /app/\n");
        mojo.setLog(log);
        assertThrows(MojoFailureException.class, mojo::execute);
        assertTrue(log.lines.stream().anyMatch(l -> l.matches("INFO #\\d+ \\[\\d/\\d\\] COPY app.jar /app/app.jar")), log.lines.toString());
        assertTrue(log.lines.stream().anyMatch(l -> l.matches("INFO #\\d+ DONE \\d+\\.\\ds")), log.lines.toString());
        assertTrue(log.lines.stream().anyMatch(l -> l.matches("ERROR #\\d+ ERROR: .*missing.jar.*")), log.lines.toString());
    }

    @Test
    void failedBuildFailsTheMavenBuildWithItsLine() throws Exception {
        BuildMojo mojo = mojo("FROM scratch\nCOPY missing.jar /app/\n");
        MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);
        assertTrue(e.getMessage().contains("Dockerfile:2") && e.getMessage().contains("missing.jar"), e.getMessage());
        assertEquals(0, new ImageStore(dir.resolve("store")).images().size());
    }

    @Test
    void mapPropertiesAddToAndOverrideThePomsLabelsAndBuildArgs() throws Exception {
        BuildMojo mojo = mojo("FROM scratch\nARG GREETING=none\nLABEL greeting=$GREETING\nCOPY app.jar /app.jar\n");
        mojo.labels = Map.of("team", "pom", "tier", "pom");
        mojo.labelsProperty = "tier=property,extra=x=y";
        mojo.buildArgs = Map.of("GREETING", "from-pom");
        mojo.buildArgsProperty = "GREETING=from-property";
        mojo.execute();

        JsonNode labels = config(new ImageStore(dir.resolve("store")), "docker.io/library/app:1").get("Labels");
        assertEquals("pom", labels.get("team").asText());
        assertEquals("property", labels.get("tier").asText());
        assertEquals("x=y", labels.get("extra").asText());
        assertEquals("from-property", labels.get("greeting").asText());
    }

    @Test
    void unsetMapPropertiesChangeNothingAndABadEntryNamesTheProperty() throws Exception {
        BuildMojo mojo = mojo(APP);
        mojo.labelsProperty = "${jbuild.labels}";
        mojo.execute();
        assertTrue(config(new ImageStore(dir.resolve("store")), "docker.io/library/app:1").path("Labels").isEmpty());

        mojo.labelsProperty = "a=1,oops";
        MojoExecutionException e = assertThrows(MojoExecutionException.class, mojo::execute);
        assertTrue(e.getMessage().contains("-Djbuild.labels: 'oops' is not KEY=VALUE"), e.getMessage());
    }

    @Test
    void secretsPropertyResolvesFilesAgainstTheModule() throws Exception {
        BuildMojo mojo = mojo(APP);
        mojo.secretsProperty = "token=missing-token.txt";
        MojoExecutionException e = assertThrows(MojoExecutionException.class, mojo::execute);
        assertTrue(e.getMessage().contains("<secrets> token: no such file " + dir.resolve("missing-token.txt")), e.getMessage());
        Files.writeString(dir.resolve("missing-token.txt"), "s3cret");
        mojo.execute();
    }

    @Test
    void buildContextsNameDirectoriesRelativeToTheModuleAndABadOneNamesTheElement() throws Exception {
        BuildMojo mojo = mojo("FROM scratch\nCOPY --from=extra file.txt /file.txt\n");
        Files.createDirectories(dir.resolve("extra-files"));
        Files.writeString(dir.resolve("extra-files/file.txt"), "from the named context\n");
        mojo.buildContexts = Map.of("extra", "extra-files");
        mojo.execute();
        assertTrue(new ImageStore(dir.resolve("store")).find("docker.io/library/app:1").isPresent());

        mojo.buildContexts = Map.of();
        mojo.buildContextsProperty = "extra=no-such-dir";
        MojoExecutionException e = assertThrows(MojoExecutionException.class, mojo::execute);
        assertTrue(e.getMessage().contains("<buildContexts> extra=no-such-dir: " + dir.resolve("no-such-dir")
                + " is not a directory"), e.getMessage());
    }

    @Test
    void sshTakesKeyFilesRelativeToTheModuleAndNamesTheElementWhenOneIsMissing() throws Exception {
        BuildMojo mojo = mojo(APP);
        mojo.ssh = List.of("github=keys/id_ed25519");
        MojoExecutionException e = assertThrows(MojoExecutionException.class, mojo::execute);
        assertTrue(e.getMessage().contains("<ssh>") && e.getMessage().contains(dir.resolve("keys/id_ed25519")
                + " does not exist"), e.getMessage());
        mojo.ssh = List.of("default");
        e = assertThrows(MojoExecutionException.class, mojo::execute);
        assertTrue(e.getMessage().contains("<ssh>") && e.getMessage().contains("SSH_AUTH_SOCK is not set"), e.getMessage());
    }

    private static JsonNode config(ImageStore store, String name) throws Exception {
        Digest manifest = store.find(name).orElseThrow().manifest().digest();
        ObjectMapper json = new ObjectMapper();
        String config = json.readTree(store.readBlob(manifest)).at("/config/digest").asText();
        return json.readTree(store.readBlob(Digest.parse(config))).get("config");
    }

    @Test
    void moduleWithoutADockerfileFailsNamingTheElementAndThePath() throws Exception {
        BuildMojo mojo = mojo(APP);
        Files.delete(dir.resolve("Dockerfile"));
        MojoExecutionException e = assertThrows(MojoExecutionException.class, mojo::execute);
        assertTrue(e.getMessage().contains("<dockerfile>") && e.getMessage().contains(dir.resolve("Dockerfile").toString()),
                e.getMessage());
    }

    @Test
    void skipAndPomPackagingBuildNothingAndSaySo() throws Exception {
        RecordingLog log = new RecordingLog();
        BuildMojo skipped = mojo(APP);
        skipped.skip = true;
        skipped.setLog(log);
        skipped.execute();
        BuildMojo parent = mojo(APP);
        parent.project = MojoFixture.project(dir, "pom");
        parent.setLog(log);
        parent.execute();
        assertEquals(List.of("INFO jbuild: build skipped (<skip>)", "INFO jbuild: build skipped for a module of pom packaging"),
                log.lines);
        assertFalse(Files.exists(dir.resolve("store")));
    }

    @Test
    void badCacheToNamesItsElement() throws Exception {
        BuildMojo mojo = mojo(APP);
        mojo.cacheTo = List.of("type=nowhere");
        MojoExecutionException e = assertThrows(MojoExecutionException.class, mojo::execute);
        assertTrue(e.getMessage().contains("<cacheTo>"), e.getMessage());
    }

    @Test
    void outputsSendTheImageWhereBuildxWouldAndABadOneNamesTheElement() throws Exception {
        BuildMojo mojo = mojo(APP);
        mojo.outputs = List.of("type=local,dest=" + dir.resolve("files"), "type=oci,tar=false,dest=" + dir.resolve("layout"));
        mojo.execute();
        assertTrue(Files.isRegularFile(dir.resolve("files/app/app.jar")));
        assertTrue(Files.readString(dir.resolve("layout/index.json")).contains("\"org.opencontainers.image.ref.name\":\"1\""),
                Files.readString(dir.resolve("layout/index.json")));
        BuildMojo bad = mojo(APP);
        bad.outputs = List.of("type=oci,dest=x.tar,colour=red");
        String message = assertThrows(MojoExecutionException.class, bad::execute).getMessage();
        assertTrue(message.startsWith("jbuild: <outputs>") && message.contains("colour"), message);
    }

    @Test
    void badOptionsNameTheirElements() throws Exception {
        BuildMojo network = mojo(APP);
        network.network = "bridge";
        assertTrue(assertThrows(MojoExecutionException.class, network::execute).getMessage().startsWith("jbuild: <network>"));
        BuildMojo platform = mojo(APP);
        platform.platform = "linux/amd64,arm64";
        String message = assertThrows(MojoExecutionException.class, platform::execute).getMessage();
        assertTrue(message.startsWith("jbuild: <platform>") && message.contains("'arm64'"), message);
        BuildMojo tag = mojo(APP);
        tag.tags = List.of("Not A Name");
        assertTrue(assertThrows(MojoExecutionException.class, tag::execute).getMessage().startsWith("jbuild: <tags>"));
    }

    @Test
    void shmSizeAndUlimitsReachTheRequestAndBadOnesNameTheirElements() throws Exception {
        BuildMojo limited = mojo(APP);
        limited.shmSize = "128m";
        limited.ulimits = List.of("nofile=256:512", "core=0");
        RunLimits limits = limited.request(new DockerfileParser("Dockerfile").parse(APP)).runLimits();
        assertEquals(128L << 20, limits.shmBytes());
        assertEquals(List.of(Ulimit.parse("nofile=256:512"), Ulimit.parse("core=0")), limits.ulimits());

        BuildMojo size = mojo(APP);
        size.shmSize = "2x";
        assertTrue(assertThrows(MojoExecutionException.class, size::execute).getMessage().startsWith("jbuild: <shmSize>"));
        BuildMojo ulimit = mojo(APP);
        ulimit.ulimits = List.of("nofiles=1");
        assertTrue(assertThrows(MojoExecutionException.class, ulimit::execute).getMessage().startsWith("jbuild: <ulimits>"));
    }

    @Test
    void sourceDateEpochBuildArgumentMakesTheImageReproducible() throws Exception {
        BuildMojo first = mojo(APP);
        first.buildArgs = Map.of("SOURCE_DATE_EPOCH", "1700000000");
        first.noCache = true;
        first.execute();
        String fixed = Files.readString(dir.resolve("target/jbuild-image.id"));
        first.execute();
        assertEquals(fixed, Files.readString(dir.resolve("target/jbuild-image.id")));
        BuildMojo dated = mojo(APP);
        dated.noCache = true;
        dated.execute();
        assertNotEquals(fixed, Files.readString(dir.resolve("target/jbuild-image.id")));
    }

    @Test
    void offlineBuildNeedingABaseImageNotInTheStoreFailsSayingSo() throws Exception {
        BuildMojo mojo = mojo("FROM busybox:1.36\nCOPY app.jar /app.jar\n");
        mojo.offline = true;
        MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);
        assertTrue(e.getMessage().contains("offline"), e.getMessage());
    }

    @Test
    void offlinePullIsRefusedNamingTheElement() throws Exception {
        BuildMojo mojo = mojo(APP);
        mojo.offline = true;
        mojo.pull = true;
        MojoExecutionException e = assertThrows(MojoExecutionException.class, mojo::execute);
        assertTrue(e.getMessage().contains("<pull>"), e.getMessage());
    }
}
