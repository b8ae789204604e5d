package io.seqbench.common.data;

/**
 * One input the source article predicts, with its true answer. Usually outside the training range, so it
 * measures extrapolation. {@code x} is (timesteps, features); {@code truth} has one value per output.
 */
public record Probe(String label, double[][] x, double[] truth) {
}
