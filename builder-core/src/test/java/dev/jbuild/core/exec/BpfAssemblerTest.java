package dev.jbuild.core.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BpfAssemblerTest {

    private static byte[] data(int nr) {
        return BpfInterpreter.seccompData(nr, 0);
    }

    @Test
    void aBranchToATargetBeyond255InstructionsGoesThroughATrampoline() {
        BpfAssembler bpf = new BpfAssembler();
        BpfAssembler.Label far = bpf.label();
        BpfAssembler.Label near = bpf.label();
        bpf.load(0).jumpIfEqual(7, far, near).bind(near);
        for (int i = 0; i < 300; i++) {
            bpf.ret(1000 + i);
        }
        bpf.bind(far).ret(42);

        BpfInterpreter program = new BpfInterpreter(bpf.assemble());

        assertEquals(42, program.run(data(7)).returned());
        assertEquals(1000, program.run(data(8)).returned());
        assertEquals(2 + 300 + 1 + 1, program.length(), "one trampoline added");
    }

    @Test
    void bothFarTargetsGetTrampolinesAndNearOnesStayDirect() {
        BpfAssembler bpf = new BpfAssembler();
        BpfAssembler.Label high = bpf.label();
        BpfAssembler.Label low = bpf.label();
        bpf.load(0).jumpIfAtLeast(100, high, low);
        for (int i = 0; i < 600; i++) {
            bpf.ret(i);
        }
        bpf.bind(low).ret(-1);
        for (int i = 0; i < 600; i++) {
            bpf.ret(i);
        }
        bpf.bind(high).ret(-2);

        BpfInterpreter program = new BpfInterpreter(bpf.assemble());

        assertEquals(-2, program.run(data(100)).returned());
        assertEquals(-1, program.run(data(99)).returned());
        assertEquals(2 + 1200 + 2 + 2, program.length());
    }

    @Test
    void aBackwardJumpIsRefused() {
        BpfAssembler bpf = new BpfAssembler();
        BpfAssembler.Label start = bpf.label();
        BpfAssembler.Label next = bpf.label();
        bpf.bind(start).load(0).jumpIfEqual(1, start, next).bind(next).ret(0);

        IllegalStateException e = assertThrows(IllegalStateException.class, bpf::assemble);
        assertTrue(e.getMessage().contains("backward"), e.getMessage());
    }

    @Test
    void aLabelNeverBoundIsRefused() {
        BpfAssembler bpf = new BpfAssembler();
        BpfAssembler.Label next = bpf.label();
        bpf.load(0).jumpIfEqual(1, bpf.label(), next).bind(next).ret(0);

        IllegalStateException e = assertThrows(IllegalStateException.class, bpf::assemble);
        assertTrue(e.getMessage().contains("never bound"), e.getMessage());
    }

    @Test
    void aProgramOverTheKernelsLimitIsRefused() {
        BpfAssembler bpf = new BpfAssembler();
        for (int i = 0; i <= BpfAssembler.MAX_INSTRUCTIONS; i++) {
            bpf.ret(0);
        }

        IllegalStateException e = assertThrows(IllegalStateException.class, bpf::assemble);
        assertTrue(e.getMessage().contains("4097 instructions"), e.getMessage());
    }
}
