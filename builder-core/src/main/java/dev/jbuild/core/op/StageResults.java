package dev.jbuild.core.op;

/**
 * The solved stages an op reads ({@code COPY --from}, {@code RUN --mount from=}), by stage index.
 * The scheduler makes an op only once every stage its step reads is solved, so an answer never waits.
 */
@FunctionalInterface
public interface StageResults {

    /** The final filesystem of the stage with this index. */
    StageFilesystem stage(int index);
}
