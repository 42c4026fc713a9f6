package dev.jbuild.core.plan;

import dev.jbuild.core.image.HealthConfig;
import dev.jbuild.grammar.golang.GoQuote;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code created_by} text BuildKit's Dockerfile frontend writes into image history for each
 * instruction. Tools show these lines ({@code docker history}) and compare images by them, so
 * they follow BuildKit's formatting, which is Go's: {@code %v} of a string list prints
 * {@code [a b]}, {@code %q} prints {@code ["a" "b"]}, durations print as {@code 1m30s}.
 */
final class HistoryText {

    private static final String BUILDKIT_MARK = " # buildkit";

    private HistoryText() {
    }

    /** {@code RUN |2 a=1 b=2 /bin/sh -c make # buildkit}: the stage's ARGs, then the argv. */
    static String run(List<String> argv, Map<String, String> stageArgs, Map<String, String> visible) {
        StringBuilder text = new StringBuilder("RUN");
        if (!stageArgs.isEmpty()) {
            text.append(" |").append(stageArgs.size());
            // what the command sees (an ENV of the same name set later wins) is what history shows
            stageArgs.forEach((key, value) -> text.append(' ').append(key).append('=')
                    .append(visible.getOrDefault(key, value == null ? "" : value)));
        }
        argv.forEach(a -> text.append(' ').append(a));
        return text.append(BUILDKIT_MARK).toString();
    }

    /**
     * {@code COPY --chown=1000 a b /dest/ # buildkit}: expanded sources and destination; the
     * source stage, {@code --link} and {@code --exclude} are not part of the text.
     */
    static String copy(boolean add, boolean parents, String chown, String chmod, List<String> sources,
            List<String> heredocNames, String destination) {
        StringBuilder text = new StringBuilder(add ? "ADD" : "COPY");
        if (parents) {
            text.append(" --parents");
        }
        if (chown != null && !chown.isEmpty()) {
            text.append(" --chown=").append(chown);
        }
        if (chmod != null && !chmod.isEmpty()) {
            text.append(" --chmod=").append(chmod);
        }
        sources.forEach(s -> text.append(' ').append(s));
        heredocNames.forEach(h -> text.append(" <<").append(h));
        return text.append(' ').append(destination).append(BUILDKIT_MARK).toString();
    }

    /** {@code ENV a=1 b=2} and {@code LABEL a=1 b=2}: the pairs as set, expanded. */
    static String pairs(String keyword, List<Map.Entry<String, String>> pairs) {
        StringBuilder text = new StringBuilder(keyword);
        pairs.forEach(p -> text.append(' ').append(p.getKey()).append('=').append(p.getValue()));
        return text.toString();
    }

    /** {@code ARG a=1 b}: a name without a value has no {@code =}. */
    static String arg(List<Map.Entry<String, String>> definitions) {
        StringBuilder text = new StringBuilder("ARG");
        for (Map.Entry<String, String> d : definitions) {
            text.append(' ').append(d.getKey());
            if (d.getValue() != null) {
                text.append('=').append(d.getValue());
            }
        }
        return text.toString();
    }

    /** {@code EXPOSE [443/tcp 80/tcp]}: this instruction's ports, sorted, with their protocol. */
    static String expose(List<String> ports) {
        return "EXPOSE " + list(ports.stream().sorted().toList());
    }

    /** Instructions BuildKit prints with Go's {@code %v}: {@code VOLUME [/a /b]}, {@code SHELL [/bin/sh -c]}. */
    static String listed(String keyword, List<String> values) {
        return keyword + " " + list(values);
    }

    /** {@code CMD ["sh" "-c" "x"]} and {@code ENTRYPOINT …}: Go's {@code %q} of the final argv. */
    static String quoted(String keyword, List<String> argv) {
        List<String> quoted = new ArrayList<>();
        for (String a : argv == null ? List.<String>of() : argv) {
            quoted.add(GoQuote.quote(a));
        }
        return keyword + " " + list(quoted);
    }

    /** {@code HEALTHCHECK {Test:[CMD-SHELL x] Interval:5s Timeout:0s StartPeriod:0s StartInterval:0s Retries:3}}. */
    static String healthcheck(HealthConfig health) {
        return "HEALTHCHECK {Test:" + list(health.test())
                + " Interval:" + duration(health.interval())
                + " Timeout:" + duration(health.timeout())
                + " StartPeriod:" + duration(health.startPeriod())
                + " StartInterval:" + duration(health.startInterval())
                + " Retries:" + (health.retries() == null ? 0 : health.retries()) + "}";
    }

    private static String list(List<String> values) {
        return "[" + String.join(" ", values == null ? List.of() : values) + "]";
    }

    /** Go's time.Duration.String for a count of nanoseconds (null is zero). */
    static String duration(Long nanos) {
        long n = nanos == null ? 0 : nanos;
        if (n == 0) {
            return "0s";
        }
        String sign = n < 0 ? "-" : "";
        long u = Math.abs(n);
        if (u < 1_000L) {
            return sign + u + "ns";
        }
        if (u < 1_000_000L) {
            return sign + fraction(u, 1_000L) + "µs";
        }
        if (u < 1_000_000_000L) {
            return sign + fraction(u, 1_000_000L) + "ms";
        }
        long hours = u / 3_600_000_000_000L;
        long minutes = u / 60_000_000_000L % 60;
        String seconds = fraction(u % 60_000_000_000L, 1_000_000_000L) + "s";
        if (hours > 0) {
            return sign + hours + "h" + minutes + "m" + seconds;
        }
        if (minutes > 0) {
            return sign + minutes + "m" + seconds;
        }
        return sign + seconds;
    }

    // value / unit with the fraction's trailing zeros dropped, as Go prints it
    private static String fraction(long value, long unit) {
        long whole = value / unit;
        long rest = value % unit;
        if (rest == 0) {
            return Long.toString(whole);
        }
        String digits = String.format("%0" + Long.toString(unit).length() + "d", rest).substring(1);
        return whole + "." + digits.replaceAll("0+$", "");
    }
}
