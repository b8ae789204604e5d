package io.seqbench.common.tasks;

import io.seqbench.common.data.Preprocessing;
import io.seqbench.common.model.ModelSpec;

import java.util.List;

import static io.seqbench.common.tasks.Recipes.*;

/**
 * What the three many-to-one tasks (sum3, lastsum2, next2) share: the article's simple, stacked and
 * bidirectional relu LSTMs with Keras' default batch of 32, and the suite's two fixes.
 */
final class ManyToOne {
    private ManyToOne() {
    }

    /** Series a = 3k and b = 5k (k = 1..45) stacked as columns and reshaped to (15, 3, 2). */
    static double[][][] twoSeriesWindows() {
        double[][][] x = new double[15][3][2];
        for (int i = 0; i < 45; i++) {
            x[i / 3][i % 3][0] = 3.0 * (i + 1);
            x[i / 3][i % 3][1] = 5.0 * (i + 1);
        }
        return x;
    }

    /**
     * @param stacked the stacked recipe: its spec differs per task (sum3's adds Dense 20,10 and two Dense(1))
     */
    static List<TaskModel> models(int outputs, TaskModel stacked) {
        return concat(List.of(
                TaskModel.recipe("lstm", adamMse(1000, 32, 0.2, lstm(50, RELU), dense(outputs)), Preprocessing.RAW,
                        "article: LSTM(50 relu) -> Dense(" + outputs + "), Adam, MSE, 1000 epochs, batch 32 (Keras default), 20% held out"),
                stacked,
                TaskModel.recipe("bidirectional", adamMse(1000, 32, 0.2, lstm(50, RELU).bidirectionalLayer(), dense(outputs)),
                        Preprocessing.RAW, "article: Bidirectional(LSTM(50 relu)) -> Dense(" + outputs + ")"),
                TaskModel.fix("lstm-std", adamMse(1000, 32, 0.2, lstm(50, RELU), dense(outputs)), Preprocessing.STANDARDISE,
                        "the recipe's relu LSTM on standardised inputs and targets")),
                linearFixes(outputs, 1000, 32, 0.2, Preprocessing.STANDARDISE,
                        "the target is a linear function of the window: one Dense layer on standardised data"));
    }

    static ModelSpec stackedSpec(int epochs, int outputs, boolean extraDense) {
        return extraDense
                ? adamMse(epochs, 32, 0.2, stackedRelu(200, 100, 50, 25), dense(20, RELU), dense(10, RELU), dense(1), dense(outputs))
                : adamMse(epochs, 32, 0.2, stackedRelu(100, 50, 25), dense(10, RELU), dense(outputs));
    }
}
