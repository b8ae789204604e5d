package io.seqbench.common.model;

import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * The truth for a spec's forward pass: Keras' equations as plain Java loops in float64, on parameters in Keras'
 * layout ({@link InitialParameters}' order). A backend's float32 forward pass should agree with it to float32
 * rounding; one that does not computes another function, whatever the other backends say.
 *
 * <p>Inputs and parameters are taken as float32 values (each input rounded to float32 first, as every backend
 * receives it), and everything after that is float64. Masking follows Keras: a step whose features all equal the
 * mask value keeps the previous state, so a row masked throughout gives the zero state. A factorization machine has
 * no Keras layout and no reference ({@link #supports}).
 */
public final class ReferenceForward {
    /**
     * How far a float32 forward pass may lie from the reference, as {@link Outputs#difference} measures it (the largest
     * absolute difference over the largest magnitude of the terms summed into any output, or of any output): float32
     * passes that differ only in summation order agree to about 1e-6 on the catalogue's models, and a wrong kernel
     * shows as 1e-3 or more.
     */
    public static final double FLOAT32_TOLERANCE = 1e-4;

    private ReferenceForward() {
    }

    /** Whether the reference can compute this spec (every layer but a factorization machine). */
    public static boolean supports(ModelSpec spec) {
        return spec.layers().stream().noneMatch(l -> l instanceof Layer.FactorizationMachine);
    }

    /**
     * The reference outputs and the scale a float32 pass's rounding is measured against.
     *
     * @param values     (samples, outputs), or (samples, steps * width) step-major for a sequence output
     * @param termScale  the largest magnitude of the terms summed into an output by the last layer, which a spec's
     *                   validation makes a dense one (|bias| + the sum of |weight x input|): float32 rounds each term, so an output that is
     *                   small because its terms cancel carries the rounding of the terms, not of the output
     */
    public record Outputs(double[][] values, double termScale) {
        /**
         * The largest absolute difference from {@code other} over the term scale: rounding alone stays near float32's
         * 6e-8 times the depth of the computation; NaN if a value is not finite or the shapes differ.
         */
        public double difference(double[][] other) {
            double[] a = flatten(values);
            double[] b = flatten(other);
            if (a.length != b.length) {
                return Double.NaN;
            }
            double diff = 0;
            double scale = termScale;
            for (int i = 0; i < a.length; i++) {
                if (!Double.isFinite(b[i])) {
                    return Double.NaN;
                }
                diff = Math.max(diff, Math.abs(a[i] - b[i]));
                scale = Math.max(scale, Math.abs(b[i]));
            }
            return scale == 0 ? 0 : diff / scale;
        }

        private static double[] flatten(double[][] a) {
            return concat(a);
        }
    }

    /** {@link #compute}'s values. */
    public static double[][] predict(ModelSpec spec, List<ParamArray> params, double[][][] x) {
        return compute(spec, params, x).values();
    }

    /**
     * The outputs as the backends return them, with their term scale.
     *
     * @param x      (samples, timesteps, features)
     * @param params the spec's parameters in {@link InitialParameters}' order and layout
     */
    public static Outputs compute(ModelSpec spec, List<ParamArray> params, double[][][] x) {
        if (!supports(spec)) {
            throw new IllegalArgumentException("no reference forward pass for " + spec.describe());
        }
        Optional<Double> maskValue = spec.maskValue();
        boolean flatInput = spec.flatInput();
        double[][] out = new double[x.length][];
        double[] termScale = {0};
        Layer lastLayer = spec.layers().get(spec.layers().size() - 1);
        for (int n = 0; n < x.length; n++) {
            Iterator<ParamArray> arrays = params.iterator();
            double[][] seq = rounded(x[n]);
            boolean[] keep = new boolean[seq.length];
            for (int t = 0; t < seq.length; t++) {
                // compared in float32, as the backends compare their float32 inputs with the mask value
                keep[t] = maskValue.isEmpty() || anyDiffers(seq[t], (float) (double) maskValue.get());
            }
            double[] flat = flatInput ? concat(seq) : null;
            for (Layer layer : spec.layers()) {
                double[] scaleSink = layer == lastLayer ? termScale : new double[1];
                if (layer instanceof Layer.Dense d) {
                    flat = dense(flat, arrays.next(), arrays.next(), d.activation(), scaleSink);
                } else if (layer instanceof Layer.TimeDistributedDense td) {
                    ParamArray k = arrays.next();
                    ParamArray b = arrays.next();
                    double[][] next = new double[seq.length][];
                    for (int t = 0; t < seq.length; t++) {
                        next[t] = dense(seq[t], k, b, td.activation(), scaleSink);
                    }
                    seq = next;
                } else if (layer instanceof Layer.RepeatVector r) {
                    seq = new double[r.times()][];
                    for (int t = 0; t < r.times(); t++) {
                        seq[t] = flat.clone();
                    }
                    keep = new boolean[r.times()];
                    java.util.Arrays.fill(keep, true);
                } else if (layer instanceof Layer.Lstm l) {
                    double[][] fwd = lstm(seq, keep, l, arrays.next(), arrays.next(), arrays.next(), false);
                    double[][] bwd = l.bidirectional() ? lstm(seq, keep, l, arrays.next(), arrays.next(), arrays.next(), true) : null;
                    if (l.returnSequences()) {
                        double[][] next = new double[seq.length][];
                        for (int t = 0; t < seq.length; t++) {
                            next[t] = bwd == null ? fwd[t] : concat(new double[][]{fwd[t], bwd[t]});
                        }
                        seq = next;
                    } else {
                        // each direction's output after its whole pass: the forward one's last state, the backward one's first
                        double[] f = fwd[fwd.length - 1];
                        flat = bwd == null ? f : concat(new double[][]{f, bwd[0]});
                    }
                }
            }
            out[n] = lastLayer instanceof Layer.TimeDistributedDense ? concat(seq) : flat;
        }
        return new Outputs(out, termScale[0]);
    }

    /** A dense layer; {@code termScale[0]} keeps the largest |bias| + sum |weight x input| of any unit seen. */
    private static double[] dense(double[] in, ParamArray kernel, ParamArray bias, Activation a, double[] termScale) {
        int units = kernel.shape()[1];
        requireShape(kernel, in.length, units);
        requireShape(bias, units);
        double[] out = new double[units];
        for (int j = 0; j < units; j++) {
            double v = bias.values()[j];
            double terms = Math.abs(v);
            for (int i = 0; i < in.length; i++) {
                double term = in[i] * kernel.values()[i * units + j];
                v += term;
                terms += Math.abs(term);
            }
            out[j] = activate(v, a);
            termScale[0] = Math.max(termScale[0], terms);
        }
        return out;
    }

    /** One LSTM direction, Keras' gates i, f, c, o: the state after each step, in original time order. */
    private static double[][] lstm(double[][] seq, boolean[] keep, Layer.Lstm l, ParamArray kernel, ParamArray recurrent,
                                   ParamArray bias, boolean reverse) {
        int units = l.units();
        int g4 = 4 * units;
        int in = seq[0].length;
        requireShape(kernel, in, g4);
        requireShape(recurrent, units, g4);
        requireShape(bias, g4);
        double[] h = new double[units];
        double[] c = new double[units];
        double[][] states = new double[seq.length][];
        for (int s = 0; s < seq.length; s++) {
            int t = reverse ? seq.length - 1 - s : s;
            if (keep[t]) {
                double[] z = new double[g4];
                for (int j = 0; j < g4; j++) {
                    double v = bias.values()[j];
                    for (int i = 0; i < in; i++) {
                        v += seq[t][i] * kernel.values()[i * g4 + j];
                    }
                    for (int i = 0; i < units; i++) {
                        v += h[i] * recurrent.values()[i * g4 + j];
                    }
                    z[j] = v;
                }
                double[] hNew = new double[units];
                for (int u = 0; u < units; u++) {
                    double ig = sigmoid(z[u]);
                    double fg = sigmoid(z[units + u]);
                    double cg = activate(z[2 * units + u], l.activation());
                    double og = sigmoid(z[3 * units + u]);
                    c[u] = fg * c[u] + ig * cg;
                    hNew[u] = og * activate(c[u], l.activation());
                }
                h = hNew;
            }
            states[t] = h.clone();
        }
        return states;
    }

    /** Parameters that are not the spec's Keras layout are not the spec's model. */
    private static void requireShape(ParamArray p, int... shape) {
        if (!java.util.Arrays.equals(p.shape(), shape) || p.values().length != java.util.Arrays.stream(shape).reduce(1, (x, y) -> x * y)) {
            throw new IllegalArgumentException(p.name() + " has shape " + java.util.Arrays.toString(p.shape())
                    + ", the layer needs " + java.util.Arrays.toString(shape));
        }
    }

    private static double activate(double v, Activation a) {
        return switch (a) {
            case LINEAR -> v;
            case RELU -> Math.max(0, v);
            case TANH -> Math.tanh(v);
            case SIGMOID -> sigmoid(v);
        };
    }

    private static double sigmoid(double v) {
        return 1 / (1 + Math.exp(-v));
    }

    private static boolean anyDiffers(double[] step, double value) {
        for (double v : step) {
            if (v != value) {
                return true;
            }
        }
        return false;
    }

    private static double[][] rounded(double[][] sample) {
        double[][] out = new double[sample.length][];
        for (int t = 0; t < sample.length; t++) {
            out[t] = new double[sample[t].length];
            for (int f = 0; f < sample[t].length; f++) {
                out[t][f] = (float) sample[t][f];
            }
        }
        return out;
    }

    private static double[] concat(double[][] parts) {
        return java.util.Arrays.stream(parts).flatMapToDouble(java.util.Arrays::stream).toArray();
    }
}
