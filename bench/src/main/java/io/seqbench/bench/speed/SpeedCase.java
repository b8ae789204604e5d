package io.seqbench.bench.speed;

import io.seqbench.bench.results.CellParams;
import io.seqbench.common.Backend;
import io.seqbench.common.Backends;
import io.seqbench.common.Experiment;
import io.seqbench.common.tasks.Task;
import io.seqbench.common.tasks.TaskModel;
import io.seqbench.common.tasks.Tasks;

import java.util.Map;

/**
 * One benchmark case as a single JMH parameter, {@code task/model/backend} or {@code task/model/backend/K=V,K=V}, so
 * that JMH never crosses a model with a task it does not belong to. The data is built exactly as the accuracy
 * harness builds it.
 */
public record SpeedCase(Task task, TaskModel model, Backend backend, Map<String, String> params) {

    public static SpeedCase parse(String id) {
        String[] p = id.split("/");
        if (p.length < 3) {
            throw new IllegalArgumentException("speed case '" + id + "' must be task/model/backend[/K=V,...]");
        }
        Task task = Tasks.byId(p[0]);
        TaskModel model = task.model(p[1]);
        return new SpeedCase(task, model, backend(p[2]), p.length > 3 ? CellParams.parse(p[3]) : Map.of());
    }

    /** The backend with this id among those on the class path. */
    public static Backend backend(String id) {
        return Backends.discover().stream().filter(b -> b.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown backend '" + id + "'"));
    }

    /** The experiment with the given epoch budget (the spec's batch size and data are unchanged). */
    public Experiment experiment(int epochs) {
        return Experiment.prepare(task, model, params, 1, epochs);
    }

    /** A case id without its backend, {@code task/model[/params]}: the cases that backends are compared on. */
    public static String withoutBackend(String cell) {
        String[] p = cell.split("/");
        return p[0] + "/" + p[1] + (p.length > 3 ? "/" + p[3] : "");
    }

    /**
     * The data parameters of a case id as the accuracy cells record them: the id's own, or, where it names none, the
     * model's defaults resolved (square's relu-stack runs at count=1000), so that a case and its cells are matched.
     */
    public static String cellParams(String cell) {
        String[] p = cell.split("/");
        return cellParams(p[0], p[1], p.length > 3 ? p[3] : "-");
    }

    /** A case's parameters ({@code -} for none named, as a speed verdict writes them) as the accuracy cells record them. */
    public static String cellParams(String task, String model, String params) {
        if (!params.equals("-")) {
            return params;
        }
        io.seqbench.common.tasks.Task t = io.seqbench.common.tasks.Tasks.byId(task);
        return io.seqbench.common.tasks.TaskParams.resolve(t, t.model(model).dataParams()).toString();
    }

    /** Whether a case id is the case of the accuracy cells of (task, model, params as the cells record them). */
    public static boolean isCase(String cell, String task, String model, String params) {
        String[] p = cell.split("/");
        return p[0].equals(task) && p[1].equals(model) && cellParams(cell).equals(params);
    }

    /** The backend of a case id. */
    public static String backendOf(String cell) {
        return cell.split("/")[2];
    }

    public String id() {
        return task.id() + "/" + model.name() + "/" + backend.id() + (params.isEmpty() ? "" : "/" + CellParams.format(params));
    }
}
