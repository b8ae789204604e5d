package io.seqbench.common.tasks;

import io.seqbench.common.data.Dataset;
import io.seqbench.common.data.Preprocessing;
import io.seqbench.common.data.Probe;

import java.util.List;

import static io.seqbench.common.tasks.Recipes.*;

/** Task 3: 1..45 as (15, 3, 1) windows, y = the window's sum; probe [50, 51, 52] -> 153. */
final class Sum3 implements Task {
    public String id() {
        return "sum3";
    }

    public String title() {
        return "many-to-one, one feature: y = sum of 3 steps";
    }

    public String source() {
        return "a published Keras tutorial (the article): its many-to-one example, with simple, stacked and bidirectional LSTM figures";
    }

    public TaskData generate(TaskParams params, long seed) {
        double[][][] x = new double[15][3][1];
        double[][] y = new double[15][1];
        for (int i = 0; i < 45; i++) {
            x[i / 3][i % 3][0] = i + 1;
            y[i / 3][0] += i + 1;
        }
        return new TaskData(params, seed, new Dataset(x, y),
                List.of(new Probe("[50,51,52]", seq(new double[]{50}, new double[]{51}, new double[]{52}), new double[]{153})));
    }

    public List<TaskModel> models() {
        return ManyToOne.models(1, TaskModel.recipe("stacked", ManyToOne.stackedSpec(1000, 1, true), Preprocessing.RAW,
                "article: LSTM 200,100,50,25 relu -> Dense 20,10 relu -> Dense(1) -> Dense(1)"));
    }

    public List<Reference> references() {
        return List.of(Reference.probe("lstm", 145.96), Reference.probe("stacked", 155.37),
                Reference.probe("bidirectional", 152.26));
    }

    public Target target() {
        return Target.probeWithin(0.01);
    }
}
