package dev.jbuild.core.memo;

import java.util.Objects;

/** An input with the signature it had when the build read it. */
public record SignedInput(MemoInput input, String signature) {

    public SignedInput {
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(signature, "signature");
    }
}
