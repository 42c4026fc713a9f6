package dev.jbuild.grammar.instruction;

import dev.jbuild.grammar.golang.GoStrconv;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rules for values that BuildKit checks only while building (file modes, checksums, stop
 * signals). When such a value uses no variable it is already known, so {@code jbuild check}
 * reports the problem before any image is pulled. Each method returns what is wrong, or nothing.
 */
final class BuildTimeValues {

    private static final Pattern SYMBOLIC_MODE =
            Pattern.compile("^[ugoa]*(?:[-+=](?:[rwxXst]*|[ugo]))+(?:,[ugoa]*(?:[-+=](?:[rwxXst]*|[ugo]))+)*$");
    private static final Pattern DIGEST = Pattern.compile("^([a-z0-9]+(?:[.+_-][a-z0-9]+)*):([a-f0-9]+)$");
    private static final Map<String, Integer> DIGEST_LENGTHS = Map.of("sha256", 64, "sha384", 96, "sha512", 128);
    private static final Set<String> SIGNALS = signals();

    private BuildTimeValues() {
    }

    /** {@code --chmod}: an octal mode up to 07777, or a symbolic one such as {@code u+x,go-w}. */
    static Optional<String> chmodProblem(String mode) {
        // BuildKit reads a value that starts like a number as octal, anything else as symbolic.
        boolean numeric = !mode.isEmpty() && mode.charAt(0) >= '0' && mode.charAt(0) <= '9';
        long octal = numeric ? GoStrconv.parseUint32(mode, 8) : -1;
        boolean valid = numeric ? octal >= 0 && octal <= 07777 : SYMBOLIC_MODE.matcher(mode).matches();
        return valid ? Optional.empty() : Optional.of("invalid chmod parameter: '" + mode + "'. it should be octal"
                + " string and between 0 and 07777 (such as 0755), or a symbolic mode such as u+x,go-w");
    }

    /**
     * {@code ADD --checksum}: one source, fetched over HTTP(S) or Git; for HTTP(S) a digest.
     *
     * @param source the only source when it uses no variable, else empty
     */
    static Optional<String> checksumProblem(String checksum, int sourceCount, Optional<String> source) {
        if (sourceCount != 1) {
            return Optional.of("checksum can't be specified for multiple sources (use one ADD per checksummed source)");
        }
        if (source.isEmpty()) {
            return Optional.empty();
        }
        SourceKind kind = SourceKind.of(source.get());
        if (!kind.remote()) {
            return Optional.of("checksum requires HTTP(S) or Git sources, not " + source.get());
        }
        if (kind != SourceKind.HTTP) {
            return Optional.empty();
        }
        Matcher m = DIGEST.matcher(checksum);
        Integer length = m.matches() ? DIGEST_LENGTHS.get(m.group(1)) : null;
        if (length == null || m.group(2).length() != length) {
            return Optional.of("invalid checksum digest " + checksum
                    + " (write sha256: followed by 64 lower-case hex digits)");
        }
        return Optional.empty();
    }

    /** {@code STOPSIGNAL}: a positive number, or a Linux signal name with or without SIG, any case. */
    static boolean isSignal(String signal) {
        if (signal.matches("[0-9]+")) {
            return !signal.matches("0+") && signal.length() < 10;
        }
        String name = signal.toUpperCase(Locale.ROOT);
        return SIGNALS.contains(name.startsWith("SIG") ? name.substring(3) : name);
    }

    private static Set<String> signals() {
        List<String> names = new ArrayList<>(List.of("ABRT", "ALRM", "BUS", "CHLD", "CLD", "CONT", "FPE", "HUP",
                "ILL", "INT", "IO", "IOT", "KILL", "PIPE", "POLL", "PROF", "PWR", "QUIT", "SEGV", "STKFLT", "STOP",
                "SYS", "TERM", "TRAP", "TSTP", "TTIN", "TTOU", "URG", "USR1", "USR2", "VTALRM", "WINCH", "XCPU",
                "XFSZ", "RTMIN", "RTMAX"));
        for (int i = 1; i <= 15; i++) {
            names.add("RTMIN+" + i);
        }
        for (int i = 1; i <= 14; i++) {
            names.add("RTMAX-" + i);
        }
        return Set.copyOf(names);
    }
}
