package io.seqbench.common.result;

/**
 * When a cell's target was first met at a periodic check: the epoch and the training time until then. A cell can
 * meet its target and lose it again; whether the final model meets it is {@code CellResult.targetMet}.
 */
public record FirstMet(int epoch, double ms) {
}
