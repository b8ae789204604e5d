package io.seqbench.dl4j;

import io.seqbench.common.data.Minibatches;
import io.seqbench.common.model.Layer;
import io.seqbench.common.model.ModelSpec;

/**
 * Keras' Masking on DL4J. Keras skips a masked step: the LSTM state passes it unchanged. DL4J's LSTM steps through a
 * masked step on its zeros and only zeroes the output there (measured: after training, a row with 19 leading masked
 * zeros predicted 0.373 where the same row without them predicted 0.181; DJL's explicit cell gives the same answer for
 * both). DL4J's masks are built for sequences padded at the end, whose last unmasked step its
 * {@code LastTimeStepVertex} reads. So each row's unmasked steps are moved to the front, in order, and the rest is
 * masked: for a one-direction LSTM that returns only its last output, the output and every gradient are then those of
 * Keras, wherever the masked steps were. A row masked throughout has no last unmasked step: Keras gives the zero
 * initial state, DL4J a non-zero output (measured on meanones: 0.095 predicted where the dense head on a zero state
 * gives 0.043), so the graph multiplies the LSTM's output by a second input that is 0 for such a row
 * ({@link Dl4jGraphs#ANY_UNMASKED}). A bidirectional or sequence-returning LSTM after Masking would see its steps
 * move, so it stays approximate.
 */
final class Dl4jMasking {
    /** Shown in a cell's details when the compaction makes DL4J exact. */
    static final String HOW = "unmasked steps moved to the front and the rest masked, which DL4J's LSTM and "
            + "LastTimeStepVertex handle as Keras' Masking";
    /** Why a Masking spec that compaction cannot make exact is approximate. */
    static final String APPROXIMATE = "DL4J's LSTM steps through masked steps (Keras skips them); moving the unmasked "
            + "steps to the front is exact only for a one-direction LSTM that returns its last output";

    private Dl4jMasking() {
    }

    /** Whether the spec's masking runs exactly on DL4J: Masking, then a one-direction LSTM returning its last output. */
    static boolean exact(ModelSpec spec) {
        return spec.layers().size() > 1 && spec.layers().get(1) instanceof Layer.Lstm l && !l.bidirectional()
                && !l.returnSequences();
    }

    /** Each row's unmasked steps first, in their order, then masked steps (every feature the mask value). */
    static double[][][] compact(double[][][] x, double maskValue) {
        double[][] mask = Minibatches.stepMask(x, maskValue);
        double[][][] out = new double[x.length][][];
        for (int i = 0; i < x.length; i++) {
            out[i] = new double[x[i].length][];
            int k = 0;
            for (int t = 0; t < x[i].length; t++) {
                if (mask[i][t] == 1) {
                    out[i][k++] = x[i][t].clone();
                }
            }
            for (; k < x[i].length; k++) {
                out[i][k] = new double[x[i][0].length];
                java.util.Arrays.fill(out[i][k], maskValue);
            }
        }
        return out;
    }
}
