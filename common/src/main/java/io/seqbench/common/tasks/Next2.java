package io.seqbench.common.tasks;

import io.seqbench.common.data.Dataset;
import io.seqbench.common.data.Preprocessing;
import io.seqbench.common.data.Probe;

import java.util.List;

import static io.seqbench.common.tasks.Recipes.*;

/** Task 5: the next value of each of two series; two outputs; probe -> [29, 49] (the article's 45 is a typo). */
final class Next2 implements Task {
    public String id() {
        return "next2";
    }

    public String title() {
        return "many-to-one, two features, two outputs: the next value of each series";
    }

    public String source() {
        return "a published Keras tutorial (the article): its many-to-one example with two outputs, with simple, stacked and bidirectional figures";
    }

    public TaskData generate(TaskParams params, long seed) {
        double[][][] x = ManyToOne.twoSeriesWindows();
        double[][] y = new double[15][2];
        for (int i = 0; i < 15; i++) {
            y[i][0] = x[i][2][0] + 3;
            y[i][1] = x[i][2][1] + 5;
        }
        return new TaskData(params, seed, new Dataset(x, y), List.of(new Probe("[[20,34],[23,39],[26,44]]",
                seq(new double[]{20, 34}, new double[]{23, 39}, new double[]{26, 44}), new double[]{29, 49})));
    }

    public List<TaskModel> models() {
        return ManyToOne.models(2, TaskModel.recipe("stacked", ManyToOne.stackedSpec(500, 2, false), Preprocessing.RAW,
                "article: LSTM 100,50,25 relu -> Dense(10 relu) -> Dense(2), 500 epochs"));
    }

    public List<Reference> references() {
        return List.of(Reference.probe("lstm", 29.09, 48.47), Reference.probe("stacked", 29.17, 48.69),
                Reference.probe("bidirectional", 29.21, 48.74));
    }

    public Target target() {
        return Target.probeWithin(0.01);
    }
}
