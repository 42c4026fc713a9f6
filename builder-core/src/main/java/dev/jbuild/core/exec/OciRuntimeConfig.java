package dev.jbuild.core.exec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The OCI runtime-spec {@code config.json} for one step: process (args, env, cwd, user,
 * Docker's default capabilities, the step's rlimits), the root filesystem, hostname, mounts ({@code /proc}, a
 * tmpfs {@code /dev} with devpts, shm (of the step's size) and mqueue, read-only hosts and resolv.conf binds, the
 * step's extra mounts), user namespace id mappings and Docker's masked and read-only
 * {@code /proc} paths. No cgroup resources are asked for, so a rootless runtime needs no cgroup
 * delegation.
 */
final class OciRuntimeConfig {

    private static final BigInteger RLIM_INFINITY = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private OciRuntimeConfig() {
    }

    /**
     * The config for {@code run}. {@code supplementaryGroups} is false for a rootless runtime:
     * runc refuses additional groups whenever it runs without root, even where the kernel
     * would allow setgroups, so a rootless step keeps no supplementary groups.
     */
    static String json(PreparedRun run, IdMapping mapping, boolean supplementaryGroups) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("ociVersion", "1.0.2");
        config.put("process", process(run, supplementaryGroups && mapping.setgroupsAllowed()));
        config.put("root", Map.of("path", run.root.toString(), "readonly", false));
        config.put("hostname", run.spec.hostname());
        config.put("mounts", mounts(run));
        Map<String, Object> linux = new LinkedHashMap<>();
        linux.put("uidMappings", ranges(mapping.uids()));
        linux.put("gidMappings", ranges(mapping.gids()));
        List<Map<String, String>> namespaces = new ArrayList<>();
        for (String type : List.of("pid", "ipc", "uts", "mount", "user")) {
            namespaces.add(Map.of("type", type));
        }
        if (run.spec.network().isolated()) {
            namespaces.add(Map.of("type", "network")); // runc brings up lo in a namespace it creates
        }
        linux.put("namespaces", namespaces);
        List<String> masked = new ArrayList<>(ProcProtection.maskedPaths());
        masked.add("/sys/firmware");
        linux.put("maskedPaths", masked);
        linux.put("readonlyPaths", ProcProtection.readOnlyPaths());
        SeccompFilter.forHost().ifPresent(filter -> linux.put("seccomp", filter.ociSeccomp()));
        config.put("linux", linux);
        try {
            return JSON.writeValueAsString(config);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write config.json", e);
        }
    }

    private static Map<String, Object> process(PreparedRun run, boolean supplementaryGroups) {
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("uid", run.user.uid());
        user.put("gid", run.user.gid());
        if (supplementaryGroups) {
            user.put("additionalGids", run.user.supplementaryGids());
        }
        Map<String, Object> capabilities = new LinkedHashMap<>();
        capabilities.put("bounding", DefaultCapabilities.NAMES);
        // A non-root step gets no effective capabilities, as in Docker: only root's are raised.
        List<String> raised = run.user.root() ? DefaultCapabilities.NAMES : List.of();
        capabilities.put("effective", raised);
        capabilities.put("permitted", raised);
        Map<String, Object> process = new LinkedHashMap<>();
        process.put("terminal", false);
        process.put("user", user);
        process.put("args", run.spec.argv());
        process.put("env", run.envWithSecrets());
        process.put("cwd", run.workdir);
        process.put("capabilities", capabilities);
        process.put("noNewPrivileges", false);
        if (!run.spec.limits().ulimits().isEmpty()) {
            process.put("rlimits", run.spec.limits().ulimits().stream().map(OciRuntimeConfig::rlimit).toList());
        }
        return process;
    }

    // The runtime-spec's unsigned values: RLIM_INFINITY is the largest one.
    private static Map<String, Object> rlimit(Ulimit ulimit) {
        Map<String, Object> rlimit = new LinkedHashMap<>();
        rlimit.put("type", ulimit.rlimitName());
        rlimit.put("hard", unsigned(ulimit.hard()));
        rlimit.put("soft", unsigned(ulimit.soft()));
        return rlimit;
    }

    private static Object unsigned(long value) {
        return value == Ulimit.UNLIMITED ? RLIM_INFINITY : value;
    }

    private static List<Map<String, Object>> mounts(PreparedRun run) {
        List<Map<String, Object>> mounts = new ArrayList<>();
        String dev = run.dev.containerPath();
        mounts.add(mount(run.proc.containerPath(), "proc", "proc", List.of("nosuid", "noexec", "nodev")));
        mounts.add(mount(dev, "tmpfs", "tmpfs", List.of("nosuid", "strictatime", "mode=755", "size=65536k")));
        mounts.add(mount(dev + "/pts", "devpts", "devpts",
                List.of("nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620")));
        mounts.add(mount(dev + "/shm", "tmpfs", "shm", List.of("nosuid", "noexec", "nodev", "mode=1777",
                run.spec.limits().shmSizeOption())));
        mounts.add(mount(dev + "/mqueue", "mqueue", "mqueue", List.of("nosuid", "noexec", "nodev")));
        mounts.add(mount(run.hosts.containerPath(), "bind", run.hostsFile.toString(), List.of("rbind", "ro", "nodev")));
        mounts.add(mount(run.resolvConf.containerPath(), "bind", run.resolvConfFile.toString(), List.of("rbind", "ro", "nodev")));
        for (PreparedRun.ResolvedMount resolved : run.mounts) {
            String target = resolved.target().containerPath();
            if (resolved.mount() instanceof Mount.Bind bind) {
                mounts.add(mount(target, "bind", bind.source().toString(),
                        bind.writable() ? List.of("rbind", "nodev") : List.of("rbind", "ro", "nodev")));
            } else if (resolved.mount() instanceof Mount.Tmpfs tmpfs) {
                List<String> options = new ArrayList<>(List.of("nosuid", "nodev", "mode=1777"));
                if (tmpfs.sizeBytes() > 0) {
                    options.add("size=" + tmpfs.sizeBytes());
                }
                mounts.add(mount(target, "tmpfs", "tmpfs", options));
            }
        }
        return mounts;
    }

    private static Map<String, Object> mount(String destination, String type, String source, List<String> options) {
        Map<String, Object> mount = new LinkedHashMap<>();
        mount.put("destination", destination);
        mount.put("type", type);
        mount.put("source", source);
        mount.put("options", options);
        return mount;
    }

    private static List<Map<String, Long>> ranges(List<IdMapping.Range> ranges) {
        List<Map<String, Long>> out = new ArrayList<>();
        for (IdMapping.Range r : ranges) {
            Map<String, Long> range = new LinkedHashMap<>();
            range.put("containerID", r.containerId());
            range.put("hostID", r.hostId());
            range.put("size", r.size());
            out.add(range);
        }
        return out;
    }
}
