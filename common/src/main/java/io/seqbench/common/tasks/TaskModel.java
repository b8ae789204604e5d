package io.seqbench.common.tasks;

import io.seqbench.common.data.Preprocessing;
import io.seqbench.common.model.ModelSpec;

import java.util.Map;

/**
 * A named model of a task: the spec, the preprocessing and any data parameters it needs (echo's fix uses a
 * window of 3, for example), with the reason it is there.
 *
 * @param quickEpochs the epoch budget under the quick profile; equal to the spec's epochs unless the recipe is
 *                    too long for a 15-minute run, in which case the reduction is stated in every result
 */
public record TaskModel(String name, Role role, ModelSpec spec, Preprocessing preprocessing,
                        Map<String, String> dataParams, String reason, int quickEpochs) {

    public TaskModel {
        dataParams = Map.copyOf(dataParams);
        if (quickEpochs < 1 || quickEpochs > spec.epochs()) {
            throw new IllegalArgumentException("quick epochs must be in [1, " + spec.epochs() + "], got " + quickEpochs);
        }
    }

    public static TaskModel recipe(String name, ModelSpec spec, Preprocessing prep, String source) {
        return new TaskModel(name, Role.RECIPE, spec, prep, Map.of(), source, spec.epochs());
    }

    public static TaskModel fix(String name, ModelSpec spec, Preprocessing prep, String reason) {
        return new TaskModel(name, Role.FIX, spec, prep, Map.of(), reason, spec.epochs());
    }

    public TaskModel withDataParams(Map<String, String> params) {
        return new TaskModel(name, role, spec, preprocessing, params, reason, quickEpochs);
    }

    public TaskModel withQuickEpochs(int epochs) {
        return new TaskModel(name, role, spec, preprocessing, dataParams, reason, epochs);
    }
}
