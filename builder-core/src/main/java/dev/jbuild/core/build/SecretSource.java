package dev.jbuild.core.build;

import dev.jbuild.grammar.golang.CsvFields;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A secret for {@code RUN --mount=type=secret,id=ID}: the file whose bytes it is. Parsed from
 * buildx's {@code id=ID,src=FILE}, {@code id=ID,env=VAR} or {@code id=ID} (the variable named
 * like the id); a secret from the environment is copied to a private temporary file, removed
 * when the JVM exits, so that every sandbox mounts secrets the same way.
 */
public record SecretSource(String id, Path file) {

    private static final Set<String> KNOWN = Set.of("id", "type", "src", "source", "env");

    public SecretSource {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(file, "file");
    }

    /** Parses one {@code --secret} value; the exception says what is wrong with it, without the flag's name. */
    public static SecretSource parse(String spec, Map<String, String> environment) {
        Map<String, String> fields = CsvFields.attributes(spec);
        for (String key : fields.keySet()) {
            if (!KNOWN.contains(key)) {
                throw new IllegalArgumentException("unknown attribute '" + key + "' (known: env, id, src, type)");
            }
        }
        String id = fields.get("id");
        if (id == null || id.isEmpty()) {
            throw new IllegalArgumentException("needs id=ID");
        }
        String src = fields.getOrDefault("src", fields.get("source"));
        String type = fields.getOrDefault("type", src != null ? "file" : "env");
        if (type.equals("file")) {
            Path file = Path.of(src == null ? id : src);
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("no such file " + file);
            }
            return new SecretSource(id, file.toAbsolutePath());
        }
        if (!type.equals("env")) {
            throw new IllegalArgumentException("type=" + type + " is not file or env");
        }
        String variable = fields.getOrDefault("env", src == null ? id : src);
        String value = environment.get(variable);
        if (value == null) {
            throw new IllegalArgumentException("environment variable " + variable + " is not set");
        }
        return new SecretSource(id, privateCopy(value));
    }

    private static Path privateCopy(String value) {
        try {
            Path file = Files.createTempFile("jbuild-secret-", "", PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rw-------")));
            file.toFile().deleteOnExit();
            Files.writeString(file, value);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a secret to a temporary file: " + e.getMessage(), e);
        }
    }
}
