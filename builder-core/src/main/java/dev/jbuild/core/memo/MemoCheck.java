package dev.jbuild.core.memo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Optional;

/**
 * Whether a memo still answers its build: every input has the signature it had, then every
 * cache record the build hit is still there. Records are touched as a cache hit touches them,
 * so a memoised build keeps them as recently used as a full one would.
 */
public final class MemoCheck {

    private MemoCheck() {
    }

    /** Why {@code memo} no longer answers, or empty when it does (its records are then touched). */
    public static Optional<String> mismatch(BuildMemo memo) throws IOException {
        for (SignedInput signed : memo.inputs()) {
            MemoInput input = signed.input();
            if (!input.sign().equals(signed.signature())) {
                return Optional.of((input.tree() ? "the tree " : "") + input.path() + " changed");
            }
        }
        FileTime now = FileTime.from(Instant.now());
        for (Path record : memo.records()) {
            if (!Files.isRegularFile(record)) {
                return Optional.of("the cache record " + record + " is gone");
            }
            Files.setLastModifiedTime(record, now);
        }
        return Optional.empty();
    }
}
