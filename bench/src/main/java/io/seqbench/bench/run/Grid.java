package io.seqbench.bench.run;

import io.seqbench.bench.results.ResultStore;
import io.seqbench.common.Backend;
import io.seqbench.common.tasks.Role;
import io.seqbench.common.tasks.Task;
import io.seqbench.common.tasks.TaskModel;
import io.seqbench.common.tasks.TaskParams;
import io.seqbench.common.tasks.Tasks;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Plans the cells of a run from its configuration, validating every name and parameter before anything trains:
 * a bad name or value fails the whole command at once with one clear message.
 */
public final class Grid {
    private Grid() {
    }

    /**
     * The quick profile's coverage points for meanones, (L, N), when the user gave no meanones parameter: three
     * coverages at L=50, and L=200 with 20 rows, the case the speed benchmarks time (so their "target" column has an
     * accuracy result to point at).
     */
    public static final List<Map<String, String>> MEANONES_QUICK = List.of(
            Map.of("L", "50", "N", "10"), Map.of("L", "50", "N", "26"), Map.of("L", "50", "N", "51"),
            Map.of("L", "200", "N", "20"));

    public static List<CellPlan> plan(ResultStore.RunConfig config, List<Backend> available) {
        Profile profile = Profile.valueOf(config.profile().toUpperCase());
        List<Task> tasks = config.tasks().isEmpty() ? Tasks.all() : config.tasks().stream().map(Tasks::byId).toList();
        List<Backend> backends = selectBackends(config.backends(), available);
        Map<String, Map<String, String>> params = parseParams(config.params());
        for (String task : params.keySet()) {
            if (tasks.stream().noneMatch(t -> t.id().equals(task))) {
                throw new IllegalArgumentException("--param names task '" + task + "', which is not in this run's --tasks");
            }
        }
        if (config.epochs() != null && (config.epochs() < 1 || config.epochs() > 1_000_000)) {
            throw new IllegalArgumentException("--epochs must be in [1, 1000000], got " + config.epochs());
        }
        if (config.seeds() < 1 || config.seeds() > 1000) {
            throw new IllegalArgumentException("--seeds must be in [1, 1000], got " + config.seeds());
        }
        List<CellPlan> out = new ArrayList<>();
        for (Task task : tasks) {
            List<TaskModel> models = selectModels(task, config.models());
            Map<String, String> user = params.getOrDefault(task.id(), Map.of());
            List<Map<String, String>> variants = task.id().equals("meanones") && user.isEmpty() && profile == Profile.QUICK
                    ? MEANONES_QUICK : variants(user);
            for (Map<String, String> variant : variants) {
                for (TaskModel model : models) {
                    Map<String, String> merged = new HashMap<>(model.dataParams());
                    merged.putAll(variant);
                    TaskParams resolved = TaskParams.resolve(task, merged); // validates, with the parameter's name
                    int epochs = config.epochs() != null ? config.epochs() : profile.epochs(task, model, resolved);
                    for (Backend backend : backends) {
                        for (long seed = 1; seed <= config.seeds(); seed++) {
                            // the rounding band serves the paired verdicts, which need two seeds or more
                            out.add(new CellPlan(task, model, variant, backend, seed, epochs,
                                    seed == 1 && config.seeds() >= 2));
                        }
                    }
                }
            }
        }
        return out;
    }

    public static List<Backend> selectBackends(List<String> ids, List<Backend> available) {
        if (ids.isEmpty()) {
            return available;
        }
        List<Backend> out = new ArrayList<>();
        for (String id : ids) {
            out.add(available.stream().filter(b -> b.id().equals(id)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown backend '" + id + "': known backends are "
                            + String.join(", ", available.stream().map(Backend::id).toList()))));
        }
        return out;
    }

    /** {@code recipe}, {@code fix}, or model names; a name must exist in at least one selected task. */
    public static List<TaskModel> selectModels(Task task, List<String> selectors) {
        if (selectors.isEmpty()) {
            return task.models();
        }
        List<TaskModel> out = new ArrayList<>();
        for (TaskModel m : task.models()) {
            boolean wanted = selectors.contains(m.name())
                    || selectors.contains("recipe") && m.role() == Role.RECIPE
                    || selectors.contains("fix") && m.role() == Role.FIX;
            if (wanted) {
                out.add(m);
            }
        }
        return out;
    }

    public static void checkModelNames(List<String> selectors, List<String> taskIds) {
        List<Task> tasks = taskIds.isEmpty() ? Tasks.all() : taskIds.stream().map(Tasks::byId).toList();
        for (String s : selectors) {
            if (s.equals("recipe") || s.equals("fix")) {
                continue;
            }
            boolean known = tasks.stream().anyMatch(t -> t.models().stream().anyMatch(m -> m.name().equals(s)));
            if (!known) {
                throw new IllegalArgumentException("unknown model '" + s + "': use recipe, fix, or a model name of the "
                        + "selected tasks (see --list)");
            }
        }
    }

    /**
     * A task's parameter variants: every combination of the values given for each key, in the order given
     * ({@code N=80,130} with {@code L=200} gives L=200 N=80, then L=200 N=130).
     */
    public static List<Map<String, String>> variants(Map<String, String> user) {
        List<Map<String, String>> out = List.of(Map.of());
        for (Map.Entry<String, String> e : user.entrySet()) {
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> partial : out) {
                for (String value : e.getValue().split(",")) {
                    if (value.isBlank()) {
                        throw new IllegalArgumentException("--param " + e.getKey() + "=" + e.getValue() + " has an empty value");
                    }
                    Map<String, String> m = new LinkedHashMap<>(partial);
                    m.put(e.getKey(), value.strip());
                    next.add(m);
                }
            }
            out = next;
        }
        return out;
    }

    /** {@code task.key=value} strings (a value may list several, comma-separated) into task -> key -> value. */
    public static Map<String, Map<String, String>> parseParams(List<String> params) {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        for (String p : params) {
            int dot = p.indexOf('.');
            int eq = p.indexOf('=');
            if (dot < 1 || eq < dot + 2 || eq == p.length() - 1) {
                throw new IllegalArgumentException("--param '" + p + "' must look like task.key=value, e.g. meanones.L=200");
            }
            String task = p.substring(0, dot);
            Tasks.byId(task);
            out.computeIfAbsent(task, k -> new LinkedHashMap<>()).put(p.substring(dot + 1, eq), p.substring(eq + 1));
        }
        return out;
    }
}
