package io.seqbench.djl;

import ai.djl.ndarray.NDArray;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A row's unmasked steps where they are one run of steps: then a masked LSTM's last output for that row is the fused
 * LSTM of that run alone (a masked step leaves Keras' state as it was), and DJL need not step an explicit cell through
 * every padded step. Rows with the same run go through the fused kernel together, as a PyTorch user packs them.
 */
record UnmaskedRun(long from, long to) {
    /**
     * The rows of a (batch, steps) mask of 0/1 grouped by their run ({@code to} exclusive), in order of first
     * appearance, or null where some row's unmasked steps are not one run or no step of a row is unmasked.
     */
    static Map<UnmaskedRun, List<Integer>> rowsByRun(NDArray mask) {
        int steps = (int) mask.getShape().get(1);
        float[] m = mask.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray();
        Map<UnmaskedRun, List<Integer>> groups = new LinkedHashMap<>();
        for (int row = 0; row * steps < m.length; row++) {
            int from = -1;
            int to = -1;
            for (int t = 0; t < steps; t++) {
                if (m[row * steps + t] != 0) {
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
            groups.computeIfAbsent(new UnmaskedRun(from, to < 0 ? steps : to), k -> new ArrayList<>()).add(row);
        }
        return groups;
    }
}
