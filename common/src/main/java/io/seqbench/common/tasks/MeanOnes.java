package io.seqbench.common.tasks;

import io.seqbench.common.data.Dataset;
import io.seqbench.common.data.Preprocessing;
import io.seqbench.common.model.Activation;
import io.seqbench.common.model.Init;
import io.seqbench.common.model.Layer;

import java.util.List;
import java.util.Random;

import static io.seqbench.common.tasks.Recipes.*;

/**
 * Task 7: long sequences and data coverage. The L+1 rows of an upper-triangular matrix of ones (row i: i zeros
 * then L-i ones), shuffled with the seed; the first N are used and y is the row's mean.
 */
final class MeanOnes implements Task {
    public String id() {
        return "meanones";
    }

    public String title() {
        return "long sequences, data coverage: y = mean of a row of 0s then 1s";
    }

    public String source() {
        return "a published Keras question and its answer: the recipe, and the answer's findings of which (L, N) converge";
    }

    public List<ParamSpec> params() {
        return List.of(ParamSpec.integer("L", "sequence length", 200, 1, 10_000),
                ParamSpec.integer("N", "rows used (at most L+1)", 130, 2, 10_001));
    }

    public void validate(TaskParams p) {
        int l = p.intValue("L");
        int n = p.intValue("N");
        if (n > l + 1) {
            throw new IllegalArgumentException("meanones.N=" + n + " is impossible: there are only L+1 = " + (l + 1)
                    + " distinct rows; N must be in [2, " + (l + 1) + "]");
        }
    }

    public TaskData generate(TaskParams p, long seed) {
        int l = p.intValue("L");
        int n = p.intValue("N");
        int[] rows = new int[l + 1];
        for (int i = 0; i <= l; i++) {
            rows[i] = i;
        }
        shuffle(rows, new Random(seed));
        double[][][] x = new double[n][l][1];
        double[][] y = new double[n][1];
        for (int s = 0; s < n; s++) {
            int zeros = rows[s];
            for (int t = zeros; t < l; t++) {
                x[s][t][0] = 1;
            }
            y[s][0] = (double) (l - zeros) / l;
        }
        return new TaskData(p, seed, new Dataset(x, y), List.of());
    }

    public List<TaskModel> models() {
        Layer.Lstm lstm = new Layer.Lstm(10, Activation.TANH, false, false, Init.orthogonal(0.01), false);
        return List.of(TaskModel.recipe("lstm", adamMse(50, 1, 0.1, new Layer.Masking(0), lstm, dense(1, RELU)),
                Preprocessing.RAW, "answer: Masking(0) -> LSTM(10 tanh, orthogonal kernel gain 0.01, no forget bias) "
                        + "-> Dense(1 relu), Adam, MSE, batch 1, 50 epochs"));
    }

    public List<Reference> references() {
        return List.of(
                Reference.note("lstm", "answer: (L,N) = (2000,50) does not converge"),
                Reference.note("lstm", "answer: (L,N) = (200,80) does not converge"),
                Reference.note("lstm", "answer: (L,N) = (200,130) converges"),
                Reference.note("lstm", "answer: (L,N) = (500,300) converges"));
    }

    public Target target() {
        return Target.heldOutRmseBelow(0.05);
    }

    /**
     * Batch 1 over L steps is the slowest recipe of the catalogue (measured: 0.4 ms per step on DJL, 0.85 ms on DL4J),
     * so the quick profile gives it a stated budget of 10 epochs, and 3 when L > 500.
     */
    public int quickEpochs(TaskModel model, TaskParams params) {
        return Math.min(params.intValue("L") > 500 ? 3 : 10, model.quickEpochs());
    }
}
