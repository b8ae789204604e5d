package io.seqbench.common.data;

/**
 * One held-out input with its true answer, usually outside the training range, so it measures extrapolation.
 * {@code x} is (timesteps, features); {@code truth} has one value per output.
 *
 * @param reportedOnly a source's probe that its training data does not determine (it lies off the line every training
 *                     input sits on): reported beside the others, never part of the target
 */
public record Probe(String label, double[][] x, double[] truth, boolean reportedOnly) {

    /** A target probe. */
    public Probe(String label, double[][] x, double[] truth) {
        this(label, x, truth, false);
    }

    /** A source's probe that the training data does not determine: reported, never a target. */
    public static Probe reported(String label, double[][] x, double[] truth) {
        return new Probe(label, x, truth, true);
    }
}
