package io.seqbench.bench.run;

import io.seqbench.common.tasks.Task;
import io.seqbench.common.tasks.TaskModel;
import io.seqbench.common.tasks.TaskParams;

/**
 * How much of each recipe a run trains.
 * <ul>
 *   <li>{@code quick}: the whole matrix (its time is in docs/USAGE.md). Small recipes keep their epoch budget;
 *       long ones get the smaller budget their task declares ({@link Task#quickEpochs}), and every result records
 *       the budget it was given.</li>
 *   <li>{@code seed}: exactly the recipes of the catalogue ({@code docs/TASKS.md}), however long that takes.</li>
 * </ul>
 */
public enum Profile {
    QUICK, SEED;

    public int epochs(Task task, TaskModel model, TaskParams params) {
        return this == SEED ? model.spec().epochs() : task.quickEpochs(model, params);
    }

    /** Wall-clock limit per cell; a cell over it is recorded as timed out. */
    public long cellLimitSeconds() {
        return this == QUICK ? 240 : 6 * 3600;
    }

    public String id() {
        return name().toLowerCase();
    }
}
