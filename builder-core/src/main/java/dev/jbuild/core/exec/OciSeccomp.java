package dev.jbuild.core.exec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link SeccompProfile} as the OCI runtime spec's {@code linux.seccomp} object, for runc or
 * crun to compile with libseccomp: the same default action and rules, for the one native
 * architecture (libseccomp then kills other architectures' calls, x32's included, as
 * {@link SeccompCompiler} does). Unconditional rules are grouped by action; each conditional
 * rule is an entry of its own, since the runtime ORs entries and ANDs the args within one.
 */
final class OciSeccomp {

    private OciSeccomp() {
    }

    /** The object, as maps and lists Jackson writes as they are. */
    static Map<String, Object> of(SeccompProfile profile, SyscallArch arch) {
        Map<String, Object> seccomp = new LinkedHashMap<>();
        putAction(seccomp, "defaultAction", "defaultErrnoRet", profile.defaultAction());
        seccomp.put("architectures", List.of(arch.ociName()));
        Map<SeccompAction, List<String>> unconditional = new LinkedHashMap<>();
        List<Map<String, Object>> conditional = new ArrayList<>();
        for (SeccompProfile.Rule rule : profile.rules()) {
            if (arch.number(rule.syscall()).isEmpty()) {
                continue;
            }
            if (rule.condition().isEmpty()) {
                unconditional.computeIfAbsent(rule.action(), a -> new ArrayList<>()).add(rule.syscall());
            } else {
                Map<String, Object> entry = entry(List.of(rule.syscall()), rule.action());
                entry.put("args", List.of(arg(rule.condition().get())));
                conditional.add(entry);
            }
        }
        List<Map<String, Object>> syscalls = new ArrayList<>();
        unconditional.forEach((action, names) -> syscalls.add(entry(names, action)));
        syscalls.addAll(conditional);
        seccomp.put("syscalls", syscalls);
        return seccomp;
    }

    private static Map<String, Object> entry(List<String> names, SeccompAction action) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("names", names);
        putAction(entry, "action", "errnoRet", action);
        return entry;
    }

    private static void putAction(Map<String, Object> into, String actionKey, String errnoKey, SeccompAction action) {
        if (action instanceof SeccompAction.Errno errno) {
            into.put(actionKey, "SCMP_ACT_ERRNO");
            into.put(errnoKey, errno.errno());
        } else if (action instanceof SeccompAction.Allow) {
            into.put(actionKey, "SCMP_ACT_ALLOW");
        } else {
            into.put(actionKey, "SCMP_ACT_KILL_PROCESS");
        }
    }

    private static Map<String, Object> arg(SeccompProfile.ArgCondition condition) {
        Map<String, Object> arg = new LinkedHashMap<>();
        arg.put("index", condition.index());
        if (condition.masked()) {
            arg.put("value", condition.mask());
            arg.put("valueTwo", condition.value());
            arg.put("op", "SCMP_CMP_MASKED_EQ");
        } else {
            arg.put("value", condition.value());
            arg.put("valueTwo", 0L);
            arg.put("op", condition.comparison() == SeccompProfile.Comparison.EQUAL ? "SCMP_CMP_EQ" : "SCMP_CMP_NE");
        }
        return arg;
    }
}
