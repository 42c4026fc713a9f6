package dev.jbuild.core.exec;

import dev.jbuild.core.fs.HostIdentity;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The private copies of a step's secrets, in the run's scratch directory (memory-backed where
 * the host offers it, always outside the root): one per secret file mount, shown read-only at
 * its target, and one per secret variable, read into the step's environment without passing
 * through any command line. A copy gets the mode asked and is owned by the host ids the
 * container's uid and gid map to: the JVM chowns it when it runs as root; as an ordinary user it
 * cannot, so a sandbox whose setup runs as root of the namespace chowns it there
 * ({@link #chownedInside()}), and elsewhere (bubblewrap, which maps one id; rootless runc) the
 * owner's and group's bits are cut to the others' bits, so that no one reads more than asked,
 * though the step then sees the invoking user's ids and a narrower mode.
 */
final class SecretFiles {

    /** A copy on the host and the owner and mode the step must see. */
    record Copy(Path file, long uid, long gid, int mode) {
    }

    /** A secret variable's name and the copy holding its value. */
    record Variable(String name, Path file) {
    }

    /**
     * The owner given to a copy whose container id the namespace does not map: (uid_t)-2, which
     * no range jbuild maps reaches, so the step sees the overflow id and gets the others' bits.
     */
    static final long UNMAPPED = IdMapping.MAX_IDS - 1;

    private final Path directory;
    private final List<Copy> files = new ArrayList<>();
    private final List<Copy> variableCopies = new ArrayList<>();
    private final List<Variable> variables = new ArrayList<>();
    private final List<Copy> chownedInside = new ArrayList<>();
    private final Map<String, String> values = new LinkedHashMap<>();

    SecretFiles(Path directory) {
        this.directory = directory;
    }

    /** Copies a secret file mount's source; returns the copy, which the sandbox binds read-only at the target. */
    Path copy(Mount.Secret secret) throws IOException {
        Copy copy = new Copy(directory.resolve("secret-" + files.size()), secret.uid(), secret.gid(), secret.mode());
        write(secret.source(), copy);
        files.add(copy);
        return copy.file();
    }

    /** Copies a secret variable's source, for container root to read (0400 root:root). */
    void copy(SecretVariable variable) throws IOException {
        Copy copy = new Copy(directory.resolve("secret-env-" + variables.size()), 0, 0, 0400);
        write(variable.source(), copy);
        variableCopies.add(copy);
        variables.add(new Variable(variable.name(), copy.file()));
        values.put(variable.name(), new String(Files.readAllBytes(copy.file()), StandardCharsets.UTF_8));
    }

    private static void write(Path source, Copy copy) throws IOException {
        Files.createFile(copy.file(), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try (InputStream in = Files.newInputStream(source);
             OutputStream out = Files.newOutputStream(copy.file(), StandardOpenOption.WRITE)) {
            in.transferTo(out);
        } catch (IOException e) {
            throw new IOException("cannot copy secret " + source + ": " + e.getMessage(), e);
        }
        Files.setAttribute(copy.file(), "unix:mode", copy.mode(), LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * Gives each copy its owner under {@code mapping}, as far as {@code jvm} can; with
     * {@code namespaceChowns} the sandbox chowns the rest as root of the namespace.
     */
    void own(IdMapping mapping, HostIdentity jvm, boolean namespaceChowns) throws IOException {
        for (Copy copy : files) {
            OptionalLong hostUid = mapping.hostUid(copy.uid());
            OptionalLong hostGid = mapping.hostGid(copy.gid());
            if (jvm.root()) {
                chown(copy, hostUid.orElse(UNMAPPED), hostGid.orElse(UNMAPPED));
                continue;
            }
            boolean uidKept = hostUid.isPresent() && hostUid.getAsLong() == jvm.uid();
            boolean gidKept = hostGid.isPresent() && hostGid.getAsLong() == fileGid(copy.file());
            if (uidKept && gidKept) {
                continue;
            }
            if (namespaceChowns && hostUid.isPresent() && hostGid.isPresent()) {
                chownedInside.add(copy);
                continue;
            }
            Files.setAttribute(copy.file(), "unix:mode", narrowed(copy.mode(), uidKept, gidKept), LinkOption.NOFOLLOW_LINKS);
        }
        // Variable copies are read by the JVM (runc, bwrap) or by container root (unshare), which
        // as an ordinary user is the JVM's user; as root, container root may be a subordinate id.
        OptionalLong rootUid = mapping.hostUid(0);
        OptionalLong rootGid = mapping.hostGid(0);
        if (jvm.root() && rootUid.isPresent() && rootGid.isPresent()) {
            for (Copy copy : variableCopies) {
                chown(copy, rootUid.getAsLong(), rootGid.getAsLong());
            }
        }
    }

    private static void chown(Copy copy, long uid, long gid) throws IOException {
        Files.setAttribute(copy.file(), "unix:uid", (int) uid, LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(copy.file(), "unix:gid", (int) gid, LinkOption.NOFOLLOW_LINKS);
        // again after the chown, which clears set-id bits
        Files.setAttribute(copy.file(), "unix:mode", copy.mode(), LinkOption.NOFOLLOW_LINKS);
    }

    private static long fileGid(Path file) throws IOException {
        return Integer.toUnsignedLong((Integer) Files.getAttribute(file, "unix:gid", LinkOption.NOFOLLOW_LINKS));
    }

    /** {@code mode} with the owner's and the group's bits cut to the others' where the copy lacks the asked owner or group. */
    static int narrowed(int mode, boolean uidKept, boolean gidKept) {
        int others = mode & 07;
        int owner = uidKept ? mode & 0700 : others << 6;
        int group = gidKept ? mode & 070 : others << 3;
        return (mode & 07000) | owner | group | others;
    }

    /** The copies the sandbox must chown as root of the namespace, to the container ids they carry. */
    List<Copy> chownedInside() {
        return List.copyOf(chownedInside);
    }

    /** {@code env} ({@code NAME=value} entries) with the secret variables added; a secret replaces an entry of its name. */
    List<String> environment(List<String> env) {
        List<String> out = new ArrayList<>();
        for (String entry : env) {
            if (!values.containsKey(entry.substring(0, entry.indexOf('=')))) {
                out.add(entry);
            }
        }
        values.forEach((name, value) -> out.add(name + "=" + value));
        return out;
    }

    /** The environment to start a sandbox tool with: {@code base} plus the secret variables. */
    Map<String, String> processEnvironment(Map<String, String> base) {
        Map<String, String> environment = new LinkedHashMap<>(base);
        environment.putAll(values);
        return environment;
    }

    /**
     * bubblewrap's environment options for {@code env}, given that bwrap starts with
     * {@link #processEnvironment(Map) processEnvironment(inherited)}: its own variables are unset
     * and the step's set, except where a secret variable (which bwrap passes on) takes the name,
     * so no value goes through bwrap's command line.
     */
    List<String> bubblewrapEnvironment(List<String> env, Set<String> inherited) {
        List<String> options = new ArrayList<>();
        if (values.isEmpty()) {
            options.add("--clearenv");
        }
        for (String name : inherited) {
            if (!values.isEmpty() && !values.containsKey(name)) {
                options.addAll(List.of("--unsetenv", name));
            }
        }
        for (String entry : env) {
            int eq = entry.indexOf('=');
            if (!values.containsKey(entry.substring(0, eq))) {
                options.addAll(List.of("--setenv", entry.substring(0, eq), entry.substring(eq + 1)));
            }
        }
        return options;
    }

    /** The secret variables, for the unshare sandbox's setup program to read into the environment. */
    List<Variable> variables() {
        return List.copyOf(variables);
    }
}
