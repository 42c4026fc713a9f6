package dev.jbuild.core.memo;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a build invocation is, as the text a memo is keyed on: the arguments as given, the working
 * directory, the identity of this jbuild (the stat of every class path entry) and of the Java
 * runtime, and the names and values of the environment variables a build reads.
 */
public final class InvocationKey {

    /** Variables the build path reads, besides every {@code JBUILD_*} and {@code BUILDKIT_*} one. */
    private static final List<String> READ = List.of("PATH", "HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME",
            "XDG_RUNTIME_DIR", "TERM", "NO_COLOR", "COLUMNS", "LINES", "SOURCE_DATE_EPOCH", "DOCKER_CONFIG",
            "REGISTRY_AUTH_FILE", "SSH_AUTH_SOCK", "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "ALL_PROXY", "http_proxy",
            "https_proxy", "no_proxy", "all_proxy", "LANG", "LC_ALL", "LC_CTYPE");

    /** Not part of the key: it says whether to use memos and how, not what to build. */
    public static final String SWITCH = "JBUILD_MEMO";

    private InvocationKey() {
    }

    /** The key of running jbuild with {@code args} in {@code directory}, where {@code alsoRead} names more variables the build reads. */
    public static String of(List<String> args, Path directory, Map<String, String> environment, Collection<String> alsoRead)
            throws IOException {
        StringBuilder key = new StringBuilder();
        for (String arg : args) {
            key.append("arg ").append(arg).append('\n');
        }
        key.append("directory ").append(directory).append('\n');
        for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            if (!entry.isEmpty()) {
                Path path = Path.of(entry).toAbsolutePath();
                key.append("classpath ").append(path).append(' ').append(FileSignature.of(path)).append('\n');
            }
        }
        key.append("java ").append(System.getProperty("java.home")).append(' ').append(System.getProperty("java.version"))
                .append('\n');
        key.append("user ").append(System.getProperty("user.name")).append(' ').append(System.getProperty("user.home"))
                .append('\n');
        Map<String, String> read = new TreeMap<>();
        for (Map.Entry<String, String> variable : environment.entrySet()) {
            String name = variable.getKey();
            boolean ours = (name.startsWith("JBUILD_") || name.startsWith("BUILDKIT_")) && !name.equals(SWITCH);
            if (ours || READ.contains(name) || alsoRead.contains(name)) {
                read.put(name, variable.getValue());
            }
        }
        for (String name : alsoRead) {
            read.putIfAbsent(name, null);
        }
        for (Map.Entry<String, String> variable : read.entrySet()) {
            String value = variable.getValue();
            if (value == null) {
                key.append("unset ").append(variable.getKey()).append('\n');
            } else {
                key.append("env ").append(variable.getKey()).append('=').append(value).append('\n');
            }
        }
        return key.toString();
    }
}
