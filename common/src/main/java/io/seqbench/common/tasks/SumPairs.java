package io.seqbench.common.tasks;

import io.seqbench.common.data.Dataset;
import io.seqbench.common.data.Preprocessing;
import io.seqbench.common.data.Probe;
import io.seqbench.common.model.Activation;
import io.seqbench.common.model.Layer;

import java.util.List;
import java.util.Random;

import static io.seqbench.common.tasks.Recipes.*;

/** Task 9: y = a + b for integer pairs from 1..1000, both scaled by 2000 for training; a Dense task. */
final class SumPairs implements Task {
    static final double SCALE = 2000;

    public String id() {
        return "sumpairs";
    }

    public String title() {
        return "Dense, sum of two numbers: y = a + b";
    }

    public String source() {
        return "a published Keras question on learning the sum of two numbers with a linear Dense stack (RMSE 0 reported)";
    }

    public List<ParamSpec> params() {
        return List.of(ParamSpec.integer("count", "pairs drawn", 1000, 10, 1_000_000));
    }

    public TaskData generate(TaskParams p, long seed) {
        int n = p.intValue("count");
        Random rnd = new Random(seed);
        double[][][] x = new double[n][1][2];
        double[][] y = new double[n][1];
        for (int i = 0; i < n; i++) {
            x[i][0][0] = 1 + rnd.nextInt(1000);
            x[i][0][1] = 1 + rnd.nextInt(1000);
            y[i][0] = x[i][0][0] + x[i][0][1];
        }
        // The article predicted no single input; this in-range probe is the suite's own choice.
        return new TaskData(p, seed, new Dataset(x, y), List.of(new Probe("(700,900)", steps(700, 900), new double[]{1600})));
    }

    /** The question's stack: Dense 20,100,1000,100,20 with the given hidden activation, then Dense(1). */
    static Layer[] questionStack(Activation hidden) {
        return new Layer[]{dense(20, hidden), dense(100, hidden), dense(1000, hidden), dense(100, hidden),
                dense(20, hidden), dense(1)};
    }

    public List<TaskModel> models() {
        return concat(List.of(
                TaskModel.recipe("linear-stack", adamMse(500, 100, 0.2, questionStack(LINEAR)), Preprocessing.scale(SCALE, SCALE),
                        "question: Dense 20,100,1000,100,20 (linear) -> Dense(1), Adam, MSE, 500 epochs, batch 100, "
                                + "inputs and targets divided by 2000; 20% held out is the suite's choice")),
                linearFixes(1, 500, 100, 0.2, Preprocessing.scale(SCALE, SCALE),
                        "a + b is linear: one Dense unit suffices, with 220k fewer parameters"));
    }

    public List<Reference> references() {
        return List.of(Reference.rmse("linear-stack", 0, "after rounding predictions back to integers"));
    }

    public Target target() {
        return Target.probeWithin(0.01);
    }
}
