package io.seqbench.common;

/** Predicts (samples, outputs) from (samples, timesteps, features), in the preprocessed space. */
@FunctionalInterface
public interface Predictor {
    double[][] predict(double[][][] x);
}
