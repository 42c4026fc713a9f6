package dev.jbuild.core.source.remote;

import dev.jbuild.grammar.golang.GoStrconv;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/** The options of a Git URL's query, checked against its {@code #ref:subdir} as BuildKit checks them. */
final class GitUrlQuery {

    private final String text;
    private String ref;
    private String subdir;
    private String tag = "";
    private String branch = "";
    private Optional<String> checksum = Optional.empty();
    private Optional<Boolean> keepGitDir = Optional.empty();

    GitUrlQuery(String text, String ref, String subdir) {
        this.text = text;
        this.ref = ref;
        this.subdir = subdir;
    }

    GitUrlQuery read(String query) {
        Set<String> seen = new HashSet<>();
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            if (!seen.add(key)) {
                throw error("query \"" + key + "\" has multiple values");
            }
            option(key, value);
        }
        if (!tag.isEmpty() && !branch.isEmpty()) {
            throw error("branch conflicts with tag");
        }
        if (!tag.isEmpty()) {
            setRef(tag.startsWith("refs/tags/") ? tag : "refs/tags/" + tag);
        }
        if (!branch.isEmpty()) {
            setRef(branch.startsWith("refs/heads/") ? branch : "refs/heads/" + branch);
        }
        return this;
    }

    private void option(String key, String value) {
        boolean flag = key.equals("keep-git-dir") || key.equals("submodules") || key.equals("fetch-by-commit");
        if (value.isEmpty() && !flag) {
            throw error("query \"" + key + "\" has no value");
        }
        switch (key) {
            case "ref" -> setRef(value);
            case "tag" -> tag = value;
            case "branch" -> branch = value;
            case "subdir" -> {
                if (!subdir.isEmpty() && !subdir.equals(value)) {
                    throw error("subdir conflicts: \"" + subdir + "\" vs \"" + value + "\"");
                }
                subdir = value;
            }
            case "checksum", "commit" -> checksum = Optional.of(value);
            case "keep-git-dir" -> keepGitDir = Optional.of(bool(key, value));
            case "submodules" -> {
                if (bool(key, value)) {
                    throw error("submodules are not supported by jbuild yet; drop ?submodules");
                }
            }
            case "fetch-by-commit" -> bool(key, value);
            case "mtime" -> {
                if (!value.equals("checkout")) {
                    throw error("mtime=" + value + " is not supported by jbuild yet (only mtime=checkout)");
                }
            }
            default -> throw error("unexpected query \"" + key + "\"");
        }
    }

    private void setRef(String value) {
        if (!ref.isEmpty() && !ref.equals(value)) {
            throw error("ref conflicts: \"" + ref + "\" vs \"" + value + "\"");
        }
        ref = value;
    }

    // Go's strconv.ParseBool, as BuildKit reads these options; a bare key means true
    private boolean bool(String key, String value) {
        if (value.isEmpty()) {
            return true;
        }
        return GoStrconv.parseBool(value).orElseThrow(() -> error("invalid " + key + " value: \"" + value + "\""));
    }

    RemoteSource.Git toGit(String remote) {
        return new RemoteSource.Git(text, remote, ref, subdir, checksum, keepGitDir);
    }

    private RemoteSourceException error(String why) {
        return new RemoteSourceException("Git URL " + text + ": " + why);
    }

    private static String decode(String part) {
        return URLDecoder.decode(part, StandardCharsets.UTF_8);
    }
}
