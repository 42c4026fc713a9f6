package dev.jbuild.core.op;

import dev.jbuild.core.fs.RootPath;
import dev.jbuild.core.copy.FileOwner;
import dev.jbuild.core.exec.Mount;
import dev.jbuild.core.exec.SecretVariable;
import dev.jbuild.core.plan.CopySource;
import dev.jbuild.core.plan.RunMountSpec;
import dev.jbuild.core.snapshot.MutableSnapshot;
import dev.jbuild.core.snapshot.Snapshotter;
import dev.jbuild.core.snapshot.TreeCopy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Turns {@code RUN --mount} into sandbox mounts, as BuildKit does: {@code bind} shows files of the
 * context or a stage (writes are thrown away), {@code cache} a directory that outlives the build
 * (keyed by id, else target), {@code tmpfs} an empty in-memory directory, {@code secret} a private
 * copy of a file given with {@code --secret} and/or its content in a variable, {@code ssh} the
 * socket of an agent given with {@code --ssh} (bound like a file). What a bind shows is part of
 * the step's cache key, as are a secret's id, target, variable name, mode and owner; what a cache
 * mount, a secret or an agent holds never is (an ssh mount counts by its id and target only), and
 * secrets and sockets never enter a layer or the log.
 */
final class RunMounts {

    /** BuildKit's defaults for a secret file: readable by its owner, root, only. */
    static final int DEFAULT_SECRET_MODE = 0400;

    /** What a RUN step gets from its mounts: sandbox mounts, and secrets it gets as environment variables. */
    record StepMounts(List<Mount> mounts, List<SecretVariable> secretEnv) {
        StepMounts {
            mounts = List.copyOf(mounts);
            secretEnv = List.copyOf(secretEnv);
        }
    }

    private final Path cacheRoot;
    private final Map<String, Path> secrets;
    private final Function<String, Optional<Path>> sshSockets;
    private final StepCopier copier;
    private final Snapshotter snapshots;

    RunMounts(Path cacheRoot, Map<String, Path> secrets, Function<String, Optional<Path>> sshSockets, StepCopier copier,
            Snapshotter snapshots) {
        this.cacheRoot = cacheRoot;
        this.secrets = Map.copyOf(secrets);
        this.sshSockets = sshSockets;
        this.copier = copier;
        this.snapshots = snapshots;
    }

    /** What of the mounts goes into the step's cache key. */
    List<String> keyParts(List<RunMountSpec> mounts, StageResults stages) {
        List<String> parts = new ArrayList<>();
        int ssh = 0;
        for (RunMountSpec m : mounts) {
            if (m.type() == RunMountSpec.Type.SSH) {
                parts.add("ssh:" + m.sshTarget(ssh++) + ":" + m.sshId() + ":" + (m.required() ? "required" : "optional"));
                continue;
            }
            String common = m.type().flagValue() + ":" + m.target() + ":" + (m.readOnly() ? "ro" : "rw");
            if (m.type() == RunMountSpec.Type.BIND) {
                String content = m.from() instanceof CopySource.Stage s
                        ? "stage:" + stages.stage(s.index()).key() + ":" + m.source()
                        : "context:" + copier.contextChecksum(m.from(), m.source());
                parts.add(common + ":" + content);
            } else if (m.type() == RunMountSpec.Type.SECRET) {
                // what the step sees of the secret counts, never its content
                parts.add(common + ":" + m.id() + ":" + m.source() + ":env=" + m.env().orElse("") + ":mode="
                        + Integer.toOctalString((int) m.mode().orElse(DEFAULT_SECRET_MODE)) + ":uid=" + m.uid().orElse(0)
                        + ":gid=" + m.gid().orElse(0) + ":" + (m.required() ? "required" : "optional"));
            } else {
                parts.add(common + ":" + m.id());
            }
        }
        return parts;
    }

    /** The sandbox mounts and secret variables; snapshots opened for stage binds go into {@code opened} for the caller to close. */
    StepMounts prepare(List<RunMountSpec> mounts, StageResults stages, List<MutableSnapshot> opened) {
        List<Mount> out = new ArrayList<>();
        List<SecretVariable> secretEnv = new ArrayList<>();
        int ssh = 0;
        for (RunMountSpec m : mounts) {
            if (m.type() == RunMountSpec.Type.SSH) {
                ssh(m, ssh++).ifPresent(out::add);
                continue;
            }
            switch (m.type()) {
                case TMPFS -> out.add(new Mount.Tmpfs(m.target(), m.sizeLimit()));
                case CACHE -> out.add(new Mount.Bind(cacheDirectory(m), m.target(), !m.readOnly()));
                case BIND -> out.add(new Mount.Bind(bindSource(m, stages, opened), m.target(), !m.readOnly()));
                case SECRET -> secret(m, out, secretEnv);
                default -> throw new IllegalArgumentException("RUN --mount=type=" + m.type().flagValue()
                        + " is not supported by jbuild yet");
            }
        }
        return new StepMounts(out, secretEnv);
    }

