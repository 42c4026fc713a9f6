package dev.jbuild.cli;

import dev.jbuild.core.build.BuildRequest;
import dev.jbuild.core.build.SecretSource;
import dev.jbuild.core.build.SshForward;
import dev.jbuild.core.exec.ExtraHost;
import dev.jbuild.core.exec.NetworkMode;
import dev.jbuild.core.exec.RunLimits;
import dev.jbuild.core.exec.SandboxKind;
import dev.jbuild.core.exec.Ulimit;
import dev.jbuild.core.snapshot.SnapshotterKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** {@code jbuild build}'s flags for RUN steps: the sandbox, its root, its network, its limits, and secrets and agents to mount. */
final class RunFlags {

    @Option(names = "--sandbox", defaultValue = "auto", paramLabel = "KIND",
            description = "where RUN steps run: auto, oci (runc/crun), bwrap or unshare (default: ${DEFAULT-VALUE})")
    private String sandbox;

    @Option(names = "--snapshotter", defaultValue = "${env:JBUILD_SNAPSHOTTER:-auto}", paramLabel = "KIND",
            description = "how RUN steps get their root: overlay (overlayfs mounted in the sandbox's user namespace,"
                    + " no copy; needs Linux 5.11+ and the unshare sandbox), native (a private copy) or auto (overlay"
                    + " where it works; default: ${DEFAULT-VALUE}, or $JBUILD_SNAPSHOTTER)")
    private String snapshotter;

    @Option(names = "--network", defaultValue = "default", paramLabel = "MODE",
            description = "network of RUN steps: default (the host's network namespace, as host: steps reach the host's 127.0.0.1; rootless BuildKit under Docker's rootless mode isolates them), none (loopback only) or host (default: ${DEFAULT-VALUE})")
    private String network;

    @Option(names = "--secret", paramLabel = "id=ID,src=FILE|env=VAR",
            description = "a secret for RUN --mount=type=secret,id=ID; never stored in the image, cache or log; repeatable")
    private List<String> secrets = new ArrayList<>();

    @Option(names = "--ssh", paramLabel = "default|ID[=SOCKET|KEY[,KEY…]]",
            description = {"an SSH agent for RUN --mount=type=ssh,id=ID (default id: default); repeatable.",
                "Without a path, the agent of $SSH_AUTH_SOCK; a socket is forwarded as it is; private key files",
                "(without a passphrase) are loaded into an ssh-agent started for this build. Never stored in the image or cache."})
    private List<String> ssh = new ArrayList<>();

    @Option(names = "--add-host", paramLabel = "NAME:IP",
            description = "add a line to the /etc/hosts of RUN steps (NAME=IP also; host-gateway is the host); repeatable")
    private List<String> addHosts = new ArrayList<>();

    @Option(names = "--shm-size", paramLabel = "SIZE",
            description = "size of the /dev/shm tmpfs of RUN steps: bytes or a number with k, m, g (64m, 2g; default: 64m, as BuildKit's)")
    private String shmSize;

    @Option(names = "--ulimit", paramLabel = "TYPE=SOFT[:HARD]",
            description = "a resource limit of RUN steps' processes, as docker's: TYPE is core, cpu, data, fsize, locks,"
                    + " memlock, msgqueue, nice, nofile, nproc, rss, rtprio, rttime, sigpending or stack; SOFT and HARD are"
                    + " numbers or -1 (unlimited), HARD defaulting to SOFT; repeatable. Only root with CAP_SYS_RESOURCE"
                    + " raises a hard limit above its own")
    private List<String> ulimits = new ArrayList<>();

    void applyTo(BuildRequest.Builder request, CommandLine cl, Map<String, String> environment) {
        for (String host : addHosts) {
            request.extraHost(flag(cl, "--add-host " + host, host, ExtraHost::parse));
        }
        request.sandbox(flag(cl, "--sandbox", sandbox, s -> s.equalsIgnoreCase("auto") ? null : SandboxKind.fromFlag(s)))
                .snapshotter(flag(cl, "--snapshotter", snapshotter, SnapshotterKind::fromFlag))
                .network(flag(cl, "--network", network, NetworkMode::fromFlag));
        if (shmSize != null) {
            request.shmSize(flag(cl, "--shm-size", shmSize, RunLimits::parseSize));
        }
        for (String spec : ulimits) {
            request.ulimit(flag(cl, "--ulimit " + spec, spec, s -> Ulimit.parse(s).requireSettable()));
        }
        for (String spec : secrets) {
            SecretSource secret = flag(cl, "--secret " + spec, spec, s -> SecretSource.parse(s, environment));
            request.secret(secret.id(), secret.file());
        }
        for (String spec : ssh) {
            SshForward forward = flag(cl, "--ssh " + spec, spec, s -> SshForward.parse(s, environment));
            request.ssh(forward.id(), forward.paths());
        }
    }

    // A value core refuses is the user's usage error, named by its flag.
    static <T> T flag(CommandLine cl, String flag, String value, Function<String, T> parse) {
        try {
            return parse.apply(value);
        } catch (IllegalArgumentException e) {
            String message = e.getMessage();
            throw new CommandLine.ParameterException(cl, message.startsWith("--") ? message : flag + ": " + message);
        }
    }
}
