package dev.jbuild.cli;

import dev.jbuild.core.build.BuildRequest;
import dev.jbuild.core.build.SourceDateEpoch;
import dev.jbuild.core.build.TargetPlatforms;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** {@code jbuild build}'s flags for what image to make: build arguments, labels, the target stage, the platform. */
final class ImageFlags {

    @Option(names = "--build-arg", paramLabel = "KEY[=VALUE]", description = "set a build argument; KEY alone takes it from the environment; repeatable")
    private List<String> buildArgs = new ArrayList<>();

    @Option(names = "--label", paramLabel = "KEY=VALUE", description = "set a label on the image; repeatable")
    private List<String> labels = new ArrayList<>();

    @Option(names = "--target", paramLabel = "STAGE", description = "build this stage (default: the last)")
    private String target;

    @Option(names = "--platform", paramLabel = "OS/ARCH[/VARIANT][,...]", description = "build for these platforms "
            + "(default: this machine's; local names it); several make an image index; RUN steps of another "
            + "architecture need its emulator registered (qemu-user-static); repeatable")
    private List<String> platforms = new ArrayList<>();

    void applyTo(BuildRequest.Builder request, CommandLine cl, Map<String, String> environment) {
        if (!platforms.isEmpty()) {
            try {
                request.platforms(TargetPlatforms.parse(String.join(",", platforms)));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(cl, "--platform: " + e.getMessage());
            }
        }
        Map<String, String> arguments = arguments(environment);
        request.buildArgs(arguments).target(target);
        for (String label : labels) {
            int eq = label.indexOf('=');
            if (eq <= 0) {
                throw new CommandLine.ParameterException(cl, "--label " + label + ": expected KEY=VALUE");
            }
            request.label(label.substring(0, eq), label.substring(eq + 1));
        }
        try {
            SourceDateEpoch.resolve(arguments, environment).ifPresent(request::sourceDateEpoch);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cl, e.getMessage());
        }
    }

    /** The --target stage, if given. */
    java.util.Optional<String> target() {
        return java.util.Optional.ofNullable(target);
    }

    // KEY alone takes the value from the environment, and is left out when the variable is not set, as docker build does.
    Map<String, String> arguments(Map<String, String> environment) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String arg : buildArgs) {
            int eq = arg.indexOf('=');
            String value = eq < 0 ? environment.get(arg) : arg.substring(eq + 1);
            if (value != null) {
                out.put(eq < 0 ? arg : arg.substring(0, eq), value);
            }
        }
        return out;
    }
}
