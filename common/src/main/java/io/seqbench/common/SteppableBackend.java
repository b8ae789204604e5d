package io.seqbench.common;

import io.seqbench.common.data.Dataset;
import io.seqbench.common.model.ModelSpec;

/**
 * A backend whose training loop runs one epoch at a time: it implements {@link #start}, and {@link #train} is that
 * run driven for the spec's epochs, so an epoch the speed benchmarks step is exactly an epoch of the accuracy run.
 */
public interface SteppableBackend extends Backend {

    @Override
    default boolean steppable() {
        return true;
    }

    @Override
    TrainingRun start(ModelSpec spec, Dataset train, TrainSettings settings);

    @Override
    default TrainedModel train(ModelSpec spec, Dataset train, TrainSettings settings, TrainingListener listener) {
        return TrainingRun.drive(start(spec, train, settings), spec.epochs(), listener);
    }
}
