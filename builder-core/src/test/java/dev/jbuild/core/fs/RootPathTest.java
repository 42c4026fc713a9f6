package dev.jbuild.core.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jbuild.core.fs.RootPath.Escapes;
import dev.jbuild.core.fs.RootPath.FinalLink;
import dev.jbuild.core.fs.RootPath.Missing;
import dev.jbuild.core.fs.RootPath.Policy;
import dev.jbuild.core.fs.RootPathException.Cause;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The malicious-path suite: every hostile layout under every policy either resolves to a path
 * inside the root that no host symlink leads out of, or fails with an error naming the path.
 */
class RootPathTest {

    @TempDir
    Path temp;
    Path root;
    Path outside;

    @BeforeEach
    void makeRoot() throws IOException {
        root = Files.createDirectories(temp.resolve("root")).toRealPath();
        outside = Files.createDirectories(temp.resolve("outside")).toRealPath();
        Files.writeString(outside.resolve("secret"), "host");
        Files.createDirectories(root.resolve("etc"));
        Files.createDirectories(root.resolve("usr/lib"));
        Files.writeString(root.resolve("etc/file"), "x");
    }

    /** What a case expects under one policy: a container path with so many missing components, or a failure. */
    record Expected(String containerPath, int missing, Cause failure) {
        static Expected at(String containerPath, int missing) {
            return new Expected(containerPath, missing, null);
        }

        static Expected fails(Cause cause) {
            return new Expected(null, 0, cause);
        }
    }

    /** A hostile layout, the path to resolve in it and what each policy makes of it. */
    interface Case {
        String path(RootPathTest fixture) throws IOException;

        Expected expected(Policy policy, RootPathTest fixture);
    }

