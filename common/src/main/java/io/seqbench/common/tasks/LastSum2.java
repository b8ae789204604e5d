package io.seqbench.common.tasks;

import io.seqbench.common.data.Dataset;
import io.seqbench.common.data.Preprocessing;
import io.seqbench.common.data.Probe;

import java.util.List;

import static io.seqbench.common.tasks.Recipes.*;

/**
 * Task 4: two series in (15, 3, 2) windows; y = a + b at the third step. Target probes on the training line (32
 * inside the range, 384 beyond it); the source's probe (-> 75) is off the line and only reported.
 */
final class LastSum2 implements Task {
    public String id() {
        return "lastsum2";
    }

    public String title() {
        return "many-to-one, two features: y = a + b at the last step";
    }

    public String source() {
        return "a published Keras tutorial (the article): its many-to-one example with two features, with simple, stacked and bidirectional figures";
    }

    public TaskData generate(TaskParams params, long seed) {
        double[][][] x = ManyToOne.twoSeriesWindows();
        double[][] y = new double[15][1];
        for (int i = 0; i < 15; i++) {
            y[i][0] = x[i][2][0] + x[i][2][1];
        }
        return new TaskData(params, seed, new Dataset(x, y), List.of(
                new Probe("[[6,10],[9,15],[12,20]]", seq(new double[]{6, 10}, new double[]{9, 15}, new double[]{12, 20}),
                        new double[]{32}),
                new Probe("[[138,230],[141,235],[144,240]]", seq(new double[]{138, 230}, new double[]{141, 235},
                        new double[]{144, 240}), new double[]{384}),
                Probe.reported("[[8,51],[11,56],[14,61]] source", seq(new double[]{8, 51}, new double[]{11, 56},
                        new double[]{14, 61}), new double[]{75})));
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
        return "Target probes lie on the training line (b = 5a/3 at every step): the window shifted by one step, "
                + "[[6,10],[9,15],[12,20]] -> 32, inside the range, and the next window, [[138,230],[141,235],[144,240]] "
                + "-> 384, beyond it. The source's probe [[8,51],[11,56],[14,61]] -> 75 is off the line: models that fit "
                + "every training sample exactly disagree there (y = a3 + b3 gives 75, y = a3 + b3 + 7.5/113 x (5 a1 - 3 b1) "
                + "gives 67.5; common's TasksTest), and a linear model's answer there is set by its initial weights alone. "
                + "It is reported (marked source), never the target; the article's 2-5% misses there are the same effect.";
    }
}
