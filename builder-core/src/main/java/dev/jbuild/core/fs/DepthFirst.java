package dev.jbuild.core.fs;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Runs a depth-first walk on an explicit stack, so a tree's depth costs heap, not Java stack: a
 * directory thousands of levels deep (which anyone who writes a build context, a RUN step or a
 * layer can make) must not end in {@link StackOverflowError}. Each step may schedule more steps;
 * they run in the order scheduled, and all of them (with what they schedule in turn) before the
 * steps that were already pending. That is the order a recursive walk would have, so a step that
 * lists a directory schedules one step per child and then, if needed, one that finishes the
 * directory after its children.
 */
public final class DepthFirst {

    /** One piece of a walk. */
    @FunctionalInterface
    public interface Step {
        /** Does this step's work, adding to {@code next} what must run right after it, in order. */
        void run(List<Step> next) throws IOException;
    }

    private DepthFirst() {
    }

    /** Runs {@code first} and everything it schedules, depth first. */
    public static void run(Step first) throws IOException {
        Deque<Step> pending = new ArrayDeque<>();
        pending.push(first);
        List<Step> next = new ArrayList<>();
        while (!pending.isEmpty()) {
            next.clear();
            pending.pop().run(next);
            for (int i = next.size() - 1; i >= 0; i--) {
                pending.push(next.get(i));
            }
        }
    }
}
