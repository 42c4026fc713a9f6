package dev.jbuild.core.exec;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * Compiles a {@link SeccompProfile} for one architecture into a classic BPF program the kernel
 * runs on every system call. The program first kills a call from another architecture (i386,
 * arm32) and, on x86_64, from the x32 ABI; then it finds the call's number by binary search
 * over ranges of numbers that share an outcome, so a call costs about ten comparisons rather
 * than one per listed call. Numbers above the architecture's table are calls newer than the
 * table: they get ENOSYS, so libc falls back to an older call as it would on an older kernel.
 */
final class SeccompCompiler {

    private static final int NR_OFFSET = 0;
    private static final int ARCH_OFFSET = 4;
    private static final int ARGS_OFFSET = 16;

    /** What happens to a range of call numbers: one action, or a call's argument rules. */
    private sealed interface Outcome {
    }

    private record Fixed(SeccompAction action) implements Outcome {
    }

    private record Checked(String syscall, List<SeccompProfile.Rule> rules) implements Outcome {
    }

    /** Numbers from {@code first} up to the next range's first have {@code outcome}. */
    private record Range(int first, Outcome outcome) {
    }

    private final SeccompProfile profile;
    private final SyscallArch arch;
    private final BpfAssembler bpf = new BpfAssembler();

    private SeccompCompiler(SeccompProfile profile, SyscallArch arch) {
        this.profile = Objects.requireNonNull(profile);
        this.arch = Objects.requireNonNull(arch);
    }

    /** The program's {@code struct sock_filter} bytes. */
    static byte[] compile(SeccompProfile profile, SyscallArch arch) {
        return new SeccompCompiler(profile, arch).program();
    }

    private byte[] program() {
        BpfAssembler.Label kill = bpf.label();
        BpfAssembler.Label sameArch = bpf.label();
        bpf.load(ARCH_OFFSET).jumpIfEqual(arch.auditArch(), sameArch, kill).bind(sameArch);
        bpf.load(NR_OFFSET);
        List<Range> ranges = ranges();
        search(ranges, 0, ranges.size() - 1);
        bpf.bind(kill).ret(SeccompAction.KILL.filterReturn());
        return bpf.assemble();
    }

    /** Every 32-bit number, split into ranges of one outcome each, in order. */
    private List<Range> ranges() {
        Map<Integer, Outcome> byNumber = new HashMap<>();
        profile.bySyscall().forEach((syscall, rules) -> {
            OptionalInt number = arch.number(syscall);
            if (number.isPresent()) {
                byNumber.put(number.getAsInt(), rules.get(0).condition().isEmpty()
                        ? new Fixed(rules.get(0).action()) : new Checked(syscall, rules));
            }
        });
        Outcome unlisted = new Fixed(profile.defaultAction());
        List<Range> ranges = new ArrayList<>();
        for (int number = 0; number <= arch.highest(); number++) {
            add(ranges, number, byNumber.getOrDefault(number, unlisted));
        }
        add(ranges, arch.highest() + 1, new Fixed(SeccompAction.ENOSYS));
        if (arch.sharesArchWithX32()) {
            add(ranges, SyscallArch.X32_SYSCALL_BIT, new Fixed(SeccompAction.KILL));
        }
        return ranges;
    }

    private static void add(List<Range> ranges, int first, Outcome outcome) {
        if (ranges.isEmpty() || outcome instanceof Checked || !ranges.get(ranges.size() - 1).outcome().equals(outcome)) {
            ranges.add(new Range(first, outcome));
        }
    }

    /** A holds the call number, known to lie in ranges {@code low} to {@code high}. */
    private void search(List<Range> ranges, int low, int high) {
        if (low == high) {
            outcome(ranges.get(low).outcome());
            return;
        }
        int middle = (low + high + 1) >>> 1;
        BpfAssembler.Label below = bpf.label();
        BpfAssembler.Label above = bpf.label();
        bpf.jumpIfAtLeast(ranges.get(middle).first(), above, below).bind(below);
        search(ranges, low, middle - 1);
        bpf.bind(above);
        search(ranges, middle, high);
    }

    private void outcome(Outcome outcome) {
        if (outcome instanceof Fixed fixed) {
            bpf.ret(fixed.action().filterReturn());
            return;
        }
        for (SeccompProfile.Rule rule : ((Checked) outcome).rules()) {
            SeccompProfile.ArgCondition condition = rule.condition().orElseThrow();
            BpfAssembler.Label match = bpf.label();
            BpfAssembler.Label next = bpf.label();
            bpf.load(ARGS_OFFSET + 8 * condition.index());
            if (condition.masked()) {
                bpf.and((int) condition.mask());
            }
            boolean equal = condition.comparison() == SeccompProfile.Comparison.EQUAL;
            bpf.jumpIfEqual((int) condition.value(), equal ? match : next, equal ? next : match);
            bpf.bind(match).ret(rule.action().filterReturn());
            bpf.bind(next);
        }
        bpf.ret(profile.defaultAction().filterReturn());
    }
}
