package dev.jbuild.core.context;

/**
 * A COPY or ADD source names nothing in the context (or stage) it reads from, possibly because
 * {@code .dockerignore} excludes it. The message follows BuildKit's {@code "/x": not found}.
 */
public final class SourceNotFoundException extends BuildContextException {

    public SourceNotFoundException(String path, String message) {
        super(path, message);
    }
}
