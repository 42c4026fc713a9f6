package dev.jbuild.core.store;

/**
 * Docker's "familiar" form of a full image name, as {@code docker images} shows it:
 * {@code docker.io/library/app:1} is {@code app:1}, {@code docker.io/user/app:1} is
 * {@code user/app:1}, other registries stay as they are.
 */
public final class DockerName {

    private DockerName() {
    }

    public static String familiar(String fullName) {
        String name = fullName;
        if (name.startsWith("docker.io/")) {
            name = name.substring("docker.io/".length());
            if (name.startsWith("library/") && name.indexOf('/', "library/".length()) < 0) {
                name = name.substring("library/".length());
            }
        }
        return name;
    }
}
