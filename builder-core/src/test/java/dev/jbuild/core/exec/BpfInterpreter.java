package dev.jbuild.core.exec;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A classic BPF interpreter for seccomp filters in tests: runs a {@code struct sock_filter}
 * array on one {@code seccomp_data} and returns what its {@code ret} returns. It accepts only
 * the instructions the kernel's seccomp checker accepts that {@link BpfAssembler} emits, and
 * rejects what the kernel would (misaligned or out-of-range loads, jumps past the end, running
 * off the end), so a program it runs is one the kernel would load.
 */
final class BpfInterpreter {

    /** The result of one run: the return value and how many instructions ran to reach it. */
    record Outcome(int returned, int executed) {
    }

    private final ByteBuffer program;
    private final int length;

    BpfInterpreter(byte[] program) {
        if (program.length == 0 || program.length % 8 != 0 || program.length / 8 > BpfAssembler.MAX_INSTRUCTIONS) {
            throw new IllegalArgumentException("not a loadable program: " + program.length + " bytes");
        }
        this.program = ByteBuffer.wrap(program).order(ByteOrder.LITTLE_ENDIAN);
        this.length = program.length / 8;
    }

    int length() {
        return length;
    }

    /** {@code struct seccomp_data} for a call: nr, arch, instruction pointer 0 and six arguments. */
    static byte[] seccompData(int nr, int arch, long... args) {
        ByteBuffer data = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        data.putInt(nr).putInt(arch).putLong(0);
        for (int i = 0; i < 6; i++) {
            data.putLong(i < args.length ? args[i] : 0);
        }
        return data.array();
    }

    Outcome run(byte[] seccompData) {
        ByteBuffer data = ByteBuffer.wrap(seccompData).order(ByteOrder.LITTLE_ENDIAN);
        int a = 0;
        int pc = 0;
        int executed = 0;
        while (true) {
            if (pc >= length) {
                throw new IllegalStateException("ran off the end of the program");
            }
            int code = Short.toUnsignedInt(program.getShort(pc * 8));
            int jt = Byte.toUnsignedInt(program.get(pc * 8 + 2));
            int jf = Byte.toUnsignedInt(program.get(pc * 8 + 3));
            int k = program.getInt(pc * 8 + 4);
            executed++;
            pc++;
            switch (code) {
                case 0x20 -> { // ld [k]
                    if (k < 0 || k > 60 || k % 4 != 0) {
                        throw new IllegalStateException("load from offset " + k + " of seccomp_data");
                    }
                    a = data.getInt(k);
                }
                case 0x54 -> a &= k; // and #k
                case 0x06 -> { // ret #k
                    return new Outcome(k, executed);
                }
                case 0x05 -> pc = target(pc, Integer.toUnsignedLong(k)); // ja
                case 0x15 -> pc = target(pc, a == k ? jt : jf); // jeq
                case 0x35 -> pc = target(pc, Integer.compareUnsigned(a, k) >= 0 ? jt : jf); // jge
                case 0x25 -> pc = target(pc, Integer.compareUnsigned(a, k) > 0 ? jt : jf); // jgt
                default -> throw new IllegalStateException("instruction 0x" + Integer.toHexString(code) + " at " + (pc - 1));
            }
        }
    }

    private int target(int next, long offset) {
        if (next + offset >= length) {
            throw new IllegalStateException("a jump past the end of the program");
        }
        return (int) (next + offset);
    }
}
