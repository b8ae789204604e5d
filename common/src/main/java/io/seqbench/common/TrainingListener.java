package io.seqbench.common;

/**
 * Receives every epoch of a training run. The {@link Predictor} sees the model as it is now, so a listener can
 * measure convergence; the time it takes is not counted as training time.
 */
@FunctionalInterface
public interface TrainingListener {

    /** @return false to stop training now (the harness does so on a diverged loss or a time limit) */
    boolean onEpoch(EpochEvent event, Predictor current);

    TrainingListener NONE = (event, current) -> true;
}
