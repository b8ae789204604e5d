package io.seqbench.common.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The minibatch order every hand-driven backend (DL4J, DJL) uses: each epoch a fresh permutation of the training
 * samples drawn from the run's seed and the epoch number, cut into batches of the spec's size (the last one smaller,
 * as Keras does). Same seed, same batches, on every backend.
 */
public final class Minibatches {
    private Minibatches() {
    }

    /** Sample indices of each batch of one epoch. */
    public static List<int[]> epoch(int samples, int batchSize, long seed, int epoch) {
        int[] order = new int[samples];
        for (int i = 0; i < samples; i++) {
            order[i] = i;
        }
        Random rnd = new Random(seed * 1_000_003L + epoch);
        for (int i = samples - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int size = Math.min(batchSize, samples);
        List<int[]> out = new ArrayList<>();
        for (int from = 0; from < samples; from += size) {
            int to = Math.min(samples, from + size);
            int[] batch = new int[to - from];
            System.arraycopy(order, from, batch, 0, batch.length);
            out.add(batch);
        }
        return out;
    }

    /**
     * A mask of (samples, timesteps): 0 where every feature of the step equals {@code maskValue} (Keras' Masking),
     * 1 elsewhere.
     */
    public static double[][] stepMask(double[][][] x, double maskValue) {
        double[][] mask = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            mask[i] = new double[x[i].length];
            for (int t = 0; t < x[i].length; t++) {
                boolean masked = true;
                for (double v : x[i][t]) {
                    masked &= v == maskValue;
                }
                mask[i][t] = masked ? 0 : 1;
            }
        }
        return mask;
    }
}
