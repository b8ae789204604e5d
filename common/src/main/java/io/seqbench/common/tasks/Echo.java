package io.seqbench.common.tasks;

import io.seqbench.common.data.Dataset;
import io.seqbench.common.data.Preprocessing;
import io.seqbench.common.model.Loss;
import io.seqbench.common.model.Optimizer;

import java.util.List;
import java.util.Map;
import java.util.Random;

import static io.seqbench.common.tasks.Recipes.*;

/**
 * Task 8: delayed echo, y_t = x_(t-2), with x uniform integers 0..99. A sample is a window of the last
 * {@code window} steps ending at t, raw or one-hot (100 wide). With a window of 1 the target is invisible.
 */
final class Echo implements Task {
    static final int DELAY = 2;
    static final int RANGE = 100;

    public String id() {
        return "echo";
    }

    public String title() {
        return "delayed echo: y_t = x_(t-2)";
    }

    public String source() {
        return "a published Keras question whose one-step-per-sample recurrent network could not echo its input";
    }

    public List<ParamSpec> params() {
        return List.of(ParamSpec.integer("count", "integers drawn", 2000, 10, 1_000_000),
                ParamSpec.integer("window", "steps per sample, ending at t", 1, 1, 100),
                ParamSpec.choice("encoding", "raw: the integer; onehot: 100-wide one-hot per step", "raw", "raw", "onehot"));
    }

    public void validate(TaskParams p) {
        if (p.intValue("window") >= p.intValue("count") - DELAY) {
            throw new IllegalArgumentException("echo.window=" + p.get("window") + " must be < echo.count - 2 = "
                    + (p.intValue("count") - DELAY));
        }
    }

    public TaskData generate(TaskParams p, long seed) {
        int count = p.intValue("count");
        int window = p.intValue("window");
        boolean onehot = p.get("encoding").equals("onehot");
        Random rnd = new Random(seed);
        int[] s = new int[count];
        for (int i = 0; i < count; i++) {
            s[i] = rnd.nextInt(RANGE);
        }
        int first = Math.max(DELAY, window - 1);
        int n = count - first;
        double[][][] x = new double[n][window][];
        double[][] y = new double[n][1];
        for (int r = 0; r < n; r++) {
            int t = first + r;
            for (int w = 0; w < window; w++) {
                int v = s[t - window + 1 + w];
                if (onehot) {
                    x[r][w] = new double[RANGE];
                    x[r][w][v] = 1;
                } else {
                    x[r][w] = new double[]{v};
                }
            }
            y[r][0] = s[t - DELAY];
        }
        return new TaskData(p, seed, new Dataset(x, y), List.of());
    }

    public List<TaskModel> models() {
        Map<String, String> window3 = Map.of("window", "3");
        return List.of(
                TaskModel.recipe("lstm", adamMse(200, 5, 0.2, lstm(2, TANH), dense(1)), Preprocessing.RAW,
                        "question: one time step per sample, LSTM(2) -> Dense(1), 200 epochs, batch 5")
                        .withDataParams(Map.of("window", "1", "encoding", "raw")).withQuickEpochs(50),
                TaskModel.fix("window3-linear", linear(Optimizer.adagrad(0.1), 1, 200, 5, 0.2),
                        Preprocessing.STANDARDISE, "a window of the last 3 steps makes x_(t-2) visible; it is then a linear read-out")
                        .withDataParams(Map.of("window", "3", "encoding", "raw")).withQuickEpochs(50),
                TaskModel.fix("window3-lstm", spec(Optimizer.adam(0.01), Loss.MSE, 200, 5, 0.2, lstm(16, TANH), dense(1)),
                        Preprocessing.STANDARDISE, "the same window seen as a sequence by an LSTM(16) on standardised data")
                        .withDataParams(window3).withQuickEpochs(20),
                TaskModel.fix("window3-onehot", linear(Optimizer.adagrad(0.1), 1, 200, 5, 0.2),
                        Preprocessing.RAW, "the window one-hot encoded (100 wide per step): the answer's second fix")
                        .withDataParams(Map.of("window", "3", "encoding", "onehot")).withQuickEpochs(50));
    }

    public List<Reference> references() {
        return List.of(Reference.rmse("lstm", 28.9, "the question's network predicts the mean (about 49.5)"));
    }

    public Target target() {
        return Target.heldOutRmseBelow(1.0);
    }
}
