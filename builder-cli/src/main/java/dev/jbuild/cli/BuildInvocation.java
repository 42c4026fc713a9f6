package dev.jbuild.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A {@code jbuild build} command line read without picocli, for the build memo: only one whose
 * every flag is known to change nothing but the build's inputs, its names and how it reports
 * (no {@code --no-cache}, {@code --pull}, {@code --push}, outputs, shared caches, secrets, stdin
 * or remote contexts) is one; anything else, or anything unusual in how it is written, is not.
 */
record BuildInvocation(Path context, Path dockerfile, boolean quiet, Optional<Path> iidFile, Optional<Path> cacheDir,
        Set<String> environmentArgs) {

    /** Flags that take a value and may be given once. */
    private static final Set<String> SINGLE = Set.of("-f", "--file", "--target", "--platform", "--progress", "--cache-dir",
            "--network", "--sandbox", "--snapshotter", "--iidfile", "--cache-limit");
    /** Flags that take a value and may repeat. */
    private static final Set<String> REPEATED = Set.of("-t", "--tag", "--build-arg", "--label", "--add-host");
    private static final Set<String> SWITCHES = Set.of("-q", "--quiet", "--serial");

    /** The invocation {@code args} (starting with {@code build}) is, if a memo may answer it. */
    static Optional<BuildInvocation> read(String[] args, Path directory, Map<String, String> environment) {
        if (args.length < 2 || !args[0].equals("build")) {
            return Optional.empty();
        }
        Map<String, String> single = new HashMap<>();
        Set<String> environmentArgs = new HashSet<>();
        List<String> positional = new ArrayList<>();
        boolean quiet = false;
        for (int i = 1; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("-") || arg.equals("-")) {
                positional.add(arg);
                continue;
            }
            int eq = arg.startsWith("--") ? arg.indexOf('=') : -1;
            String flag = eq < 0 ? arg : arg.substring(0, eq);
            if (SWITCHES.contains(flag) && eq < 0) {
                quiet |= !flag.equals("--serial");
                continue;
            }
            if (!SINGLE.contains(flag) && !REPEATED.contains(flag)) {
                return Optional.empty();
            }
            String value;
            if (eq >= 0) {
                value = arg.substring(eq + 1);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                return Optional.empty();
            }
            if (SINGLE.contains(flag) && single.put(flag.equals("-f") ? "--file" : flag, value) != null) {
                return Optional.empty();
            }
            if (flag.equals("--build-arg") && value.indexOf('=') < 0) {
                environmentArgs.add(value);
            }
        }
        return of(positional, single, quiet, directory, environment, environmentArgs);
    }

    private static Optional<BuildInvocation> of(List<String> positional, Map<String, String> single, boolean quiet,
            Path directory, Map<String, String> environment, Set<String> environmentArgs) {
        // a multi-platform build is several solves under one index; the memo records one
        if (positional.size() != 1 || remote(positional.get(0)) || "-".equals(single.get("--file"))
                || single.getOrDefault("--platform", "").contains(",")) {
            return Optional.empty();
        }
        String progress = single.getOrDefault("--progress", environment.getOrDefault("BUILDKIT_PROGRESS", "auto"));
        if (!quiet && !Set.of("auto", "", "tty", "plain", "quiet").contains(progress)) {
            return Optional.empty();
        }
        Path context = directory.resolve(positional.get(0)).normalize();
        if (!Files.isDirectory(context)) {
            return Optional.empty();
        }
        Path dockerfile = single.containsKey("--file") ? directory.resolve(single.get("--file")).normalize()
                : context.resolve("Dockerfile");
        return Optional.of(new BuildInvocation(context, dockerfile, quiet || progress.equals("quiet"),
                resolved(directory, single.get("--iidfile")), resolved(directory, single.get("--cache-dir")),
                Set.copyOf(environmentArgs)));
    }

    private static Optional<Path> resolved(Path directory, String path) {
        return path == null ? Optional.empty() : Optional.of(directory.resolve(path));
    }

    // What ContextLocation could take for a URL, a git repository or stdin is left to the full path.
    private static boolean remote(String context) {
        return context.equals("-") || context.contains(":") || context.endsWith(".git") || context.startsWith("git@");
    }

    /** The Dockerfile's own ignore file, which BuildKit reads instead of the context's when it exists. */
    Path dockerfileIgnore() {
        return dockerfile.resolveSibling(dockerfile.getFileName() + ".dockerignore");
    }
}
