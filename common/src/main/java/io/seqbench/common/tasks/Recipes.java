package io.seqbench.common.tasks;

import io.seqbench.common.data.Preprocessing;
import io.seqbench.common.model.Activation;
import io.seqbench.common.model.Layer;
import io.seqbench.common.model.Loss;
import io.seqbench.common.model.ModelSpec;
import io.seqbench.common.model.Optimizer;

import java.util.ArrayList;
import java.util.List;

/** Short builders for the layer stacks the recipes share, so that each task reads like its article. */
final class Recipes {
    private Recipes() {
    }

    static final Activation RELU = Activation.RELU;
    static final Activation TANH = Activation.TANH;
    static final Activation LINEAR = Activation.LINEAR;

    static Layer.Lstm lstm(int units, Activation act) {
        return Layer.Lstm.of(units, act);
    }

    static Layer.Dense dense(int units, Activation act) {
        return new Layer.Dense(units, act);
    }

    static Layer.Dense dense(int units) {
        return new Layer.Dense(units, LINEAR);
    }

    /** Adam with Keras' default learning rate and MSE: the recipes' compile line. */
    static ModelSpec adamMse(int epochs, int batch, double heldOut, Layer... layers) {
        return ModelSpec.of(List.of(layers), Optimizer.adam(), Loss.MSE, epochs, batch, heldOut);
    }

    static ModelSpec spec(Optimizer opt, Loss loss, int epochs, int batch, double heldOut, Layer... layers) {
        return ModelSpec.of(List.of(layers), opt, loss, epochs, batch, heldOut);
    }

    /** The seed articles' stacked LSTM: relu LSTMs of the given widths, all but the last returning sequences. */
    static List<Layer> stackedRelu(int... units) {
        List<Layer> out = new ArrayList<>();
        for (int i = 0; i < units.length; i++) {
            Layer.Lstm l = lstm(units[i], RELU);
            out.add(i < units.length - 1 ? l.returningSequences() : l);
        }
        return out;
    }

    static ModelSpec adamMse(int epochs, int batch, double heldOut, List<Layer> head, Layer... tail) {
        List<Layer> all = new ArrayList<>(head);
        all.addAll(List.of(tail));
        return ModelSpec.of(all, Optimizer.adam(), Loss.MSE, epochs, batch, heldOut);
    }

    /** A linear model: one Dense layer with no activation, on the flattened window. */
    static ModelSpec linear(Optimizer opt, int outputs, int epochs, int batch, double heldOut) {
        return spec(opt, Loss.MSE, epochs, batch, heldOut, dense(outputs));
    }

    /**
     * The "do you even need a neural network?" pair, the same on every backend: {@code linear} with AdaGrad(0.1),
     * which every backend implements correctly, and {@code linear-adam}, the same model with Adam(0.01), which
     * shows what each backend's Adam does (Tribuo 4.3.2's divides where it should multiply).
     */
    static List<TaskModel> linearFixes(int outputs, int epochs, int batch, double heldOut, Preprocessing prep, String why) {
        return List.of(
                TaskModel.fix("linear", linear(Optimizer.adagrad(0.1), outputs, epochs, batch, heldOut), prep,
                        why + "; AdaGrad(0.1), chosen by experiment (Tribuo's Adam diverges, see linear-adam)"),
                TaskModel.fix("linear-adam", linear(Optimizer.adam(0.01), outputs, epochs, batch, heldOut), prep,
                        "the same linear model with Adam(0.01): shows each backend's Adam on an easy convex problem"));
    }

    /** A factorization machine with rank 4 and AdaGrad(0.1), batch 1. */
    static TaskModel fm(int epochs, double heldOut, Preprocessing prep, String why) {
        return TaskModel.fix("fm", spec(Optimizer.adagrad(0.1), Loss.MSE, epochs, 1, heldOut, new Layer.FactorizationMachine(4)),
                prep, why + "; batch 1 because Tribuo 4.3.2's FM throws a ClassCastException merging minibatch gradients");
    }

    @SafeVarargs
    static List<TaskModel> concat(List<TaskModel>... lists) {
        List<TaskModel> out = new ArrayList<>();
        for (List<TaskModel> l : lists) {
            out.addAll(l);
        }
        return List.copyOf(out);
    }

    /** A one-step input with the given features. */
    static double[][] steps(double... features) {
        return new double[][]{features.clone()};
    }

    static double[][] seq(double[]... steps) {
        return steps;
    }

    /** Fisher-Yates with an explicit generator, so that a seed means the same order in every JVM. */
    static void shuffle(int[] a, java.util.Random rnd) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
