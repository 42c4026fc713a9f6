package dev.jbuild.core.exec;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Assembles a classic BPF program ({@code struct sock_filter[]}, 8 bytes an instruction in the
 * host's little-endian order) from instructions whose jumps name labels. A conditional jump
 * reaches at most 255 instructions ahead, so a farther target gets a trampoline: an
 * unconditional jump (32-bit offset) placed right after the branch. Jumps go forward only, as
 * the kernel's verifier requires.
 */
final class BpfAssembler {

    /** The kernel's limit on a filter's length (BPF_MAXINSNS). */
    static final int MAX_INSTRUCTIONS = 4096;

    private static final int LD_W_ABS = 0x20;
    private static final int ALU_AND_K = 0x54;
    private static final int RET_K = 0x06;
    private static final int JA = 0x05;
    private static final int JEQ_K = 0x15;
    private static final int JGE_K = 0x35;
    private static final int MAX_CONDITIONAL_OFFSET = 255;

    /** A place in the program; bound once, before the instruction it names. */
    static final class Label {
    }

    private sealed interface Entry {
    }

    private record Bound(Label label) implements Entry {
    }

    private record Plain(int code, int k) implements Entry {
    }

    private record Goto(Label target) implements Entry {
    }

    private record Branch(int code, int k, Label ifTrue, Label ifFalse) implements Entry {
    }

    private final List<Entry> entries = new ArrayList<>();
    private final Map<Label, Boolean> bound = new IdentityHashMap<>();

    Label label() {
        return new Label();
    }

    /** The next instruction is {@code label}'s. */
    BpfAssembler bind(Label label) {
        if (bound.put(label, Boolean.TRUE) != null) {
            throw new IllegalStateException("a label is bound twice");
        }
        entries.add(new Bound(label));
        return this;
    }

    /** A = the 32-bit word at {@code offset} of the input ({@code seccomp_data}). */
    BpfAssembler load(int offset) {
        entries.add(new Plain(LD_W_ABS, offset));
        return this;
    }

    /** A = A & {@code mask}. */
    BpfAssembler and(int mask) {
        entries.add(new Plain(ALU_AND_K, mask));
        return this;
    }

    /** Ends the program with {@code value}. */
    BpfAssembler ret(int value) {
        entries.add(new Plain(RET_K, value));
        return this;
    }

    /** To {@code ifTrue} when A == k (unsigned), else to {@code ifFalse}. */
    BpfAssembler jumpIfEqual(int k, Label ifTrue, Label ifFalse) {
        entries.add(new Branch(JEQ_K, k, ifTrue, ifFalse));
        return this;
    }

    /** To {@code ifTrue} when A >= k (unsigned), else to {@code ifFalse}. */
    BpfAssembler jumpIfAtLeast(int k, Label ifTrue, Label ifFalse) {
        entries.add(new Branch(JGE_K, k, ifTrue, ifFalse));
        return this;
    }

    /** The program's bytes; fails on an unbound or backward target or a program over the kernel's limit. */
    byte[] assemble() {
        while (addTrampoline()) {
            // each pass adds one trampoline, for the first branch that cannot reach its target
        }
        Map<Label, Integer> at = positions();
        ByteBuffer out = ByteBuffer.allocate(8 * count()).order(ByteOrder.LITTLE_ENDIAN);
        int position = 0;
        for (Entry entry : entries) {
            if (entry instanceof Plain plain) {
                instruction(out, plain.code(), 0, 0, plain.k());
            } else if (entry instanceof Goto jump) {
                instruction(out, JA, 0, 0, offset(at, position, jump.target()));
            } else if (entry instanceof Branch branch) {
                instruction(out, branch.code(), offset(at, position, branch.ifTrue()),
                        offset(at, position, branch.ifFalse()), branch.k());
            } else {
                continue;
            }
            position++;
        }
        if (position > MAX_INSTRUCTIONS) {
            throw new IllegalStateException("the filter has " + position + " instructions, over the kernel's "
                    + MAX_INSTRUCTIONS);
        }
        return out.array();
    }

    private boolean addTrampoline() {
        Map<Label, Integer> at = positions();
        int position = 0;
        for (int i = 0; i < entries.size(); i++) {
            Entry entry = entries.get(i);
            if (entry instanceof Bound) {
                continue;
            }
            if (entry instanceof Branch branch) {
                boolean trueFar = offset(at, position, branch.ifTrue()) > MAX_CONDITIONAL_OFFSET;
                if (trueFar || offset(at, position, branch.ifFalse()) > MAX_CONDITIONAL_OFFSET) {
                    Label near = new Label();
                    Label far = trueFar ? branch.ifTrue() : branch.ifFalse();
                    entries.set(i, trueFar ? new Branch(branch.code(), branch.k(), near, branch.ifFalse())
                            : new Branch(branch.code(), branch.k(), branch.ifTrue(), near));
                    bound.put(near, Boolean.TRUE);
                    entries.addAll(i + 1, List.of(new Bound(near), new Goto(far)));
                    return true;
                }
            }
            position++;
        }
        return false;
    }

    private Map<Label, Integer> positions() {
        Map<Label, Integer> at = new IdentityHashMap<>();
        int position = 0;
        for (Entry entry : entries) {
            if (entry instanceof Bound b) {
                at.put(b.label(), position);
            } else {
                position++;
            }
        }
        return at;
    }

    private int count() {
        return (int) entries.stream().filter(e -> !(e instanceof Bound)).count();
    }

    /** Instructions skipped to reach {@code target} from the instruction at {@code position}. */
    private static int offset(Map<Label, Integer> at, int position, Label target) {
        Integer to = at.get(target);
        if (to == null) {
            throw new IllegalStateException("a jump targets a label that is never bound");
        }
        int offset = to - position - 1;
        if (offset < 0) {
            throw new IllegalStateException("a jump goes backward, from instruction " + position + " to " + to);
        }
        return offset;
    }

    private static void instruction(ByteBuffer out, int code, int jt, int jf, int k) {
        out.putShort((short) code).put((byte) jt).put((byte) jf).putInt(k);
    }
}
