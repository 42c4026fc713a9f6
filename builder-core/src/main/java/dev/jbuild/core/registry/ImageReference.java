package dev.jbuild.core.registry;

import dev.jbuild.cache.digest.Digest;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A fully qualified image name — registry, repository, and a tag, a digest or both — parsed
 * and normalised the way Docker does: {@code alpine} is {@code docker.io/library/alpine:latest},
 * {@code user/app:1} is {@code docker.io/user/app:1}. An instance is always valid.
 */
public final class ImageReference {

    /** The registry name that Docker Hub references normalise to. */
    public static final String DOCKER_HUB = "docker.io";
    /** Where Docker Hub's distribution API actually answers. */
    public static final String DOCKER_HUB_API_HOST = "registry-1.docker.io";
    public static final String DEFAULT_TAG = "latest";

    private static final int MAX_NAME_LENGTH = 255;
    // The distribution reference grammar, component by component.
    private static final Pattern PATH_COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
    private static final Pattern DOMAIN = Pattern.compile(
            "(?:(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*"
                    + "|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?");
    private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");
    private static final Pattern HEX_64 = Pattern.compile("[a-f0-9]{64}");

    private final String registry;
    private final String repository;
    private final String tag;
    private final Digest digest;

    /**
     * A reference from its parts, already normalised (no {@code index.docker.io}, Docker Hub
     * official images with their {@code library/} prefix); tag and digest may each be null,
     * but not both.
     */
    public ImageReference(String registry, String repository, String tag, Digest digest) {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(repository, "repository");
        String shown = registry + "/" + repository + (tag == null ? "" : ":" + tag) + (digest == null ? "" : "@" + digest);
        if (!DOMAIN.matcher(registry).matches()) {
            throw invalid(shown, "invalid registry name \"" + registry + "\"");
        }
        checkRepository(shown, registry, repository);
        if (tag == null && digest == null) {
            throw invalid(shown, "a reference needs a tag or a digest");
        }
        if (tag != null && !TAG.matcher(tag).matches()) {
            throw invalid(shown, "invalid tag \"" + tag + "\" (letters, digits, '_', '.' and '-', at most 128, not starting with '.' or '-')");
        }
        this.registry = registry;
        this.repository = repository;
        this.tag = tag;
        this.digest = digest;
    }

