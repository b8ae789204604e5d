package io.seqbench.common.result;

/**
 * One point of a learning curve.
 *
 * @param targetMetric the target metric at this epoch in original units (probe relative error or held-out RMSE),
 *                     or null where it was not measured this epoch
 */
public record EpochPoint(int epoch, double loss, double elapsedMs, Double targetMetric) {
}
