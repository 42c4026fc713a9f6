package dev.jbuild.core.exec;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One {@code --add-host} entry: a name and the IP address a step's {@code /etc/hosts} gives it.
 * {@code host-gateway} stands for the host, which is {@code 127.0.0.1} here: steps share the
 * host's network namespace unless they run with {@code --network=none}.
 */
public record ExtraHost(String name, String address) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9_.-]*[A-Za-z0-9])?");
    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    public ExtraHost {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(address, "address");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid host name '" + name + "'");
        }
        if (!IPV4.matcher(address).matches() && !IPV6.matcher(address).matches()) {
            throw new IllegalArgumentException("invalid IP address '" + address + "' for " + name);
        }
    }

    /** Docker's {@code NAME:IP} or {@code NAME=IP}; an IPv6 address may follow a colon too, as docker reads it. */
    public static ExtraHost parse(String text) {
        int eq = text.indexOf('=');
        int split = eq >= 0 ? eq : text.indexOf(':');
        if (split <= 0) {
            throw new IllegalArgumentException("expected NAME:IP or NAME=IP, not '" + text + "'");
        }
        String address = text.substring(split + 1);
        if (address.startsWith("[") && address.endsWith("]")) {
            address = address.substring(1, address.length() - 1);
        }
        return new ExtraHost(text.substring(0, split), address.equals("host-gateway") ? "127.0.0.1" : address);
    }

    /** The line in {@code /etc/hosts}. */
    String hostsLine() {
        return address + "\t" + name + "\n";
    }
}