    /** Parses a reference as {@code docker pull} would, filling in Docker Hub, {@code library/} and {@code latest}. */
    public static ImageReference parse(String text) {
        Objects.requireNonNull(text, "reference");
        if (text.isEmpty()) {
            throw invalid(text, "reference is empty");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c <= ' ' || c == 0x7f) {
                throw invalid(text, "reference contains whitespace or a control character");
            }
        }
        String rest = text;
        Digest digest = null;
        int at = rest.indexOf('@');
        if (at >= 0) {
            try {
                digest = Digest.parse(rest.substring(at + 1));
            } catch (IllegalArgumentException e) {
                throw invalid(text, "invalid digest: " + e.getMessage());
            }
            rest = rest.substring(0, at);
        }
        String tag = null;
        int colon = rest.lastIndexOf(':');
        if (colon > rest.lastIndexOf('/')) {
            tag = rest.substring(colon + 1);
            rest = rest.substring(0, colon);
            if (!TAG.matcher(tag).matches()) {
                throw invalid(text, "invalid tag \"" + tag + "\" (letters, digits, '_', '.' and '-', at most 128, not starting with '.' or '-')");
            }
        }
        if (rest.isEmpty()) {
            throw invalid(text, "repository name is empty");
        }
        String registry;
        String repository;
        int slash = rest.indexOf('/');
        String first = slash < 0 ? "" : rest.substring(0, slash);
        // Docker's rule: the first component is a registry only if it could not be a path component.
        boolean hasRegistry = slash >= 0 && (first.contains(".") || first.contains(":") || first.equals("localhost")
                || !first.equals(first.toLowerCase(java.util.Locale.ROOT)));
        if (hasRegistry) {
            registry = first.equals("index.docker.io") ? DOCKER_HUB : first;
            repository = rest.substring(slash + 1);
        } else {
            registry = DOCKER_HUB;
            repository = rest;
            if (HEX_64.matcher(repository).matches()) {
                throw invalid(text, "a 64-character hexadecimal string is an image ID, not a repository name");
            }
        }
        if (registry.equals(DOCKER_HUB) && !repository.contains("/")) {
            repository = "library/" + repository;
        }
        if (tag == null && digest == null) {
            tag = DEFAULT_TAG;
        }
        if (!DOMAIN.matcher(registry).matches()) {
            throw invalid(text, "invalid registry name \"" + registry + "\"");
        }
        checkRepository(text, registry, repository);
        return new ImageReference(registry, repository, tag, digest);
    }

    private static void checkRepository(String shown, String registry, String repository) {
        if (repository.isEmpty()) {
            throw invalid(shown, "repository name is empty");
        }
        if (!repository.equals(repository.toLowerCase(java.util.Locale.ROOT))) {
            throw invalid(shown, "repository name must be lowercase");
        }
        if (registry.length() + 1 + repository.length() > MAX_NAME_LENGTH) {
            throw invalid(shown, "repository name must not be more than " + MAX_NAME_LENGTH + " characters");
        }
        for (String component : repository.split("/", -1)) {
            if (!PATH_COMPONENT.matcher(component).matches()) {
                throw invalid(shown, "invalid repository name component \"" + component
                        + "\" (lowercase letters and digits, separated by '.', '_', '__' or '-')");
            }
        }
    }

    private static IllegalArgumentException invalid(String text, String why) {
        return new IllegalArgumentException("invalid reference \"" + text + "\": " + why);
    }

    /** The registry as named in references, e.g. {@code docker.io} or {@code 127.0.0.1:5000}. */
    public String registry() {
        return registry;
    }

    /** The repository path within the registry, e.g. {@code library/alpine}. */
    public String repository() {
        return repository;
    }

    public Optional<String> tag() {
        return Optional.ofNullable(tag);
    }

    public Optional<Digest> digest() {
        return Optional.ofNullable(digest);
    }

    /** The host (and port) whose {@code /v2/} API serves this registry; Docker Hub's differs from its name. */
    public String apiHost() {
        return registry.equals(DOCKER_HUB) ? DOCKER_HUB_API_HOST : registry;
    }

    /** What goes after {@code /manifests/} in the API: the digest if known, since it pins the content, else the tag. */
    public String manifestReference() {
        return digest != null ? digest.toString() : tag;
    }

    /** {@code registry/repository}, without tag or digest. */
    public String name() {
        return registry + "/" + repository;
    }

    /** The same repository and tag, pinned to this digest. */
    public ImageReference withDigest(Digest newDigest) {
        return new ImageReference(registry, repository, tag, Objects.requireNonNull(newDigest, "digest"));
    }

    /** The same repository at this digest, without a tag: what index entries are pushed and pulled as. */
    public ImageReference byDigest(Digest newDigest) {
        return new ImageReference(registry, repository, null, Objects.requireNonNull(newDigest, "digest"));
    }

    /** The same repository under this tag, without a digest. */
    public ImageReference withTag(String newTag) {
        return new ImageReference(registry, repository, Objects.requireNonNull(newTag, "tag"), null);
    }

    /** Another repository on the same registry, e.g. a mount source. */
    public ImageReference inRepository(String otherRepository) {
        return new ImageReference(registry, otherRepository, tag, digest);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ImageReference other && registry.equals(other.registry) && repository.equals(other.repository)
                && Objects.equals(tag, other.tag) && Objects.equals(digest, other.digest);
    }

    @Override
    public int hashCode() {
        return Objects.hash(registry, repository, tag, digest);
    }

    @Override
    public String toString() {
        return name() + (tag == null ? "" : ":" + tag) + (digest == null ? "" : "@" + digest);
    }
}
