package io.seqbench.common.data;

import java.util.Arrays;

/**
 * Samples as plain arrays: {@code x} is (samples, timesteps, features) and {@code y} is (samples, outputs),
 * where a sequence output of s steps with f features is stored flattened step-major (s * f values).
 * Every backend receives the same instance; none may modify it.
 */
public record Dataset(double[][][] x, double[][] y) {

    public Dataset {
        if (x.length != y.length) {
            throw new IllegalArgumentException("x has " + x.length + " samples but y has " + y.length);
        }
    }

    public int size() {
        return x.length;
    }

    public int timesteps() {
        return x.length == 0 ? 0 : x[0].length;
    }

    public int features() {
        return x.length == 0 ? 0 : x[0][0].length;
    }

    public int outputs() {
        return y.length == 0 ? 0 : y[0].length;
    }

    /** X flattened to (samples, timesteps * features), step-major, as a Dense model sees it. */
    public double[][] flatX() {
        return flatten(x);
    }

    public static double[][] flatten(double[][][] x) {
        double[][] out = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            int t = x[i].length;
            int f = t == 0 ? 0 : x[i][0].length;
            out[i] = new double[t * f];
            for (int s = 0; s < t; s++) {
                System.arraycopy(x[i][s], 0, out[i], s * f, f);
            }
        }
        return out;
    }

    /**
     * Splits off the last {@code fraction} of the samples, exactly as Keras' {@code validation_split}:
     * the first {@code (int) (n * (1 - fraction))} samples train.
     */
    public Split splitLast(double fraction) {
        if (!(fraction >= 0 && fraction < 1)) {
            throw new IllegalArgumentException("held-out fraction must be in [0, 1), got " + fraction);
        }
        int trainCount = (int) (size() * (1 - fraction));
        if (trainCount < 1) {
            throw new IllegalArgumentException("held-out fraction " + fraction + " leaves no training sample of " + size());
        }
        return new Split(slice(0, trainCount), slice(trainCount, size()));
    }

    public Dataset slice(int from, int to) {
        return new Dataset(Arrays.copyOfRange(x, from, to), Arrays.copyOfRange(y, from, to));
    }

    /** A deep copy, so that a backend that misbehaves cannot change another backend's input. */
    public Dataset copy() {
        double[][][] cx = new double[x.length][][];
        for (int i = 0; i < x.length; i++) {
            cx[i] = new double[x[i].length][];
            for (int t = 0; t < x[i].length; t++) {
                cx[i][t] = x[i][t].clone();
            }
        }
        double[][] cy = new double[y.length][];
        for (int i = 0; i < y.length; i++) {
            cy[i] = y[i].clone();
        }
        return new Dataset(cx, cy);
    }

    /** Bit-level equality of both arrays (records compare arrays by reference). */
    public boolean sameData(Dataset other) {
        return Arrays.deepEquals(x, other.x) && Arrays.deepEquals(y, other.y);
    }
}
