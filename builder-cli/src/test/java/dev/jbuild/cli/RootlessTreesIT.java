package dev.jbuild.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An ordinary user (jbtest, with subordinate ids; .ci/run creates it) builds Dockerfiles whose
 * RUN steps leave trees the bare host user may not enter: a 0700 directory of container uid
 * 1000, a 0000 file, apt's 0700 {@code partial} directory of {@code _apt}. The build reads,
 * diffs, copies and removes them as root of its user namespace; a failed or killed build leaves
 * nothing a later build, {@code prune --all} or {@code rm -rf} cannot remove.
 */
class RootlessTreesIT {

    private static final Path REPO = Path.of(System.getProperty("jbuild.repo", "..")).toAbsolutePath().normalize();
    private static final String USER = "jbtest";
    private static final String LOCKED_STAGE = String.join("\n",
            "FROM busybox AS base",
            "RUN echo secret > /z && chown 1000 /z && chmod 000 /z",
            "RUN mkdir -p /home/svc && echo x > /home/svc/f && chown 1000 /home/svc && chmod 700 /home/svc"
                    + " && mkdir -p /var/cache/apt/archives/partial && chown 100 /var/cache/apt/archives/partial"
                    + " && chmod 700 /var/cache/apt/archives/partial",
            "RUN echo next > /next");

    private Path work;
    private Path store;
    private Path context;

    @BeforeEach
    void freshStoreOwnedByTheUser() throws Exception {
        assertEquals(0, new ProcessBuilder("id", USER).start().waitFor(),
                "user " + USER + " is missing: .ci/run creates it (useradd, with a range in /etc/subuid)");
        work = Files.createTempDirectory("jbuild-rootless-trees");
        Path jar = REPO.resolve("builder-cli/target/jbuild.jar");
        run(List.of("cp", "-r", jar.toString(), jar.resolveSibling("lib").toString(), work.toString()));
        context = Files.createDirectories(work.resolve("ctx"));
        store = work.resolve("store");
        run(List.of(REPO.resolve("testdata/base-images/busybox/build").toString(), "busybox:latest",
                "--cache-dir=" + store));
        run(List.of("chown", "-R", USER, work.toString()));
        run(List.of("chmod", "755", work.toString()));
    }

    @AfterEach
    void removeWork() throws Exception {
        if (work != null) {
            run(List.of("rm", "-rf", work.toString()));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"native", "overlay"})
    void lockedTreesARunLeavesAreCommittedCopiedAndPruned(String snapshotter) throws Exception {
        Files.writeString(context.resolve("Dockerfile"), LOCKED_STAGE + "\n"
                + "FROM busybox\nCOPY --from=base /home/svc /copied\nCOPY --from=base /next /next\n");

        Result build = jbuild("build", "--snapshotter=" + snapshotter, "-t", "locked", context.toString());
        assertEquals(0, build.exit(), build.output());

        Path saved = work.resolve("locked.tar");
        assertEquals(0, jbuild("save", "-o", saved.toString(), "locked").exit());
        String finalLayers = layerListing(saved);
        assertTrue(finalLayers.matches("(?s).*-rw-r--r-- 0/0 +2 .* copied/f\n.*"), "the file from the locked"
                + " directory, root's in the stage: " + finalLayers);
        assertTrue(finalLayers.matches("(?s).*-rw-r--r-- 0/0 +5 .* next\n.*"), finalLayers);
        Result stage = jbuild("build", "--snapshotter=" + snapshotter, "--progress=rawjson", "--target=base", "-t", "base",
                context.toString());
        assertEquals(0, stage.exit(), stage.output());
        assertFalse(RawJsonStatus.parse(stage.output()).cached().isEmpty(), "the stage's steps were cached by the first build: "
                + stage.output());
        Path savedStage = work.resolve("base.tar");
        assertEquals(0, jbuild("save", "-o", savedStage.toString(), "base").exit());
        String stageLayers = layerListing(savedStage);
        assertTrue(stageLayers.matches("(?s).*drwx------ 1000/0 .* home/svc/\n.*"), stageLayers);
        assertTrue(stageLayers.matches("(?s).*-rw-r--r-- 0/0 +2 .* home/svc/f\n.*"), stageLayers);
        assertTrue(stageLayers.matches("(?s).*---------- 1000/0 +7 .* z\n.*"), stageLayers);
        assertTrue(stageLayers.matches("(?s).*drwx------ 100/0 .* var/cache/apt/archives/partial/\n.*"), stageLayers);

        assertStoreEmptiedByPrune();
    }

