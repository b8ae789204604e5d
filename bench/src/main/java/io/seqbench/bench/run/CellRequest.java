package io.seqbench.bench.run;

import io.seqbench.common.Backend;
import io.seqbench.common.tasks.Task;
import io.seqbench.common.tasks.Tasks;

import java.util.List;
import java.util.Map;

/**
 * What a worker JVM needs to run one cell, as one JSON line: the cell (task, model, the user's parameters, backend,
 * seed, epoch budget) and the run's id, profile and time limit.
 */
public record CellRequest(String runId, String profile, long cellLimitSeconds, String task, String model,
                   Map<String, String> params, String backend, long seed, int epochs, boolean roundingTwin) {

    public static CellRequest of(CellPlan plan, String runId, Profile profile, long cellLimitSeconds) {
        return new CellRequest(runId, profile.name(), cellLimitSeconds, plan.task().id(), plan.model().name(),
                plan.userParams(), plan.backend().id(), plan.seed(), plan.epochs(), plan.roundingTwin());
    }

    /** The cell again, with the worker's own instance of the backend. */
    public CellPlan plan(List<Backend> backends) {
        Task t = Tasks.byId(task);
        Backend b = backends.stream().filter(x -> x.id().equals(backend)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("the worker has no backend " + backend));
        return new CellPlan(t, t.model(model), params, b, seed, epochs, roundingTwin);
    }
}
