package io.seqbench.bench;

import io.seqbench.common.Backend;
import io.seqbench.common.EpochEvent;
import io.seqbench.common.Support;
import io.seqbench.common.TrainSettings;
import io.seqbench.common.TrainedModel;
import io.seqbench.common.TrainingListener;
import io.seqbench.common.data.Dataset;
import io.seqbench.common.model.ModelSpec;

import java.util.Map;

/**
 * A backend for harness tests: {@code ok} fits ordinary least squares on the flattened window (exact on the linear
 * tasks), {@code throws} fails, {@code nan} diverges at epoch 2, {@code picky} supports nothing.
 */
public record FakeBackend(String id) implements Backend {

    public Map<String, String> provenance() {
        return Map.of("framework", "fake " + id);
    }

    public Support support(ModelSpec spec) {
        return id.equals("picky") ? Support.unsupported("picky supports nothing") : Support.exact();
    }

    public TrainedModel train(ModelSpec spec, Dataset train, TrainSettings settings, TrainingListener listener) {
        if (id.equals("throws")) {
            throw new IllegalStateException("boom in train");
        }
        double[][] w = leastSquares(train);
        TrainedModel m = new TrainedModel() {
            public double[][] predict(double[][][] x) {
                double[][] flat = Dataset.flatten(x);
                double[][] out = new double[flat.length][w.length];
                for (int i = 0; i < flat.length; i++) {
                    for (int o = 0; o < w.length; o++) {
                        double v = w[o][flat[i].length];
                        for (int j = 0; j < flat[i].length; j++) {
                            v += w[o][j] * flat[i][j];
                        }
                        out[i][o] = v;
                    }
                }
                return out;
            }

            public long parameterCount() {
                return (long) w.length * w[0].length;
            }

            public Map<String, String> details() {
                return Map.of();
            }

            public void close() {
            }
        };
        for (int e = 1; e <= spec.epochs(); e++) {
            // a curve of its own per seed and data, so that a merge that mixed cells up would show
            double loss = id.equals("nan") && e >= 2 ? Double.NaN : (1 + settings.seed() / 10.0 + train.size() / 1000.0) / e;
            if (!listener.onEpoch(new EpochEvent(e, loss, e * 1_000_000L), m)) {
                break;
            }
        }
        return m;
    }

    /** Ridge-regularised normal equations per output, solved by Gauss-Jordan (tiny problems only). */
    public static double[][] leastSquares(Dataset d) {
        double[][] x = d.flatX();
        int f = x[0].length + 1;
        double[][] w = new double[d.outputs()][];
        for (int o = 0; o < d.outputs(); o++) {
            double[][] a = new double[f][f + 1];
            for (int i = 0; i < x.length; i++) {
                double[] row = java.util.Arrays.copyOf(x[i], f);
                row[f - 1] = 1;
                for (int r = 0; r < f; r++) {
                    for (int c = 0; c < f; c++) {
                        a[r][c] += row[r] * row[c];
                    }
                    a[r][f] += row[r] * d.y()[i][o];
                }
            }
            for (int r = 0; r < f; r++) {
                a[r][r] += 1e-9;
            }
            for (int p = 0; p < f; p++) {
                double piv = a[p][p];
                for (int c = 0; c <= f; c++) {
                    a[p][c] /= piv;
                }
                for (int r = 0; r < f; r++) {
                    if (r != p) {
                        double k = a[r][p];
                        for (int c = 0; c <= f; c++) {
                            a[r][c] -= k * a[p][c];
                        }
                    }
                }
            }
            w[o] = new double[f];
            for (int r = 0; r < f; r++) {
                w[o][r] = a[r][f];
            }
        }
        return w;
    }
}