    @ParameterizedTest
    @ValueSource(strings = {"native", "overlay"})
    void failedAndKilledBuildsLeaveACacheLaterBuildsAndPruneUse(String snapshotter) throws Exception {
        Files.writeString(context.resolve("Dockerfile"), "FROM busybox\n"
                + "RUN mkdir -p /locked/in && chown -R 1000 /locked && chmod 700 /locked && false\n");
        Result failed = jbuild("build", "--snapshotter=" + snapshotter, context.toString());
        assertEquals(1, failed.exit(), "the step's own failure fails the build: " + failed.output());
        assertTrue(failed.output().contains("did not complete successfully"), failed.output());
        assertFalse(failed.output().contains("Exception"), failed.output());
        // the extracted base layers hold busybox's /home/app as uid 1000 for real; step trees live in sessions
        assertEquals("", ownedByOthers(store.resolve("snapshots/sessions")), "the failed step's tree was removed");

        Files.writeString(context.resolve("Dockerfile"), "FROM busybox\n"
                + "RUN mkdir -p /locked/in && chown -R 1000 /locked && chmod 700 /locked && touch /ready && sleep 120\n");
        killDuringStep(snapshotter);
        assertFalse(ownedByOthers(store.resolve("snapshots/sessions")).isEmpty(),
                "the killed step left its locked tree behind");

        Files.writeString(context.resolve("Dockerfile"), LOCKED_STAGE + "\n");
        Result next = jbuild("build", "--snapshotter=" + snapshotter, context.toString());
        assertEquals(0, next.exit(), next.output());
        assertEquals("", ownedByOthers(store.resolve("snapshots/sessions")),
                "the next build removed the killed build's session");

        assertStoreEmptiedByPrune();
    }

    /**
     * A base image whose layer gives files service owners (a 0640 file of group shadow, a setgid
     * program, apt's 0700 {@code partial} directory of {@code _apt} with a file inside), made by
     * root and loaded into the user's store: the user's RUN steps see those owners, a step that
     * rewrites such a file keeps them (as useradd rewrites {@code /etc/shadow}), and the image has
     * the owners and modes of the one root builds.
     */
    @ParameterizedTest
    @ValueSource(strings = {"overlay"})
    void runStepsSeeTheOwnersOfTheBaseImageAndTheImageMatchesRoots(String snapshotter) throws Exception {
        Path rootStore = work.resolve("root-store");
        run(List.of(REPO.resolve("testdata/base-images/busybox/build").toString(), "busybox:latest",
                "--cache-dir=" + rootStore));
        Path baseContext = Files.createDirectories(work.resolve("base-ctx"));
        Files.writeString(baseContext.resolve("Dockerfile"), String.join("\n",
                "FROM busybox",
                "RUN echo shadow:x:42: >> /etc/group && echo _apt:x:100:65534::/nonexistent:/bin/false >> /etc/passwd"
                        + " && echo secret > /etc/shadow && chown 0:42 /etc/shadow && chmod 640 /etc/shadow"
                        + " && cp /bin/busybox /bin/chage && chown 0:42 /bin/chage && chmod 2755 /bin/chage"
                        + " && mkdir -p /var/cache/apt/archives/partial && echo part > /var/cache/apt/archives/partial/f"
                        + " && chown -R 100:0 /var/cache/apt/archives/partial && chmod 700 /var/cache/apt/archives/partial",
                ""));
        Result base = asRoot(rootStore, "build", "--progress=plain", "-t", "svcbase", baseContext.toString());
        assertEquals(0, base.exit(), base.output());
        Path baseArchive = work.resolve("svcbase.tar");
        assertEquals(0, asRoot(rootStore, "save", "-o", baseArchive.toString(), "svcbase").exit());
        run(List.of("chmod", "644", baseArchive.toString()));
        Result load = jbuild("load", "-i", baseArchive.toString());
        assertEquals(0, load.exit(), load.output());

        Files.writeString(context.resolve("Dockerfile"), String.join("\n",
                "FROM svcbase",
                "RUN stat -c '%u:%g %a %n' /etc/shadow /bin/chage /var/cache/apt/archives/partial"
                        + " /var/cache/apt/archives/partial/f",
                "RUN cp -p /etc/shadow /etc/shadow+ && echo more >> /etc/shadow+ && mv /etc/shadow+ /etc/shadow"
                        + " && touch /var/cache/apt/archives/partial/g",
                ""));
        Result build = jbuild("build", "--snapshotter=" + snapshotter, "-t", "app", context.toString());
        assertEquals(0, build.exit(), build.output());
        for (String seen : List.of("0:42 640 /etc/shadow", "0:42 2755 /bin/chage",
                "100:0 700 /var/cache/apt/archives/partial", "100:0 644 /var/cache/apt/archives/partial/f")) {
            assertTrue(build.output().contains(seen), "the step saw " + seen + ": " + build.output());
        }
        Path saved = work.resolve("app.tar");
        assertEquals(0, jbuild("save", "-o", saved.toString(), "app").exit());

        Result rootBuild = asRoot(rootStore, "build", "--snapshotter=" + snapshotter, "--progress=plain", "-t", "app",
                context.toString());
        assertEquals(0, rootBuild.exit(), rootBuild.output());
        Path rootSaved = work.resolve("app-root.tar");
        assertEquals(0, asRoot(rootStore, "save", "-o", rootSaved.toString(), "app").exit());
        String listing = ownersListing(saved);
        assertTrue(listing.contains("-rw-r----- 0/42 12 etc/shadow"), listing);
        assertEquals(ownersListing(rootSaved), listing, "the user's image has the owners and modes of root's");

        Result again = jbuild("build", "--snapshotter=" + snapshotter, "--progress=rawjson", "-t", "app",
                context.toString());
        assertEquals(0, again.exit(), again.output());
        RawJsonStatus status = RawJsonStatus.parse(again.output());
        assertTrue(status.cachedStep("/var/cache/apt/archives/partial/f")
                && status.cachedStep("touch /var/cache/apt/archives/partial/g"), again.output());
        assertStoreEmptiedByPrune();
    }

