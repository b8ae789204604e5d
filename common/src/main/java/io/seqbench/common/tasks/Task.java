package io.seqbench.common.tasks;

import java.util.List;

/**
 * One problem of the catalogue ({@code docs/TASKS.md}, generated from these classes by {@code seqbench tasks
 * --markdown}): a seeded generator, its probes, the recipe and fix models, the source's figures and the target that
 * counts as solved. Implementations are stateless.
 */
public interface Task {

    /** Stable id used on the command line and in result files, e.g. {@code sum3}. */
    String id();

    /** One line saying what the task is. */
    String title();

    /** Where the task, its recipe and its reported figures come from, in one line. */
    String source();

    /** Declared parameters with defaults; empty if the task has none. */
    default List<ParamSpec> params() {
        return List.of();
    }

    /** Cross-parameter checks (e.g. meanones N <= L+1); throws with a clear message. */
    default void validate(TaskParams params) {
    }

    /** Generates the data; the same params and seed always give bit-identical arrays. */
    TaskData generate(TaskParams params, long seed);

    /** The recipe models first, then the fixes. */
    List<TaskModel> models();

    /** The article's reported figures. */
    List<Reference> references();

    /** What counts as solved. */
    Target target();

    /** What a reader of the task's table must know to read it right (e.g. a probe the data cannot determine); may be empty. */
    default String note() {
        return "";
    }

    /** The epochs the quick profile gives a model at these params (the full recipe unless stated). */
    default int quickEpochs(TaskModel model, TaskParams params) {
        return model.quickEpochs();
    }

    default TaskModel model(String name) {
        return models().stream().filter(m -> m.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown model '" + name + "' for task " + id()
                        + ": known models are " + String.join(", ", models().stream().map(TaskModel::name).toList())));
    }
}