    private Path bindSource(RunMountSpec m, StageResults stages, List<MutableSnapshot> opened) {
        if (m.from() instanceof CopySource.Stage s) {
            MutableSnapshot snapshot = snapshots.prepare(stages.stage(s.index()).layers());
            opened.add(snapshot);
            return StepCopier.inRoot(snapshot.root(), "/" + m.source(), RootPath.Policy.CONTAINER);
        }
        if (m.from() instanceof CopySource.Image) {
            throw new IllegalArgumentException("RUN --mount from an image is not supported by jbuild yet; "
                    + "name it in a stage (FROM image AS name) and mount from=name");
        }
        Path source = copier.contextPath(m.from(), m.source());
        if (m.readOnly()) {
            return source;
        }
        // BuildKit throws a writable bind's writes away; bound directly, they would land in the
        // user's own files. A private copy in a scratch snapshot takes them instead.
        MutableSnapshot scratch = snapshots.prepare(List.of());
        opened.add(scratch);
        Path copy = scratch.root().resolve("bind-source");
        TreeCopy.copy(source, copy);
        copier.ownAsContainerRoot(copy); // context files are root's inside, whoever owns them on the host
        return copy;
    }

    private Path cacheDirectory(RunMountSpec m) {
        String id = m.id().isEmpty() ? m.target() : m.id();
        Path dir = cacheRoot.resolve(sha256(id).substring(0, 32));
        try {
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir);
                Files.setAttribute(dir, "unix:mode", (int) m.mode().orElse(0755), LinkOption.NOFOLLOW_LINKS);
                copier.own(dir, new FileOwner(m.uid().orElse(0), m.gid().orElse(0)));
            } else {
                // its modification time is its last use, by which prune chooses what to remove
                Files.setLastModifiedTime(dir, java.nio.file.attribute.FileTime.from(java.time.Instant.now()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create cache mount " + id + " at " + dir + ": " + e.getMessage(), e);
        }
        return dir;
    }

    /**
     * A secret as BuildKit gives it: a file at the target (default {@code /run/secrets/ID}),
     * mode 0400 root:root unless asked otherwise, and with {@code env=NAME} the content in that
     * variable, then with no file unless a target is given too. A secret not passed is left out,
     * or an error when required.
     */
    private void secret(RunMountSpec m, List<Mount> out, List<SecretVariable> secretEnv) {
        String id = !m.id().isEmpty() ? m.id() : m.target().isEmpty() ? m.source() : Path.of(m.target()).getFileName().toString();
        Path file = secrets.get(id);
        if (file == null) {
            if (m.required()) {
                throw new IllegalArgumentException("secret " + id + " is required but was not given: pass --secret id="
                        + id + ",src=FILE");
            }
            return;
        }
        Path source = file.toAbsolutePath();
        m.env().ifPresent(name -> secretEnv.add(new SecretVariable(name, source)));
        if (m.env().isPresent() && m.target().isEmpty()) {
            return;
        }
        String target = m.target().isEmpty() ? "/run/secrets/" + id : m.target();
        out.add(new Mount.Secret(source, target, (int) m.mode().orElse(DEFAULT_SECRET_MODE), m.uid().orElse(0),
                m.gid().orElse(0)));
    }

    // The socket is bound like a file; without a forward, an optional mount is left out, as in BuildKit.
    private Optional<Mount> ssh(RunMountSpec m, int n) {
        String id = m.sshId();
        Optional<Path> socket = sshSockets.apply(id);
        if (socket.isEmpty()) {
            if (m.required()) {
                throw new IllegalArgumentException("ssh agent " + id + " is required but was not given: pass --ssh "
                        + (id.equals(RunMountSpec.DEFAULT_SSH_ID) ? "default" : id + "=SOCKET|KEYFILE"));
            }
            return Optional.empty();
        }
        return Optional.of(new Mount.Bind(socket.get(), m.sshTarget(n), false));
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
