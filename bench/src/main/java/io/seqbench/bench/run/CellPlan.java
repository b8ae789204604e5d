package io.seqbench.bench.run;

import io.seqbench.common.Backend;
import io.seqbench.common.result.CellKey;
import io.seqbench.common.tasks.Task;
import io.seqbench.common.tasks.TaskModel;
import io.seqbench.common.tasks.TaskParams;

import java.util.HashMap;
import java.util.Map;

/**
 * One planned cell: (task, params, backend, model, preprocessing, seed) and its epoch budget under the profile.
 *
 * @param userParams   the user's --param overrides for this task (the model's own data params are applied under them)
 * @param roundingTwin whether the cell, if its backend runs it exactly, is trained a second time from nudged initial
 *                     arrays ({@link Harness}): seed 1's cells of a run with replicates to compare
 */
public record CellPlan(Task task, TaskModel model, Map<String, String> userParams, Backend backend, long seed, int epochs,
                       boolean roundingTwin) {

    /** Without a rounding twin. */
    public CellPlan(Task task, TaskModel model, Map<String, String> userParams, Backend backend, long seed, int epochs) {
        this(task, model, userParams, backend, seed, epochs, false);
    }

    /** The resolved parameters exactly as the experiment will use them. */
    public TaskParams params() {
        Map<String, String> p = new HashMap<>(model.dataParams());
        p.putAll(userParams);
        return TaskParams.resolve(task, p);
    }

    public String key() {
        return CellKey.of(task.id(), params().toString(), backend.id(), model.name(), model.preprocessing().id(), seed);
    }

    public String label() {
        return task.id() + "/" + model.name() + "@" + backend.id() + " s" + seed;
    }
}
