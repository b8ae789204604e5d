package io.seqbench.common.scaling;

import io.seqbench.common.data.Dataset;
import io.seqbench.common.model.Activation;
import io.seqbench.common.model.Layer;
import io.seqbench.common.model.Loss;
import io.seqbench.common.model.ModelSpec;
import io.seqbench.common.model.Optimizer;

import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * One point of a scaling curve: a model of a given size trained on seeded data of a given shape, so that the cost of
 * an epoch can be followed as one factor grows. {@code lstm}: LSTM(units, tanh) then Dense(1) on sequences of
 * {@code length} steps of {@link #FEATURES} features; {@code dense}: two Dense(units, relu) layers then Dense(1) on
 * the same sequences flattened. Adam and MSE, as the catalogue's recipes; {@link #ROWS} rows in minibatches of
 * {@code batch}.
 *
 * @param family {@code lstm} or {@code dense}
 */
public record ScalingPoint(String family, int units, int length, int batch) {
    /** Features per step. */
    public static final int FEATURES = 4;
    /** Rows of training data: one epoch is {@code ROWS / batch} minibatches. */
    public static final int ROWS = 256;

    public ScalingPoint {
        if (!family.equals("lstm") && !family.equals("dense")) {
            throw new IllegalArgumentException("scaling family '" + family + "' must be lstm or dense");
        }
        if (units < 1 || length < 1 || batch < 1 || batch > ROWS) {
            throw new IllegalArgumentException("scaling point " + family + " units=" + units + " length=" + length
                    + " batch=" + batch + ": units and length must be positive, batch in [1, " + ROWS + "]");
        }
    }

    /** The point's id, {@code family/H=..,L=..,B=..}, as a speed case writes it. */
    public String id() {
        return String.format(Locale.ROOT, "%s/H=%d,L=%d,B=%d", family, units, length, batch);
    }

    /** The point an id names. */
    public static ScalingPoint parse(String id) {
        String[] p = id.split("/");
        if (p.length != 2) {
            throw new IllegalArgumentException("scaling point '" + id + "' must be family/H=..,L=..,B=..");
        }
        int h = 0;
        int l = 0;
        int b = 0;
        for (String kv : p[1].split(",")) {
            String[] e = kv.split("=");
            int v = Integer.parseInt(e[1]);
            switch (e[0]) {
                case "H" -> h = v;
                case "L" -> l = v;
                case "B" -> b = v;
                default -> throw new IllegalArgumentException("scaling point '" + id + "': unknown factor " + e[0]);
            }
        }
        return new ScalingPoint(p[0], h, l, b);
    }

    public ModelSpec spec() {
        Layer first = family.equals("lstm") ? Layer.Lstm.of(units, Activation.TANH) : new Layer.Dense(units, Activation.RELU);
        List<Layer> layers = family.equals("lstm") ? List.of(first, new Layer.Dense(1, Activation.LINEAR))
                : List.of(first, new Layer.Dense(units, Activation.RELU), new Layer.Dense(1, Activation.LINEAR));
        return ModelSpec.of(layers, Optimizer.adam(), Loss.MSE, EPOCH_BUDGET, batch, 0);
    }

    /**
     * The points' epoch budget. Nothing trains to it: it bounds how many epochs one timed run may step (the speed
     * benchmarks' guard allows 50 budgets), and a curve's fork warms up as one long iteration, in which the smallest
     * points step thousands of epochs (TensorFlow at L = 3 passed 500 within the publish profile's 3 s warm-up).
     */
    public static final int EPOCH_BUDGET = 2000;

    /**
     * Seeded data: inputs uniform in [-1, 1), the target the mean of each row's inputs (a function every model here can
     * learn, so that the timed epochs are those of a converging run). The same seed always gives the same arrays.
     */
    public Dataset data(long seed) {
        Random rnd = new Random(seed);
        double[][][] x = new double[ROWS][length][FEATURES];
        double[][] y = new double[ROWS][1];
        for (int r = 0; r < ROWS; r++) {
            double sum = 0;
            for (int t = 0; t < length; t++) {
                for (int f = 0; f < FEATURES; f++) {
                    x[r][t][f] = 2 * rnd.nextDouble() - 1;
                    sum += x[r][t][f];
                }
            }
            y[r][0] = sum / (length * FEATURES);
        }
        return new Dataset(x, y);
    }
}
