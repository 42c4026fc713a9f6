package dev.jbuild.core.exec;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which system calls a RUN step may make, as data: a default action and, per call, either one
 * unconditional rule or conditional rules on an argument, tried in order. {@link #docker()} is
 * the profile jbuild applies, Docker's default for a container without CAP_SYS_ADMIN, read from
 * {@code seccomp-profile.txt} (its header documents the format) once per JVM.
 */
record SeccompProfile(SeccompAction defaultAction, List<Rule> rules) {

    private static final String RESOURCE = "seccomp-profile.txt";

    /** One line of the profile: {@code syscall} gets {@code action}, always or only when {@code condition} holds. */
    record Rule(String syscall, SeccompAction action, Optional<ArgCondition> condition) {
    }

    /** Equal or not equal to a value after masking: what the profile needs, and what one BPF jeq tests. */
    enum Comparison { EQUAL, NOT_EQUAL }

    /** {@code (low 32 bits of args[index] & mask) <comparison> value}. */
    record ArgCondition(int index, long mask, Comparison comparison, long value) {
        static final long LOW_WORD = 0xffffffffL;

        public ArgCondition {
            if (index < 0 || index > 5) {
                throw new IllegalArgumentException("a system call has arguments 0 to 5, not " + index);
            }
            if ((mask & ~LOW_WORD) != 0 || (value & ~LOW_WORD) != 0) {
                throw new IllegalArgumentException("conditions compare 32 bits; mask 0x" + Long.toHexString(mask)
                        + " or value 0x" + Long.toHexString(value) + " is wider");
            }
            if (mask != LOW_WORD && comparison != Comparison.EQUAL) {
                throw new IllegalArgumentException("a masked condition tests '==' only, as the OCI spec's SCMP_CMP_MASKED_EQ");
            }
            if ((value & ~mask) != 0) {
                throw new IllegalArgumentException("value 0x" + Long.toHexString(value) + " has bits outside mask 0x"
                        + Long.toHexString(mask) + ", so the condition is constant");
            }
        }

        boolean masked() {
            return mask != LOW_WORD;
        }
    }

    public SeccompProfile {
        rules = List.copyOf(rules);
        Map<String, List<Rule>> seen = new LinkedHashMap<>();
        for (Rule rule : rules) {
            List<Rule> earlier = seen.computeIfAbsent(rule.syscall(), s -> new ArrayList<>());
            if (!earlier.isEmpty() && (rule.condition().isEmpty() || earlier.get(0).condition().isEmpty())) {
                throw new IllegalArgumentException(rule.syscall() + " has an unconditional rule and other rules");
            }
            earlier.add(rule);
        }
    }

    /** Docker's default profile without CAP_SYS_ADMIN, checked against every known architecture's table. */
    static SeccompProfile docker() {
        return Docker.PROFILE;
    }

    /** The rules per system call, in profile order. */
    Map<String, List<Rule>> bySyscall() {
        Map<String, List<Rule>> by = new LinkedHashMap<>();
        rules.forEach(rule -> by.computeIfAbsent(rule.syscall(), s -> new ArrayList<>()).add(rule));
        return by;
    }

    /** Parses the profile format; errors name {@code source} and the line. */
    static SeccompProfile parse(String text, String source) {
        SeccompAction defaultAction = null;
        List<Rule> rules = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String where = source + ":" + (i + 1);
            try {
                List<String> words = Arrays.asList(line.split("\\s+"));
                if (words.get(0).equals("default")) {
                    if (defaultAction != null) {
                        throw new IllegalArgumentException("a second default action");
                    }
                    defaultAction = action(words, 1, words.size());
                    continue;
                }
                rules.add(rule(words));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": " + e.getMessage() + " in '" + line + "'", e);
            }
        }
        if (defaultAction == null) {
            throw new IllegalArgumentException(source + ": no 'default' action");
        }
        try {
            return new SeccompProfile(defaultAction, rules);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
        }
    }

    /** Fails naming each system call that no architecture's table has: a typo would otherwise deny a call silently. */
    SeccompProfile requireKnown(List<SyscallArch> arches, String source) {
        List<String> unknown = bySyscall().keySet().stream()
                .filter(name -> arches.stream().allMatch(arch -> arch.number(name).isEmpty()))
                .toList();
        if (!unknown.isEmpty()) {
            throw new IllegalStateException(source + ": no architecture has the system calls " + unknown);
        }
        return this;
    }

    private static Rule rule(List<String> words) {
        int condition = words.indexOf("if");
        int actionEnd = condition < 0 ? words.size() : condition;
        SeccompAction action = action(words, 1, actionEnd);
        if (condition < 0) {
            return new Rule(words.get(0), action, Optional.empty());
        }
        return new Rule(words.get(0), action, Optional.of(condition(words.subList(condition + 1, words.size()))));
    }

    private static SeccompAction action(List<String> words, int from, int to) {
        List<String> action = words.subList(Math.min(from, to), to);
        if (action.equals(List.of("allow"))) {
            return SeccompAction.ALLOW;
        }
        if (action.size() == 2 && action.get(0).equals("errno")) {
            return new SeccompAction.Errno((int) number(action.get(1)));
        }
        throw new IllegalArgumentException("expected 'allow' or 'errno <n>'");
    }

    /** {@code arg<i> [& <mask>] == | != <value>}. */
    private static ArgCondition condition(List<String> words) {
        if (words.size() != 3 && words.size() != 5 || !words.get(0).matches("arg\\d")) {
            throw new IllegalArgumentException("expected 'if arg<i> [& <mask>] == | != <value>'");
        }
        int index = Integer.parseInt(words.get(0).substring(3));
        long mask = ArgCondition.LOW_WORD;
        int op = 1;
        if (words.size() == 5) {
            if (!words.get(1).equals("&")) {
                throw new IllegalArgumentException("expected '&' after " + words.get(0));
            }
            mask = number(words.get(2));
            op = 3;
        }
        Comparison comparison = switch (words.get(op)) {
            case "==" -> Comparison.EQUAL;
            case "!=" -> Comparison.NOT_EQUAL;
            default -> throw new IllegalArgumentException("expected '==' or '!=', got '" + words.get(op) + "'");
        };
        return new ArgCondition(index, mask, comparison, number(words.get(op + 1)));
    }

    private static long number(String word) {
        try {
            return word.startsWith("0x") ? Long.parseLong(word.substring(2), 16) : Long.parseLong(word);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + word + "' is not a number");
        }
    }

    /** Loaded on first use, once. */
    private static final class Docker {
        static final SeccompProfile PROFILE = load();

        private static SeccompProfile load() {
            try (InputStream in = SeccompProfile.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("the seccomp profile " + RESOURCE + " is missing from the classpath");
                }
                return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), RESOURCE)
                        .requireKnown(List.of(SyscallArch.values()), RESOURCE);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the seccomp profile " + RESOURCE, e);
            }
        }
    }
}