    enum Layout implements Case {
        DOT_DOT_IN_THE_PATH {
            public String path(RootPathTest f) {
                return "../../../etc/../../usr/lib";
            }

            public Expected expected(Policy p, RootPathTest f) {
                return Expected.at("/usr/lib", 0);
            }
        },
        ABSOLUTE_LINK_TO_ETC {
            public String path(RootPathTest f) throws IOException {
                Files.createSymbolicLink(f.root.resolve("config"), Path.of("/etc"));
                return "/config/file";
            }

            public Expected expected(Policy p, RootPathTest f) {
                return p.escapes() == Escapes.REFUSE ? Expected.fails(Cause.ESCAPE) : Expected.at("/etc/file", 0);
            }
        },
        ABSOLUTE_LINK_TO_A_HOST_DIRECTORY {
            public String path(RootPathTest f) throws IOException {
                Files.createSymbolicLink(f.root.resolve("escape"), f.outside);
                return "escape/secret";
            }

            public Expected expected(Policy p, RootPathTest f) {
                if (p.escapes() == Escapes.REFUSE) {
                    return Expected.fails(Cause.ESCAPE);
                }
                int depth = f.outside.getNameCount();
                // re-rooted: <root>/<outside>/secret, all of it missing inside the root
                return p.missing() == Missing.CREATE ? Expected.at(f.outside + "/secret", 1)
                        : Expected.at(f.outside + "/secret", depth + 1);
            }
        },
        LINK_LOOP {
            public String path(RootPathTest f) throws IOException {
                Files.createSymbolicLink(f.root.resolve("a"), Path.of("b"));
                Files.createSymbolicLink(f.root.resolve("b"), Path.of("a"));
                return "a/x";
            }

            public Expected expected(Policy p, RootPathTest f) {
                return Expected.fails(Cause.TOO_MANY_LINKS);
            }
        },
        LINK_THROUGH_LINKS {
            public String path(RootPathTest f) throws IOException {
                Files.createSymbolicLink(f.root.resolve("first"), Path.of("second/lib"));
                Files.createSymbolicLink(f.root.resolve("second"), Path.of("./usr"));
                return "first/new";
            }

            public Expected expected(Policy p, RootPathTest f) {
                return Expected.at("/usr/lib/new", 1);
            }
        },
        DOT_DOT_IN_A_LINK_ABOVE_THE_ROOT {
            public String path(RootPathTest f) throws IOException {
                Files.createSymbolicLink(f.root.resolve("usr/lib/up"), Path.of("../../../../../etc"));
                return "usr/lib/up/file";
            }

            public Expected expected(Policy p, RootPathTest f) {
                return p.escapes() == Escapes.REFUSE ? Expected.fails(Cause.ESCAPE) : Expected.at("/etc/file", 0);
            }
        },
        DOT_DOT_AFTER_A_LINK_IN_THE_PATH {
            public String path(RootPathTest f) throws IOException {
                Files.createSymbolicLink(f.root.resolve("lib"), Path.of("usr/lib"));
                // cleaned lexically first, as Docker cleans every path: lib/.. is the root, not /usr
                return "lib/../etc";
            }

            public Expected expected(Policy p, RootPathTest f) {
                return Expected.at("/etc", 0);
            }
        },
        CHAIN_AT_THE_HOP_LIMIT {
            public String path(RootPathTest f) throws IOException {
                return chain(f, RootPath.MAX_SYMLINKS);
            }

            public Expected expected(Policy p, RootPathTest f) {
                return Expected.at("/usr/lib/x", 1);
            }
        },
        CHAIN_PAST_THE_HOP_LIMIT {
            public String path(RootPathTest f) throws IOException {
                return chain(f, RootPath.MAX_SYMLINKS + 1);
            }

            public Expected expected(Policy p, RootPathTest f) {
                return Expected.fails(Cause.TOO_MANY_LINKS);
            }
        },
        FINAL_SYMLINK {
            public String path(RootPathTest f) throws IOException {
                Files.createSymbolicLink(f.root.resolve("etc/passwd"), f.outside.resolve("secret"));
                return "/etc/passwd";
            }

            public Expected expected(Policy p, RootPathTest f) {
                if (p.finalLink() == FinalLink.KEEP) {
                    return Expected.at("/etc/passwd", 0);
                }
                if (p.escapes() == Escapes.REFUSE) {
                    return Expected.fails(Cause.ESCAPE);
                }
                int depth = f.outside.getNameCount();
                return Expected.at(f.outside + "/secret", p.missing() == Missing.CREATE ? 1 : depth + 1);
            }
        },
        MISSING_COMPONENTS {
            public String path(RootPathTest f) {
                return "/srv//app/./src/";
            }

            public Expected expected(Policy p, RootPathTest f) {
                return Expected.at("/srv/app/src", p.missing() == Missing.CREATE ? 1 : 3);
            }
        },
        FILE_USED_AS_A_DIRECTORY {
            public String path(RootPathTest f) {
                return "/etc/file/x";
            }

            public Expected expected(Policy p, RootPathTest f) {
                return Expected.fails(Cause.NOT_A_DIRECTORY);
            }
        },
        DOT_DOT_OUT_OF_A_MISSING_DIRECTORY_BACK_ONTO_A_HOST_LINK {
            public String path(RootPathTest f) throws IOException {
                Files.createSymbolicLink(f.root.resolve("evil"), f.outside);
                Files.createSymbolicLink(f.root.resolve("trick"), Path.of("nowhere/../evil/secret"));
                return "trick";
            }

            public Expected expected(Policy p, RootPathTest f) {
                if (p.finalLink() == FinalLink.KEEP) {
                    return Expected.at("/trick", 0);
                }
                return p.missing() == Missing.CREATE && p.escapes() == Escapes.REFUSE ? Expected.fails(Cause.ESCAPE)
                        : p.missing() == Missing.CREATE ? Expected.at(f.outside + "/secret", 1)
                        : Expected.fails(Cause.MISSING_PARENT);
            }
        };

        /** {@code c0 -> c1 -> ... -> c(n-1) -> usr/lib}: n links; resolving c0/x follows all of them. */
        static String chain(RootPathTest f, int links) throws IOException {
            for (int i = 0; i < links; i++) {
                Path target = Path.of(i == links - 1 ? "usr/lib" : "c" + (i + 1));
                Files.createSymbolicLink(f.root.resolve("c" + i), target);
            }
            return "c0/x";
        }
    }

    static Stream<Arguments> layoutsUnderEveryPolicy() {
        List<Arguments> arguments = new ArrayList<>();
        for (Layout layout : Layout.values()) {
            for (Escapes escapes : Escapes.values()) {
                for (Missing missing : Missing.values()) {
                    for (FinalLink finalLink : FinalLink.values()) {
                        arguments.add(Arguments.of(layout, new Policy(escapes, missing, finalLink)));
                    }
                }
            }
        }
        return arguments.stream();
    }

