package dev.jbuild.core.plan;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The stages a build needs, by index (stages the target does not need are never planned),
 * which one is the target, and how many stages the Dockerfile has (progress names steps by
 * stage only when it has more than one).
 */
public record BuildPlan(Map<Integer, PlannedStage> stages, int target, int stageCount) {

    public BuildPlan {
        stages = Map.copyOf(stages);
        if (stageCount < stages.size()) {
            throw new IllegalArgumentException(stages.size() + " stages planned from a Dockerfile of " + stageCount);
        }
        if (!stages.containsKey(target)) {
            throw new IllegalArgumentException("the target stage " + target + " is not planned");
        }
    }

    public PlannedStage targetStage() {
        return stages.get(target);
    }

    /** Stages in index order: every stage after those it depends on. */
    public List<PlannedStage> ordered() {
        return stages.values().stream().sorted(java.util.Comparator.comparingInt(PlannedStage::index)).toList();
    }

    public PlannedStage stage(int index) {
        return Objects.requireNonNull(stages.get(index), () -> "stage " + index + " is not planned");
    }
}
