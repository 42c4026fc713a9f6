package dev.jbuild.grammar.instruction;

import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One EXPOSE word, {@code [ip:][hostPort:]containerPort[/proto]}, split and checked as BuildKit
 * checks it. Only the container port and protocol belong in EXPOSE; the build checks warn about
 * the rest, and an impossible port is an error.
 */
record PortSpec(String raw, String ip, String hostPort, String containerPort, String proto) {

    private static final Pattern IPV4 = Pattern.compile("^(0|[1-9]\\d{0,2})(\\.(0|[1-9]\\d{0,2})){3}$");
    private static final Pattern IPV6 = Pattern.compile("^[0-9a-fA-F:.]+(%[0-9A-Za-z]+)?$");

    /** @throws IllegalArgumentException saying why the word is no port */
    static PortSpec parse(String raw) {
        String[] parts = raw.split(":", -1);
        String ip = "";
        String hostPort = "";
        String container;
        int n = parts.length;
        if (n == 1) {
            container = parts[0];
        } else if (n == 2) {
            hostPort = parts[0];
            container = parts[1];
        } else {
            ip = String.join(":", Arrays.copyOfRange(parts, 0, n - 2));
            hostPort = parts[n - 2];
            container = parts[n - 1];
        }
        int slash = container.indexOf('/');
        String port = slash < 0 ? container : container.substring(0, slash);
        String proto = slash < 0 ? "" : container.substring(slash + 1);
        if (port.isEmpty()) {
            throw new IllegalArgumentException("invalid port \"" + raw + "\": no port specified");
        }
        switch (proto.toLowerCase(Locale.ROOT)) {
            case "" -> proto = "tcp";
            case "tcp", "udp", "sctp" -> { }
            default -> throw new IllegalArgumentException("invalid port \"" + raw + "\": invalid proto: " + proto
                    + " (use tcp, udp or sctp)");
        }
        return new PortSpec(raw, ip, hostPort, port, proto);
    }

    /** Checks what BuildKit checks after the build checks ran: the address and port ranges. */
    void validate() {
        String address = ip.startsWith("[") && ip.endsWith("]") ? ip.substring(1, ip.length() - 1) : ip;
        if (!address.isEmpty() && !IPV4.matcher(address).matches()
                && !(address.contains(":") && IPV6.matcher(address).matches())) {
            throw new IllegalArgumentException("invalid IP address: " + ip);
        }
        int[] container = range(containerPort, "containerPort");
        if (!hostPort.isEmpty()) {
            int[] host = range(hostPort, "hostPort");
            if (container[1] - container[0] != host[1] - host[0] && container[1] != container[0]) {
                throw new IllegalArgumentException("invalid ranges specified for container and host Ports: "
                        + containerPort + " and " + hostPort);
            }
        }
    }

    private static int[] range(String ports, String what) {
        int dash = ports.indexOf('-');
        String start = dash < 0 ? ports : ports.substring(0, dash);
        String end = dash < 0 ? start : ports.substring(dash + 1);
        int first = number(start, ports, what);
        if (dash < 0 || start.equals(end)) {
            return new int[] {first, first};
        }
        int last = number(end, ports, what);
        if (last < first) {
            throw new IllegalArgumentException("invalid " + what + ": " + ports + " (a range goes from low to high)");
        }
        return new int[] {first, last};
    }

    private static int number(String text, String ports, String what) {
        // Go's ParseInt: an optional sign, then ASCII digits
        if (text.matches("[+-]?[0-9]{1,9}")) {
            int port = Integer.parseInt(text);
            if (port >= 0 && port <= 65535) {
                return port;
            }
        }
        throw new IllegalArgumentException("invalid " + what + ": " + ports + " (ports are numbers from 0 to 65535)");
    }
}
