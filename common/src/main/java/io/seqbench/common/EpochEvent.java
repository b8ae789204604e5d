package io.seqbench.common;

/**
 * One finished epoch.
 *
 * @param epoch        1-based epoch number
 * @param loss         mean minibatch training loss of the epoch, in the spec's loss (MSE or MAE), preprocessed units
 * @param elapsedNanos training time since the start of the first epoch, excluding time spent in listeners
 */
public record EpochEvent(int epoch, double loss, long elapsedNanos) {
}
