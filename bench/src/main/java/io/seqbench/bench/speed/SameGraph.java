package io.seqbench.bench.speed;

import io.seqbench.common.tasks.TaskModel;

import java.util.ArrayList;
import java.util.List;

/**
 * Whether two models of a task run the same compute graph: the same layers, loss, batch size and data parameters
 * (so the same shapes and FLOPs per epoch). What may differ is the optimiser and the input scaling; the speed matrix
 * times such a model once.
 */
public final class SameGraph {
    private SameGraph() {
    }

    public static boolean of(TaskModel a, TaskModel b) {
        return a.spec().layers().equals(b.spec().layers()) && a.spec().loss() == b.spec().loss()
                && a.spec().batchSize() == b.spec().batchSize() && a.dataParams().equals(b.dataParams());
    }

    /** What differs between two models of the same graph, in a few words. */
    public static String difference(TaskModel timed, TaskModel skipped) {
        List<String> d = new ArrayList<>();
        if (!timed.spec().optimizer().equals(skipped.spec().optimizer())) {
            d.add("optimiser " + skipped.spec().optimizer().kind().name().toLowerCase(java.util.Locale.ROOT) + " instead of "
                    + timed.spec().optimizer().kind().name().toLowerCase(java.util.Locale.ROOT));
        }
        if (!timed.preprocessing().equals(skipped.preprocessing())) {
            d.add("input scaling");
        }
        if (timed.spec().epochs() != skipped.spec().epochs()) {
            d.add("epoch budget");
        }
        return d.isEmpty() ? "identical graph" : String.join(", ", d) + " differ" + (d.size() == 1 ? "s" : "");
    }
}
