package io.seqbench.common.tasks;

import io.seqbench.common.data.Dataset;
import io.seqbench.common.data.Preprocessing;
import io.seqbench.common.data.Probe;
import io.seqbench.common.model.Loss;
import io.seqbench.common.model.Optimizer;

import java.util.List;

import static io.seqbench.common.tasks.Recipes.*;

/** Task 2: y = x1 * x2 with x1 = 2k, x2 = 3k; probe (55, 80) lies off the training manifold. */
final class Product2 implements Task {
    public String id() {
        return "product2";
    }

    public String title() {
        return "one-to-one, two features: y = x1 * x2";
    }

    public String source() {
        return "a published Keras tutorial (the article): its one-to-one example with two features, with simple and stacked LSTM figures";
    }

    public TaskData generate(TaskParams params, long seed) {
        double[][][] x = new double[25][1][2];
        double[][] y = new double[25][1];
        for (int k = 1; k <= 25; k++) {
            x[k - 1][0][0] = 2 * k;
            x[k - 1][0][1] = 3 * k;
            y[k - 1][0] = (2.0 * k) * (3.0 * k);
        }
        return new TaskData(params, seed, new Dataset(x, y), List.of(
                new Probe("(25,37.5)", steps(25, 37.5), new double[]{937.5}),
                new Probe("(54,81)", steps(54, 81), new double[]{4374}),
                Probe.reported("(55,80) source", steps(55, 80), new double[]{4400})));
    }

    public List<TaskModel> models() {
        return concat(List.of(
                TaskModel.recipe("lstm", adamMse(2000, 5, 0.2, lstm(80, RELU), dense(10, RELU), dense(1)),
                        Preprocessing.RAW, "article: LSTM(80 relu) -> Dense(10 relu) -> Dense(1), 2000 epochs, batch 5"),
                TaskModel.recipe("stacked", adamMse(1000, 3, 0.1, stackedRelu(200, 100, 50, 25),
                                dense(20, RELU), dense(10, RELU), dense(1)), Preprocessing.RAW,
                        "article: LSTM 200,100,50,25 relu -> Dense 20,10 relu -> Dense(1), 1000 epochs, batch 3, 10% held out")
                        .withQuickEpochs(300),
                fm(2000, 0.2, Preprocessing.STANDARDISE,
                        "y = x1*x2 is one pairwise interaction, and an FM has no x1^2 term to confuse it with on this collinear data"),
                TaskModel.fix("mlp-std", spec(Optimizer.adam(0.01), Loss.MSE, 2000, 5, 0.2,
                                dense(32, RELU), dense(32, RELU), dense(1)), Preprocessing.STANDARDISE,
                        "a small relu MLP on standardised data")),
                linearFixes(1, 2000, 5, 0.2, Preprocessing.STANDARDISE, "baseline: is a linear model enough? (y is a product)"));
    }

    public List<Reference> references() {
        return List.of(Reference.probe("lstm", 3263.44), Reference.probe("stacked", 3705.33));
    }

    public Target target() {
        return Target.probeWithin(0.01);
    }

    public String note() {
        return "Target probes lie on the training line x2 = 1.5 x1: (25, 37.5) -> 937.5 between training points, and "
                + "(54, 81) -> 4374 beyond them. The source's probe (55, 80) -> 4400 is off that line, where x1 x2, "
                + "1.5 x1^2 and x2^2 / 1.5 are the same function on the training data and disagree at the probe, so the data "
                + "does not determine the answer: it is reported (marked source) and is never the target. A model that can "
                + "express the product but no square (the factorization machine) is bound to pick the product there; any "
                + "other model picks by its inductive bias.";
    }
}
