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
}
