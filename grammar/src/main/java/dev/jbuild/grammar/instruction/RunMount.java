package dev.jbuild.grammar.instruction;

import dev.jbuild.grammar.golang.CsvFields;
import dev.jbuild.grammar.golang.GoStrconv;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code RUN --mount=…}, read as BuildKit reads it. {@code spec} is the flag value as written.
 * Option values may use variables, which only the planner can expand: it reads the mount again
 * with {@link #parse(String, UnaryOperator)} and the stage's variables. Until then, an option whose
 * value uses a variable keeps its raw text (text options) or its default (typed options).
 */
public record RunMount(
        String spec,
        MountType type,
        String from,
        String source,
        String target,
        boolean readOnly,
        long sizeLimit,
        String id,
        Optional<MountSharing> sharing,
        boolean required,
        Optional<String> env,
        OptionalLong mode,
        OptionalLong uid,
        OptionalLong gid) {

    /** Every option key, for "did you mean" and the list in errors. */
    static final List<String> KEYS = List.of("type", "from", "source", "target", "readonly", "id",
            "sharing", "required", "size", "mode", "uid", "gid", "src", "dst", "destination", "ro",
            "rw", "readwrite", "env");
    private static final Pattern RAM_SIZE = Pattern.compile("^(\\d+(?:\\.\\d+)*) ?([kKmMgGtTpP])?[iI]?[bB]?$");

    public RunMount {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(sharing, "sharing");
        Objects.requireNonNull(env, "env");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(uid, "uid");
        Objects.requireNonNull(gid, "gid");
        if (sizeLimit < 0) {
            throw new IllegalArgumentException("negative size limit " + sizeLimit);
        }
    }

    /**
     * Reads a mount. {@code expand} turns an option value as written into its value; it returns
     * null when the value is not known yet (it uses a variable), which skips the checks that need it.
     *
     * @throws IllegalArgumentException saying what is wrong with the mount, in BuildKit's words
     */
    public static RunMount parse(String spec, UnaryOperator<String> expand) {
        Reading r = new Reading(spec);
        for (String field : CsvFields.split(spec)) {
            r.field(field, expand);
        }
        return r.finish();
    }

    /** The state of one parse: BuildKit's fields and whether the type is known. */
    private static final class Reading {
        private final String spec;
        private MountType type = MountType.BIND;
        private boolean typeKnown = true;
        private String from = "";
        private String source = "";
        private String target = "";
        private boolean readOnly;
        private boolean readOnlyGiven;
        private long sizeLimit;
        private String id = "";
        private MountSharing sharing;
        private boolean required;
        private String env;
        private long mode = -1;
        private long uid = -1;
        private long gid = -1;

        Reading(String spec) {
            this.spec = spec;
        }

        void field(String field, UnaryOperator<String> expand) {
            int eq = field.indexOf('=');
            String key = (eq < 0 ? field : field.substring(0, eq)).toLowerCase(Locale.ROOT);
            if (eq < 0) {
                flag(key, field);
                return;
            }
            String raw = field.substring(eq + 1);
            if (key.equals("from")) {
                int dollar = raw.indexOf('$');
                if (dollar >= 0 && dollar != raw.length() - 1) {
                    throw new IllegalArgumentException("'from' doesn't support variable expansion, "
                            + "define alias stage instead (FROM " + raw + " AS name, then from=name)");
                }
            }
            String value = expand.apply(raw);
            switch (key) {
                case "type" -> type(value);
                case "from" -> from = value == null ? raw : value;
                case "source", "src" -> source = value == null ? raw : value;
                case "target", "dst", "destination" -> target = value == null ? raw : value;
                case "readonly", "ro" -> {
                    readOnly = value == null ? readOnly : bool(key, value);
                    readOnlyGiven = true;
                }
                case "readwrite", "rw" -> {
                    readOnly = value == null ? readOnly : !bool(key, value);
                    readOnlyGiven = true;
                }
                case "required" -> {
                    requireType(key, MountType.SECRET, MountType.SSH);
                    required = value == null ? required : bool(key, value);
                }
                case "size" -> {
                    requireType(key, MountType.TMPFS);
                    if (value != null) {
                        sizeLimit = ramInBytes(key, value);
                    }
                }
                case "id" -> id = value == null ? raw : value;
                case "sharing" -> {
                    if (value != null) {
                        sharing = MountSharing.of(value).orElseThrow(() -> new IllegalArgumentException(
                                "unsupported sharing value \"" + value + "\""
                                        + Suggestion.didYouMean(value, names(MountSharing.values()), true, "")
                                        + "; use shared, private or locked"));
                    }
                }
                case "mode" -> mode = value == null ? mode : number(value, 8, "mode");
                case "uid" -> uid = value == null ? uid : number(value, 10, "uid");
                case "gid" -> gid = value == null ? gid : number(value, 10, "gid");
                case "env" -> env = value == null ? raw : value;
                default -> throw new IllegalArgumentException("unexpected key '" + key + "' in '" + field + "'"
                        + Suggestion.didYouMean(key, KEYS, true, "") + "; mount options are "
                        + String.join(", ", KEYS));
            }
        }

        private void flag(String key, String field) {
            switch (key) {
                case "readonly", "ro" -> {
                    readOnly = true;
                    readOnlyGiven = true;
                }
                case "readwrite", "rw" -> {
                    readOnly = false;
                    readOnlyGiven = true;
                }
                case "required" -> {
                    requireType(key, MountType.SECRET, MountType.SSH);
                    required = true;
                }
                default -> throw new IllegalArgumentException("invalid field '" + field
                        + "' must be a key=value pair");
            }
        }

        private void type(String value) {
            if (value == null) {
                typeKnown = false;
                return;
            }
            type = MountType.of(value).orElseThrow(() -> new IllegalArgumentException(
                    "unsupported mount type \"" + value + "\""
                            + Suggestion.didYouMean(value, names(MountType.values()), true, "")
                            + "; use bind, cache, tmpfs, secret or ssh"));
            typeKnown = true;
        }

        // BuildKit checks an option against the type set so far, so the type must come first.
        private void requireType(String key, MountType... allowed) {
            if (typeKnown && !Arrays.asList(allowed).contains(type)) {
                throw new IllegalArgumentException("unexpected key '" + key + "' for mount type '"
                        + type.flagValue() + "' (it needs type=" + names(allowed).get(0)
                        + (allowed.length > 1 ? " or type=" + names(allowed).get(1) : "")
                        + ", given before it)");
            }
        }

        private static boolean bool(String key, String value) {
            return GoStrconv.parseBool(value).orElseThrow(() -> new IllegalArgumentException(
                    "invalid value for " + key + ": " + value + " (use true or false)"));
        }

        private static long number(String value, int radix, String key) {
            long n = GoStrconv.parseUint32(value, radix);
            if (n < 0) {
                throw new IllegalArgumentException("invalid value " + value + " for " + key
                        + (radix == 8 ? " (use an octal number such as 0755)" : " (use a number)"));
            }
            return n;
        }

        private static long ramInBytes(String key, String value) {
            Matcher m = RAM_SIZE.matcher(value);
            double number;
            try {
                if (!m.matches()) {
                    throw new NumberFormatException(value);
                }
                number = Double.parseDouble(m.group(1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("invalid value for " + key + ": " + value
                        + " (use a size such as 64m or 1g)");
            }
            long unit = switch (m.group(2) == null ? "" : m.group(2).toLowerCase(Locale.ROOT)) {
                case "k" -> 1L << 10;
                case "m" -> 1L << 20;
                case "g" -> 1L << 30;
                case "t" -> 1L << 40;
                case "p" -> 1L << 50;
                default -> 1L;
            };
            return (long) (number * unit);
        }

        RunMount finish() {
            if (typeKnown) {
                checkType();
            }
            boolean ro = readOnlyGiven ? readOnly
                    : !(type == MountType.CACHE || type == MountType.TMPFS);
            return new RunMount(spec, type, from, source, target, ro, sizeLimit, id,
                    Optional.ofNullable(sharing), required, Optional.ofNullable(env), optional(mode),
                    optional(uid), optional(gid));
        }

        private void checkType() {
            boolean fileInfoAllowed = type == MountType.SECRET || type == MountType.SSH || type == MountType.CACHE;
            if (!fileInfoAllowed) {
                rejectFileInfo("mode", mode);
                rejectFileInfo("uid", uid);
                rejectFileInfo("gid", gid);
            }
            if (type == MountType.SECRET) {
                if (!from.isEmpty()) {
                    throw new IllegalArgumentException("secret mount should not have a from");
                }
                if (sharing != null) {
                    throw new IllegalArgumentException("secret mount should not define sharing");
                }
                if (source.isEmpty() && target.isEmpty() && id.isEmpty()) {
                    throw new IllegalArgumentException("invalid secret mount. one of source, target required"
                            + " (for example type=secret,id=mytoken)");
                }
                if (!source.isEmpty() && !id.isEmpty()) {
                    throw new IllegalArgumentException("both source and id can't be set on a secret mount");
                }
            }
            if (sharing != null && type != MountType.CACHE) {
                throw new IllegalArgumentException("invalid cache sharing set for " + type.flagValue()
                        + " mount (sharing is for type=cache)");
            }
        }

        private void rejectFileInfo(String option, long value) {
            if (value >= 0) {
                throw new IllegalArgumentException(option + " not allowed for \"" + type.flagValue()
                        + "\" type mounts (only cache, secret and ssh mounts take it)");
            }
        }

        private static OptionalLong optional(long value) {
            return value < 0 ? OptionalLong.empty() : OptionalLong.of(value);
        }
    }

    private static List<String> names(Enum<?>[] values) {
        return Arrays.stream(values).map(v -> v.name().toLowerCase(Locale.ROOT)).toList();
    }
}