    @ParameterizedTest(name = "{0} under {1}")
    @MethodSource("layoutsUnderEveryPolicy")
    void resolvesInsideTheRootOrNamesThePath(Layout layout, Policy policy) throws IOException {
        String path = layout.path(this);
        Expected expected = layout.expected(policy, this);
        RootPath paths = RootPath.of(root);

        if (expected.failure() != null) {
            RootPathException e = assertThrows(RootPathException.class, () -> paths.resolve(path, policy));
            assertEquals(expected.failure(), e.kind(), e.getMessage());
            assertTrue(e.getMessage().startsWith(path + ": "), e.getMessage());
            return;
        }
        RootPath.Resolved resolved = paths.resolve(path, policy);

        assertEquals(expected.containerPath(), resolved.containerPath());
        assertEquals(root.resolve(resolved.relative()), resolved.host());
        assertEquals(expected.missing(), resolved.missing().size(), () -> "missing " + resolved.missing());
        assertNoHostLinkOnTheWay(resolved.host(), policy);
        assertEquals(resolved.exists() ? resolved.host() : null, resolved.source());
        for (Path missing : resolved.missing()) {
            assertTrue(missing.startsWith(root), missing + " outside " + root);
            assertFalse(Files.exists(missing, java.nio.file.LinkOption.NOFOLLOW_LINKS), missing + " exists");
        }
    }

    private void assertNoHostLinkOnTheWay(Path host, Policy policy) {
        assertTrue(host.startsWith(root), host + " is outside " + root);
        for (Path p = host.getParent(); p.startsWith(root) && !p.equals(root); p = p.getParent()) {
            assertFalse(Files.isSymbolicLink(p), "the host would follow " + p);
        }
        if (policy.finalLink() == FinalLink.FOLLOW) {
            assertFalse(Files.isSymbolicLink(host), "the host would follow the final " + host);
        }
    }

    @Test
    void createdDirectoriesGoThroughTheMaker() throws IOException {
        List<Path> made = new ArrayList<>();
        RootPath paths = RootPath.of(root, directory -> made.add(Files.createDirectory(directory)));

        RootPath.Resolved resolved = paths.resolve("/srv/app/file", Policy.LAYER_ENTRY);

        assertEquals(List.of(root.resolve("srv"), root.resolve("srv/app")), made);
        assertEquals(List.of(root.resolve("srv/app/file")), resolved.missing());
    }

    /**
     * What COPY's heredoc files and WORKDIR need from the resolver (today {@code StepCopier.inRoot}):
     * an absolute link on the way is re-rooted, and a final symlink is the entry itself, never
     * followed onto the host.
     */
    @Test
    void heredocTargetIsReRootedAndItsFinalLinkIsNotFollowed() throws IOException {
        Files.createSymbolicLink(root.resolve("app"), Path.of("/usr/lib"));
        Files.createSymbolicLink(root.resolve("usr/lib/run.sh"), outside.resolve("secret"));
        Policy heredoc = new Policy(Escapes.REROOT, Missing.CREATE, FinalLink.KEEP);

        RootPath.Resolved target = RootPath.of(root).resolve("/app/run.sh", heredoc);
        RootPath.Resolved created = RootPath.of(root).resolve("/app/conf.d/new.conf", heredoc);

        assertEquals(root.resolve("usr/lib/run.sh"), target.host());
        assertTrue(Files.isSymbolicLink(target.host()), "the link itself is named, to be replaced");
        assertEquals(root.resolve("usr/lib/conf.d/new.conf"), created.host());
        assertTrue(Files.isDirectory(root.resolve("usr/lib/conf.d")));
        assertEquals("host", Files.readString(outside.resolve("secret")));
    }

    @Test
    void overAnOverlayReadsWhereTheLookupSays() throws IOException {
        Path lower = Files.createDirectories(temp.resolve("lower/etc"));
        Files.createSymbolicLink(lower.resolve("resolv.conf"), Path.of("/run/resolv.conf"));
        Path mountPoint = temp.resolve("merged");
        RootPath paths = RootPath.over(mountPoint, RootPath.directory(temp.resolve("lower")));

        RootPath.Resolved resolved = paths.resolve("/etc/resolv.conf", Policy.CONTAINER);

        assertEquals("/run/resolv.conf", resolved.containerPath());
        assertEquals(mountPoint.resolve("run/resolv.conf"), resolved.host());
        assertEquals(List.of(mountPoint.resolve("run"), mountPoint.resolve("run/resolv.conf")), resolved.missing());
        assertNull(resolved.source());
        assertEquals("/", paths.resolve("", Policy.CONTAINER).containerPath());
    }
}
