package io.seqbench.common.tasks;

import io.seqbench.common.data.Dataset;
import io.seqbench.common.data.Preprocessing;
import io.seqbench.common.data.Probe;
import io.seqbench.common.model.Layer;
import io.seqbench.common.model.Loss;
import io.seqbench.common.model.Optimizer;

import java.util.List;
import java.util.Map;
import java.util.Random;

import static io.seqbench.common.tasks.Recipes.*;

/**
 * Task 6: an encoder-decoder on a geometric-like progression. Each step is [c, u, u+1] and the next u is
 * c * (u + (u+1)); the input is the first three steps from u = c and the output the next three values of u.
 */
final class Progression implements Task {
    /** The question's training set: c = 3, 2, 2, 4, 5 (one duplicate). */
    static final double[] QUESTION_C = {3, 2, 2, 4, 5};

    public String id() {
        return "progression";
    }

    public String title() {
        return "many-to-many encoder-decoder: the next 3 terms of u -> c(2u+1)";
    }

    public String source() {
        return "a published Keras question whose encoder-decoder failed; it gives the recipe and no figure";
    }

    public List<ParamSpec> params() {
        return List.of(
                ParamSpec.choice("source", "question: the question's 5 samples; uniform: n samples of real c", "uniform",
                        "question", "uniform"),
                ParamSpec.integer("n", "samples when source=uniform", 200, 2, 100_000),
                ParamSpec.real("cmin", "smallest c when source=uniform", 1.5, 0.01, 100),
                ParamSpec.real("cmax", "largest c when source=uniform", 5.5, 0.01, 100));
    }

    public void validate(TaskParams p) {
        if (!(p.doubleValue("cmin") < p.doubleValue("cmax"))) {
            throw new IllegalArgumentException("progression.cmin=" + p.get("cmin") + " must be < progression.cmax="
                    + p.get("cmax"));
        }
    }

    /** The three input steps for constant c. */
    static double[][] input(double c) {
        double[][] steps = new double[3][];
        double u = c;
        for (int t = 0; t < 3; t++) {
            steps[t] = new double[]{c, u, u + 1};
            u = c * (u + u + 1);
        }
        return steps;
    }

    /** The next three values of u after the input. */
    static double[] output(double c) {
        double u = input(c)[2][1];
        double[] out = new double[3];
        for (int t = 0; t < 3; t++) {
            u = c * (u + u + 1);
            out[t] = u;
        }
        return out;
    }

    public TaskData generate(TaskParams p, long seed) {
        double[] cs;
        if (p.get("source").equals("question")) {
            cs = QUESTION_C.clone();
        } else {
            Random rnd = new Random(seed);
            double lo = p.doubleValue("cmin");
            double hi = p.doubleValue("cmax");
            cs = new double[p.intValue("n")];
            for (int i = 0; i < cs.length; i++) {
                cs[i] = lo + (hi - lo) * rnd.nextDouble();
            }
        }
        double[][][] x = new double[cs.length][][];
        double[][] y = new double[cs.length][];
        for (int i = 0; i < cs.length; i++) {
            x[i] = input(cs[i]);
            y[i] = output(cs[i]);
        }
        return new TaskData(p, seed, new Dataset(x, y), List.of(new Probe("c=2", input(2), output(2))));
    }

    public List<TaskModel> models() {
        return List.of(
                TaskModel.recipe("question", spec(Optimizer.adam(0.9), Loss.MAE, 4000, 32, 0.0,
                                lstm(1, TANH), new Layer.RepeatVector(3), lstm(1, TANH).returningSequences(),
                                new Layer.TimeDistributedDense(1, LINEAR)), Preprocessing.RAW,
                        "question: LSTM(1) -> RepeatVector(3) -> LSTM(1, seq) -> TimeDistributed(Dense(1)), Adam lr 0.9, MAE, "
                                + "4000 epochs, trained on c = 3,2,2,4,5 with nothing held out")
                        .withDataParams(Map.of("source", "question")),
                TaskModel.fix("wide-log", spec(Optimizer.adam(0.01), Loss.MSE, 300, 32, 0.2,
                                lstm(32, TANH), new Layer.RepeatVector(3), lstm(32, TANH).returningSequences(),
                                new Layer.TimeDistributedDense(1, LINEAR)), Preprocessing.LOG,
                        "200 samples of real-valued c, log-scaled inputs and targets (they span 5 orders of magnitude), "
                                + "32 units, Adam lr 0.01"));
    }

    public List<Reference> references() {
        return List.of(Reference.note("question", "the question reported wrong results and no figure"));
    }

    public Target target() {
        return Target.probeWithin(0.05);
    }
}
