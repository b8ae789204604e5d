package io.seqbench.common.result;

/** A probe's prediction in original units, with its errors per output. */
public record ProbeOutcome(String label, double[] truth, double[] prediction, double[] absoluteError,
                           double[] relativeError) {
}
