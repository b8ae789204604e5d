package io.seqbench.common.tasks;

import io.seqbench.common.data.Dataset;
import io.seqbench.common.data.Preprocessing;
import io.seqbench.common.data.Probe;

import java.util.List;
import java.util.Random;

import static io.seqbench.common.tasks.Recipes.*;

/** Task 10: y = x^2 for integers x from 1..1000. A linear stack cannot fit it; relu hidden layers can. */
final class Square implements Task {
    public String id() {
        return "square";
    }

    public String title() {
        return "Dense, square of a number: y = x^2";
    }

    public String source() {
        return "a published Keras question on learning x squared with the same linear Dense stack (RMSE 75777 reported)";
    }

    public List<ParamSpec> params() {
        return List.of(ParamSpec.integer("count", "integers drawn", 1000, 10, 1_000_000));
    }

    public TaskData generate(TaskParams p, long seed) {
        int n = p.intValue("count");
        Random rnd = new Random(seed);
        double[][][] x = new double[n][1][1];
        double[][] y = new double[n][1];
        for (int i = 0; i < n; i++) {
            x[i][0][0] = 1 + rnd.nextInt(1000);
            y[i][0] = x[i][0][0] * x[i][0][0];
        }
        // The question predicted no single input; this in-range probe is the suite's own choice.
        return new TaskData(p, seed, new Dataset(x, y), List.of(new Probe("x=750", steps(750), new double[]{562_500})));
    }

    public List<TaskModel> models() {
        return concat(List.of(
                TaskModel.recipe("linear-stack", adamMse(500, 100, 0.2, SumPairs.questionStack(LINEAR)),
                        Preprocessing.scale(1e6, 1e6), "question: the sumpairs linear stack, x and y divided by 1000^2"),
                TaskModel.fix("relu-stack", adamMse(500, 100, 0.2, SumPairs.questionStack(RELU)),
                        Preprocessing.scale(1000, 1e6), "relu on every hidden layer, and x divided by 1000 (not 1000^2)"),
                fm(500, 0.2, Preprocessing.scale(1000, 1e6),
                        "baseline: an FM has pairwise terms only between distinct features, so on one feature it is linear")),
                linearFixes(1, 500, 100, 0.2, Preprocessing.scale(1000, 1e6),
                        "baseline: the best straight line (cannot fit a parabola)"));
    }

    public List<Reference> references() {
        return List.of(Reference.rmse("linear-stack", 75777, "the question's RMSE in original units"));
    }

    public Target target() {
        return Target.probeWithin(0.01);
    }
}
