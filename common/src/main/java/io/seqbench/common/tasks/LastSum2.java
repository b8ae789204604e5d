package io.seqbench.common.tasks;

import io.seqbench.common.data.Dataset;
import io.seqbench.common.data.Preprocessing;
import io.seqbench.common.data.Probe;

import java.util.List;

import static io.seqbench.common.tasks.Recipes.*;

/** Task 4: two series in (15, 3, 2) windows; y = a + b at the third step; probe -> 75. */
final class LastSum2 implements Task {
    public String id() {
        return "lastsum2";
    }

    public String title() {
        return "many-to-one, two features: y = a + b at the last step";
    }

    public TaskData generate(TaskParams params, long seed) {
        double[][][] x = ManyToOne.twoSeriesWindows();
        double[][] y = new double[15][1];
        for (int i = 0; i < 15; i++) {
            y[i][0] = x[i][2][0] + x[i][2][1];
        }
        return new TaskData(params, seed, new Dataset(x, y), List.of(new Probe("[[8,51],[11,56],[14,61]]",
                seq(new double[]{8, 51}, new double[]{11, 56}, new double[]{14, 61}), new double[]{75})));
    }

    public List<TaskModel> models() {
        return ManyToOne.models(1, TaskModel.recipe("stacked", ManyToOne.stackedSpec(1000, 1, true), Preprocessing.RAW,
                "article: stacked as in sum3: LSTM 200,100,50,25 relu -> Dense 20,10 relu -> Dense(1) -> Dense(1)"));
    }

    public List<Reference> references() {
        return List.of(Reference.probe("lstm", 73.41), Reference.probe("stacked", 71.56),
                Reference.probe("bidirectional", 76.82));
    }

    public Target target() {
        return Target.probeWithin(0.01);
    }

    public String note() {
        return "The probe is off the training data: in every training window b = 5a/3, while the probe starts at [8, 51]. "
                + "The six inputs lie on one line, so models that fit every training sample exactly disagree at the probe: "
                + "y = a3 + b3 gives 75, and y = a3 + b3 + 7.5/113 x (5 a1 - 3 b1) gives 67.5 (common's TasksTest). What a "
                + "model answers there is set by its inductive bias and its initial weights: a linear model's answer depends "
                + "only on its seed (AdaGrad and Adam agree, another seed does not; a test in each backend). So no model is "
                + "expected to reach the target, none is claimed to, and the article's 2-5% misses are the same effect.";
    }
}
