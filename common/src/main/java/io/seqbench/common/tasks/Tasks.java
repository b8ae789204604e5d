package io.seqbench.common.tasks;

import java.util.List;

/** The catalogue, in its order (generated as {@code docs/TASKS.md}). */
public final class Tasks {
    private static final List<Task> ALL = List.of(new Scale15(), new Product2(), new Sum3(), new LastSum2(), new Next2(),
            new Progression(), new MeanOnes(), new Echo(), new SumPairs(), new Square());

    private Tasks() {
    }

    public static List<Task> all() {
        return ALL;
    }

    public static List<String> ids() {
        return ALL.stream().map(Task::id).toList();
    }

    /** The task with this id, or an exception that lists the known ids. */
    public static Task byId(String id) {
        return ALL.stream().filter(t -> t.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown task '" + id + "': known tasks are "
                        + String.join(", ", ids())));
    }
}
