package dev.jbuild.cli;

import dev.jbuild.core.build.ImageBuilder;
import dev.jbuild.core.exec.BinfmtMisc;
import dev.jbuild.core.exec.HostProbe;
import dev.jbuild.core.exec.IdMapping;
import dev.jbuild.core.exec.OverlayProbe;
import dev.jbuild.core.exec.SandboxChooser;
import dev.jbuild.core.exec.SandboxKind;
import dev.jbuild.core.exec.SeccompFilter;
import dev.jbuild.core.fs.HostIdentity;
import dev.jbuild.core.error.BuildException;
import dev.jbuild.core.store.HostPlatform;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code jbuild doctor}: runs the probes builds use to pick a sandbox and a snapshotter, and
 * prints each result with the fix for what does not work, so a host that cannot run RUN steps
 * (or only poorly, without subordinate ids) says so before a build does.
 */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = {"Check what building needs on this host: the user namespace id mapping, each sandbox "
                + "(an OCI runtime, bubblewrap, unshare), overlayfs in a user namespace; print the fix for each gap "
                + "and what --sandbox=auto --snapshotter=auto would use with this data directory (overlayfs is tried where its"
                + " snapshots go).",
            "Exit status 0 when RUN steps can run here, 1 when no sandbox works."})
final class DoctorCommand implements Callable<Integer> {

    private static final String ROW = "%-18s %s%n";

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    private StoreOption storeOption;

    // Where container ids land on the host: for root a subordinate range, so that container root is never host root.
    private static String mapping(HostProbe host) {
        IdMapping.Range first = host.namespaceMapping().uids().get(0);
        if (!host.identity().root()) {
            return "ok: container root is you, container ids 1 and up are your subordinate ids from /etc/subuid";
        }
        if (!host.inInitialUserNamespace()) {
            return "ok: jbuild runs as root of a user namespace, which is not host root; steps keep its ids";
        }
        String range = first.hostId() + "-" + (first.hostId() + first.size() - 1);
        return "ok: container ids 0-" + (first.size() - 1) + " are host ids " + range + ", so container root is not host"
                + " root" + (HostProbe.DEFAULT_ROOT_RANGE.uidStart() == first.hostId()
                        ? " (the default range; a 'jbuild:START:COUNT' line in /etc/subuid and /etc/subgid picks another)"
                        : " (from /etc/subuid and /etc/subgid)");
    }

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        HostProbe host = HostProbe.system();
        HostIdentity me = host.identity();
        Path data = storeOption.store().root();
        out.printf(ROW, "user", me.userName() + " (uid " + me.uid() + ", gid " + me.gid() + ")");
        out.printf(ROW, "id mapping", host.mappingWarning().map(w -> "WARNING: " + w).orElseGet(() -> mapping(host)));
        out.printf(ROW, "protections", "steps get their own user, mount, pid, ipc and uts namespaces; /proc/sys and"
                + " other kernel knobs read-only, /proc/kcore, /proc/keys and timer state masked; no device nodes"
                + " (nodev); Docker's default capabilities; " + SeccompFilter.forHost()
                        .map(filter -> "a seccomp filter like Docker's default profile (" + filter.architecture() + ")")
                        .orElse("WARNING: no seccomp filter, jbuild has no system call table for "
                                + System.getProperty("os.arch") + " (x86_64 and aarch64 have one)"));
        boolean anySandbox = false;
        for (SandboxKind kind : SandboxKind.values()) {
            SandboxChooser.Availability availability = SandboxChooser.forHost().probe(kind);
            anySandbox |= availability.usable();
            out.printf(ROW, "sandbox " + kind.flagName(), (availability.usable() ? "ok: " : "no: ") + availability.detail());
        }
        OverlayProbe.Result overlay = OverlayProbe.in(data.resolve("snapshots").resolve("sessions")).probe();
        out.printf(ROW, "overlay", (overlay.usable() ? "ok: " : "no: ") + overlay.detail());
        if (!anySandbox) {
            out.printf(ROW, "builds", "RUN steps cannot run on this host: fix one sandbox above");
            out.flush();
            return ExitStatus.FAILED;
        }
        out.printf(ROW, "emulators", emulators());
        try {
            out.printf(ROW, "builds use", ImageBuilder.automaticChoice(data));
        } catch (BuildException e) {
            out.printf(ROW, "builds use", "nothing: " + e.getMessage());
            out.flush();
            return ExitStatus.FAILED;
        }
        out.flush();
        return ExitStatus.OK;
    }

    // RUN steps of other platforms run through what binfmt_misc has registered
    private static String emulators() {
        Map<String, String> emulated = BinfmtMisc.system(HostPlatform.current().architecture()).emulated();
        String others = "RUN steps of other architectures need qemu-user-static registered with binfmt_misc"
                + " (docs/commands.md, Other architectures)";
        if (emulated.isEmpty()) {
            return "none: " + others;
        }
        StringBuilder text = new StringBuilder();
        emulated.forEach((arch, how) -> text.append(text.length() == 0 ? "" : ", ").append(arch)
                .append(how.equals("natively") ? " (natively)" : " (" + how + ")"));
        return text + "; " + others;
    }
}