    /**
     * {@code jbuild import} by the user, with no locale in the environment (cron, {@code su -}),
     * of a root filesystem tarball holding root's files, a file of group shadow, a device node
     * and a symlink with a non-ASCII name (as Debian's ca-certificates has): the layer is the one
     * root's import writes, owners and device included.
     */
    @Test
    void importByTheUserWithoutALocaleKeepsRootsOwnersAndDevicesAsRootsImport() throws Exception {
        Path tree = Files.createDirectories(work.resolve("tree"));
        run(List.of("sh", "-c", "cd " + tree + " && mkdir etc dev && echo x > etc/shadow && chgrp 42 etc/shadow"
                + " && chmod 640 etc/shadow && echo hi > etc/motd && mknod dev/null c 1 3"
                + " && ln -s /usr/share/ca-certificates/F\u0151tan\u00fas\u00edtv\u00e1ny.crt etc/F\u0151tan\u00fas\u00edtv\u00e1ny.pem"
                + " && touch -h -d @1700000000 etc/* dev/* etc dev"));
        Path tarball = work.resolve("rootfs.tar");
        run(List.of("tar", "--numeric-owner", "-C", tree.toString(), "-cf", tarball.toString(), "."));
        run(List.of("chmod", "644", tarball.toString()));

        // the launcher users run, which gives Java a UTF-8 locale for file names when the environment has none
        List<String> userImport = new ArrayList<>(List.of("env", "-i", "PATH=/usr/bin:/bin",
                "JBUILD_LAUNCHER_JAR=" + work.resolve("jbuild.jar"), REPO.resolve("builder-cli/src/dist/bin/jbuild").toString(),
                "import", "--cache-dir=" + store, tarball.toString(), "imported"));
        Result imported = runStatus(asUser(userImport.toArray(String[]::new)));
        assertEquals(0, imported.exit(), imported.output());
        Result bareJava = runStatus(asUser("env", "-i", "PATH=/usr/bin:/bin", java(), "-jar",
                work.resolve("jbuild.jar").toString(), "import", "--cache-dir=" + store, tarball.toString(), "bare"));
        assertTrue(bareJava.exit() != 0 && bareJava.output().contains("run it with a UTF-8 locale, e.g. LC_ALL=C.UTF-8")
                && bareJava.output().contains("etc/F"), "java without the launcher names the fix: " + bareJava.output());
        Path saved = work.resolve("imported.tar");
        assertEquals(0, jbuild("save", "-o", saved.toString(), "imported").exit());

        Path rootStore = work.resolve("root-store");
        assertEquals(0, asRoot(rootStore, "import", tarball.toString(), "imported").exit());
        Path rootSaved = work.resolve("imported-root.tar");
        assertEquals(0, asRoot(rootStore, "save", "-o", rootSaved.toString(), "imported").exit());

        String listing = layerListing(saved);
        assertTrue(listing.matches("(?s).*crw-r--r-- 0/0 +1,3 .* dev/null\n.*"), listing);
        assertTrue(listing.matches("(?s).*-rw-r--r-- 0/0 +3 .* etc/motd\n.*"), listing);
        assertTrue(listing.matches("(?s).*-rw-r----- 0/42 +2 .* etc/shadow\n.*"), listing);
        assertTrue(listing.matches("(?s).*lrwxrwxrwx 0/0 .* etc/F[^\n]*\\.pem -> .*"), "the non-ASCII link (tar may escape its name): " + listing);
        assertEquals(layerListing(rootSaved), listing, "the user's import wrote root's layer");
    }

