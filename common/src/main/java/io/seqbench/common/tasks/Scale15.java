package io.seqbench.common.tasks;

import io.seqbench.common.data.Dataset;
import io.seqbench.common.data.Preprocessing;
import io.seqbench.common.data.Probe;

import java.util.List;

import static io.seqbench.common.tasks.Recipes.*;

/** Task 1: y = 15x for x = 1..20, one step of one feature; probe x = 30. */
final class Scale15 implements Task {
    public String id() {
        return "scale15";
    }

    public String title() {
        return "one-to-one, one feature: y = 15x";
    }

    public String source() {
        return "a published Keras tutorial (the article): its one-to-one example, with simple and stacked LSTM figures";
    }

    public TaskData generate(TaskParams params, long seed) {
        double[][][] x = new double[20][1][1];
        double[][] y = new double[20][1];
        for (int i = 0; i < 20; i++) {
            x[i][0][0] = i + 1;
            y[i][0] = 15.0 * (i + 1);
        }
        return new TaskData(params, seed, new Dataset(x, y), List.of(new Probe("x=30", steps(30), new double[]{450})));
    }

    public List<TaskModel> models() {
        return concat(List.of(
                TaskModel.recipe("lstm", adamMse(2000, 5, 0.2, lstm(50, RELU), dense(1)), Preprocessing.RAW,
                        "article: LSTM(50 relu) -> Dense(1), Adam, MSE, 2000 epochs, batch 5, 20% held out"),
                TaskModel.recipe("stacked", adamMse(2000, 5, 0.2, lstm(50, RELU).returningSequences(), lstm(50, RELU), dense(1)),
                        Preprocessing.RAW, "article: stacked LSTM(50 relu, seq) -> LSTM(50 relu) -> Dense(1)"),
                TaskModel.fix("lstm-std", adamMse(2000, 5, 0.2, lstm(50, RELU), dense(1)), Preprocessing.STANDARDISE,
                        "the recipe's relu LSTM on standardised inputs and targets: well-scaled gradients")),
                linearFixes(1, 2000, 5, 0.2, Preprocessing.STANDARDISE,
                        "y = 15x is linear: one Dense unit on standardised data extrapolates to x = 30 exactly"));
    }

    public List<Reference> references() {
        return List.of(Reference.probe("lstm", 437.86), Reference.probe("stacked", 459.85));
    }

    public Target target() {
        return Target.probeWithin(0.01);
    }
}
