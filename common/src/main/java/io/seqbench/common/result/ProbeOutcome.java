package io.seqbench.common.result;

/**
 * A probe's prediction in original units, with its errors per output.
 *
 * @param reportedOnly the probe is reported but is not part of the target (see {@code Probe})
 */
public record ProbeOutcome(String label, double[] truth, double[] prediction, double[] absoluteError,
                           double[] relativeError, boolean reportedOnly) {
}