    private Result asRoot(Path rootStore, String command, String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of(java(), "-jar", work.resolve("jbuild.jar").toString(), command,
                "--cache-dir=" + rootStore));
        argv.addAll(List.of(args));
        return runStatus(argv);
    }

    /** Mode, owner, size and name of every entry of every layer, without times: two builds of one Dockerfile print the same. */
    private static String ownersListing(Path savedImage) throws Exception {
        List<String> lines = new ArrayList<>();
        for (String line : layerListing(savedImage).split("\n")) {
            String[] fields = line.trim().split(" +", 6);
            if (fields.length == 6) {
                lines.add(fields[0] + " " + fields[1] + " " + fields[2] + " " + fields[5]);
            }
        }
        lines.sort(null);
        return String.join("\n", lines);
    }

    private void killDuringStep(String snapshotter) throws Exception {
        Process build = new ProcessBuilder(asUser(java(), "-jar", work.resolve("jbuild.jar").toString(), "build",
                "--cache-dir=" + store, "--snapshotter=" + snapshotter, "--progress=plain", context.toString()))
                .redirectErrorStream(true).redirectOutput(work.resolve("killed.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!stepStarted()) {
            assertTrue(build.isAlive() && System.nanoTime() < deadline,
                    "the step never started: " + Files.readString(work.resolve("killed.log")));
            Thread.sleep(100);
        }
        List<ProcessHandle> all = new ArrayList<>(build.descendants().toList());
        all.add(build.toHandle());
        all.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle process : all) {
            process.onExit().get(30, TimeUnit.SECONDS);
        }
    }

    private boolean stepStarted() throws IOException {
        try (Stream<Path> files = Files.walk(store.resolve("snapshots/sessions"))) {
            return files.anyMatch(p -> p.getFileName().toString().equals("ready"));
        } catch (java.io.UncheckedIOException e) {
            return false; // a directory vanished during the walk
        }
    }

    /** prune --all leaves no file of another owner, and the user can then remove the whole data directory. */
    private void assertStoreEmptiedByPrune() throws Exception {
        Result prune = jbuild("prune", "--all");
        assertEquals(0, prune.exit(), prune.output());
        assertEquals("", ownedByOthers(store), "prune --all left trees of subordinate owners");
        Result remove = runStatus(asUser("rm", "-rf", store.toString()));
        assertEquals(0, remove.exit(), remove.output());
        assertFalse(Files.exists(store));
    }

    /** The paths under {@code dir} not owned by the user, one a line. */
    private static String ownedByOthers(Path dir) throws Exception {
        return run(List.of("find", dir.toString(), "!", "-user", USER)).strip();
    }

    private static String layerListing(Path savedImage) throws Exception {
        Path unpacked = Files.createDirectories(savedImage.resolveSibling(savedImage.getFileName() + ".d"));
        run(List.of("tar", "-xf", savedImage.toString(), "-C", unpacked.toString()));
        StringBuilder listing = new StringBuilder();
        try (Stream<Path> blobs = Files.list(unpacked.resolve("blobs/sha256"))) {
            for (Path blob : blobs.toList()) {
                Result layer = runStatus(List.of("tar", "--numeric-owner", "-tvzf", blob.toString()));
                if (layer.exit() == 0) {
                    listing.append(layer.output());
                }
            }
        }
        return listing.toString();
    }

    private record Result(int exit, String output) {
    }

    private Result jbuild(String command, String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of(java(), "-jar", work.resolve("jbuild.jar").toString(), command,
                "--cache-dir=" + store));
        if (command.equals("build") && Arrays.stream(args).noneMatch(arg -> arg.startsWith("--progress"))) {
            argv.add("--progress=plain");
        }
        argv.addAll(List.of(args));
        return runStatus(asUser(argv.toArray(String[]::new)));
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static List<String> asUser(String... command) {
        List<String> out = new ArrayList<>(List.of("runuser", "-u", USER, "--"));
        out.addAll(List.of(command));
        return out;
    }

    private static String run(List<String> command) throws Exception {
        Result result = runStatus(command);
        assertEquals(0, result.exit(), command + " failed:\n" + result.output());
        return result.output();
    }

    private static Result runStatus(List<String> command) throws Exception {
        Path log = Files.createTempFile("jbuild-rootless-trees", ".log");
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            p.getOutputStream().close();
            assertTrue(p.waitFor(300, TimeUnit.SECONDS), "timed out: " + command);
            return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
