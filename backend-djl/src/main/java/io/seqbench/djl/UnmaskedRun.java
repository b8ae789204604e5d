package io.seqbench.djl;

import ai.djl.ndarray.NDArray;

/**
 * Where a batch's unmasked steps are one run of steps, the same in every row: then a masked LSTM's last output is the
 * fused LSTM of that run alone (a masked step leaves Keras' state as it was), and DJL need not step an explicit cell
 * through every padded step.
 */
final class UnmaskedRun {
    private UnmaskedRun() {
    }

    /**
     * The run as {@code {from, to}} (to exclusive) from a (batch, steps) mask of 0/1, or null where some row's unmasked
     * steps are not one run, the rows differ, or no step is unmasked.
     */
    static long[] of(NDArray mask) {
        long steps = mask.getShape().get(1);
        float[] m = mask.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray();
        long[] run = null;
        for (int row = 0; row * steps < m.length; row++) {
            int from = -1;
            int to = -1;
            for (int t = 0; t < steps; t++) {
                if (m[(int) (row * steps + t)] != 0) {
                    if (to >= 0) {
                        return null; // a second run in this row
                    }
                    from = from < 0 ? t : from;
                } else if (from >= 0 && to < 0) {
                    to = t;
                }
            }
            if (from < 0) {
                return null;
            }
            long[] mine = {from, to < 0 ? steps : to};
            if (run != null && (run[0] != mine[0] || run[1] != mine[1])) {
                return null;
            }
            run = mine;
        }
        return run;
    }
}
