package dev.jbuild.core.exec;

import dev.jbuild.core.testing.BusyboxRootfs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The child side of {@link UnprivilegedSandboxIT}: a JVM started as an ordinary user that
 * makes a busybox root filesystem and runs steps in the sandbox named by its first argument,
 * printing what the parent checks. Not a test itself.
 */
public final class UnprivilegedRun {

    private UnprivilegedRun() {
    }

    public static void main(String[] args) throws Exception {
        Sandbox sandbox = SandboxChooser.forHost().choose(args[0]);
        Path root = BusyboxRootfs.create(Path.of(args[1], "root"));
        ExecResult asRoot = sandbox.run(ExecSpec.shell(root,
                "id -u; cat /proc/self/uid_map | tr -s ' ' | sed 's/^ //'; touch /tmp/owned;"
                        + " chown 1000:1000 /tmp/owned 2>/dev/null && echo chowned; ls /proc | grep -c '^[0-9]'"));
        System.out.println("root-exit=" + asRoot.exitCode());
        System.out.print(asRoot.outputTail());
        System.out.println("mapping=" + asRoot.idMapping().uidMapText().replace('\n', ','));
        try {
            ExecResult asApp = sandbox.run(ExecSpec.shell(root, "id -u; touch /tmp/by-app").withUser("app"));
            System.out.println("app-exit=" + asApp.exitCode());
            System.out.print(asApp.outputTail());
        } catch (SandboxException e) {
            System.out.println("app-error=" + e.getMessage());
        }
        Path secret = Files.writeString(Path.of(args[1], "secret"), "from-the-secret");
        ExecResult secrets = sandbox.run(ExecSpec.shell(root, "stat -c 'secret=%u:%g %a' /run/secrets/a; echo \"token=$TOKEN\"")
                .withMounts(List.of(new Mount.Secret(secret, "/run/secrets/a", 0400, 1000, 1000)))
                .withSecretEnv(List.of(new SecretVariable("TOKEN", secret))));
        System.out.println("secret-exit=" + secrets.exitCode());
        System.out.print(secrets.outputTail());
        ExecResult limited = sandbox.run(ExecSpec.shell(root,
                "echo \"limits=$(ulimit -n):$(ulimit -Hn) shm=$(df -k /dev/shm | tail -n 1 | tr -s ' ' | cut -d ' ' -f 2)\"")
                .withLimits(new RunLimits(8L << 20, List.of(new Ulimit("nofile", 256, 512)))));
        System.out.println("limits-exit=" + limited.exitCode());
        System.out.print(limited.outputTail());
    }
}
