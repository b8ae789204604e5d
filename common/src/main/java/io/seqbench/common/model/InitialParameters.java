package io.seqbench.common.model;

import io.seqbench.common.TrainSettings;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Every spec's initial parameters, drawn once per (spec, input shape, seed) in Keras' layout and with Keras'
 * initialisers, from one seeded {@link Random}: Glorot-uniform kernels with Keras' fan-in and fan-out (for an LSTM
 * kernel (in, 4H): in and 4H), orthogonal recurrent kernels (H, 4H), zero biases with the forget gate at 1 where the
 * spec has Keras' unit_forget_bias, and an orthogonal input kernel with the spec's gain where it asks for one.
 *
 * <p>The neural backends load these arrays instead of drawing their own, so the same seed means the same model on
 * every backend: a difference between backends is then the framework's, not a different random start. The draw
 * order is the layers' order; within an LSTM, the kernel then the recurrent kernel, forward direction first.
 */
public final class InitialParameters {
    private InitialParameters() {
    }

    /**
     * The parameters a training with {@code settings} starts from: {@link #draw(ModelSpec, int, int, long)} at the
     * settings' seed, each non-zero value moved one float32 ulp up when the settings are {@link TrainSettings#nudged}
     * (zeros stay zero: a zero bias has no rounding to change).
     */
    public static List<ParamArray> draw(ModelSpec spec, int timesteps, int features, TrainSettings settings) {
        List<ParamArray> drawn = draw(spec, timesteps, features, settings.seed());
        if (!settings.nudged()) {
            return drawn;
        }
        return drawn.stream().map(p -> {
            float[] v = p.values().clone();
            for (int i = 0; i < v.length; i++) {
                v[i] = v[i] == 0 ? 0 : Math.nextUp(v[i]);
            }
            return new ParamArray(p.name(), p.shape(), v);
        }).toList();
    }

    /**
     * The parameters of {@code spec} on inputs of (timesteps, features), in the order the layers use them.
     *
     * @throws IllegalArgumentException for a factorization machine, which has no Keras layout
     */
    public static List<ParamArray> draw(ModelSpec spec, int timesteps, int features, long seed) {
        Random rnd = new Random(seed);
        boolean flatInput = spec.flatInput();
        int width = flatInput ? timesteps * features : features;
        List<ParamArray> out = new ArrayList<>();
        for (int i = 0; i < spec.layers().size(); i++) {
            Layer layer = spec.layers().get(i);
            String name = "L" + i;
            if (layer instanceof Layer.Dense d) {
                dense(out, name, rnd, width, d.units());
                width = d.units();
            } else if (layer instanceof Layer.TimeDistributedDense t) {
                dense(out, name, rnd, width, t.units());
                width = t.units();
            } else if (layer instanceof Layer.Lstm l) {
                lstm(out, name, rnd, width, l);
                if (l.bidirectional()) {
                    lstm(out, name + ".backward", rnd, width, l);
                }
                width = l.outputWidth();
            } else if (layer instanceof Layer.FactorizationMachine) {
                throw new IllegalArgumentException("a factorization machine has no Keras layout to draw");
            }
        }
        return out;
    }

    private static void dense(List<ParamArray> out, String name, Random rnd, int in, int units) {
        out.add(matrix(name + ".kernel", KerasInit.glorotUniform(in, units, in, units, rnd::nextDouble)));
        out.add(new ParamArray(name + ".bias", new int[]{units}, new float[units]));
    }

    private static void lstm(List<ParamArray> out, String name, Random rnd, int in, Layer.Lstm l) {
        int h = l.units();
        double[][] kernel = l.kernelInit().kind() == Init.Kind.ORTHOGONAL
                ? KerasInit.orthogonal(in, 4 * h, rnd::nextGaussian, l.kernelInit().gain())
                : KerasInit.glorotUniform(in, 4 * h, in, 4 * h, rnd::nextDouble);
        out.add(matrix(name + ".kernel", kernel));
        out.add(matrix(name + ".recurrent_kernel", KerasInit.orthogonal(h, 4 * h, rnd::nextGaussian, 1.0)));
        float[] bias = new float[4 * h];
        if (l.unitForgetBias()) {
            Arrays.fill(bias, h, 2 * h, 1f);
        }
        out.add(new ParamArray(name + ".bias", new int[]{4 * h}, bias));
    }

    private static ParamArray matrix(String name, double[][] values) {
        int rows = values.length;
        int cols = values[0].length;
        float[] flat = new float[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                flat[r * cols + c] = (float) values[r][c];
            }
        }
        return new ParamArray(name, new int[]{rows, cols}, flat);
    }
}
