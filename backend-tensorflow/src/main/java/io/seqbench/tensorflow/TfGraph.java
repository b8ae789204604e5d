package io.seqbench.tensorflow;

import io.seqbench.common.model.Activation;
import io.seqbench.common.model.Layer;
import io.seqbench.common.model.ModelSpec;
import io.seqbench.common.model.Optimizer;
import io.seqbench.common.model.ParamArray;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.family.TNumber;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * One spec as one TensorFlow graph in Keras' layout: variables loaded from the shared initial arrays (Dense kernel
 * (in, out) and bias; LSTM kernel (in, 4H), recurrent kernel (H, 4H) and bias (4H), gates i, f, c, o), the training
 * data as constants gathered by a fed minibatch of row indices, the loss and its gradients, and the optimiser's update
 * as TensorFlow's own training ops with the spec's constants: {@code ApplyAdam} (Keras' Adam: lr_t = lr
 * sqrt(1 - b2^t) / (1 - b1^t), w -= lr_t m / (sqrt(v) + eps)), {@code ApplyAdagradV2} (acc += g^2, w -= lr g /
 * (sqrt(acc) + eps), acc from the spec's initial value) and {@code ApplyGradientDescent}. Every update waits for every
 * gradient, so that no update moves a weight another gradient still reads.
 *
 * <p>LSTMs are unrolled over the sequence's steps as explicit per-step operations (Keras' equations; a masked step
 * keeps the previous state), for tanh and relu alike: TensorFlow's core has no fused Keras-layout LSTM op that masks.
 * Predictions get their own forward pass on a placeholder, built once per sequence length.
 */
@SuppressWarnings({"rawtypes", "unchecked"})
final class TfGraph {
    final Graph graph;
    private final Ops tf;
    private final ModelSpec spec;
    private final Class dtype;
    private final int features;
    private final Double maskValue;
    private final List<Operand<?>> params = new ArrayList<>();
    private final List<ParamArray> layout = new ArrayList<>();
    private final List<Stage> stages = new ArrayList<>();
    private final Map<Integer, Prediction> predictions = new HashMap<>();
    /** Adam's betas, Keras' defaults rounded to float32 (see the optimiser's comment). */
    static final double BETA1 = 0.9f;
    static final double BETA2 = 0.999f;
    /** Row indices of one minibatch, fed per step. */
    final Placeholder<TInt32> rows;
    /** Adam's b1^t and b2^t, fed per step (TensorFlow's {@code ApplyAdam} takes them as inputs). */
    final Placeholder beta1Power;
    final Placeholder beta2Power;
    /** The minibatch's mean loss. */
    final Operand loss;
    /** Every parameter's update, each after every gradient. */
    final List<Op> updates = new ArrayList<>();

    /** One layer's forward pass; the mask is (batch, steps) of 0/1, or null. */
    private interface Stage {
        Operand forward(Operand x, Operand mask);
    }

    /** A forward pass on fed inputs of one sequence length. */
    record Prediction(Placeholder input, Operand output) {
    }

    /** Builds the spec into {@code graph}, which the caller closes if this throws. */
    TfGraph(Graph graph, ModelSpec spec, double[][][] x, double[][] y, List<ParamArray> initial, boolean float64) {
        this.graph = graph;
        this.tf = Ops.create(graph);
        this.spec = spec;
        this.dtype = float64 ? TFloat64.class : TFloat32.class;
        int steps = x[0].length;
        this.features = x[0][0].length;
        this.maskValue = spec.maskValue().orElse(null);
        Iterator<ParamArray> arrays = initial.iterator();
        int width = spec.flatInput() ? steps * features : features;
        for (Layer layer : spec.layers()) {
            if (layer instanceof Layer.Masking) {
                continue;
            } else if (layer instanceof Layer.Dense d) {
                stages.add(dense(arrays, width, d.units(), d.activation(), false));
                width = d.units();
            } else if (layer instanceof Layer.TimeDistributedDense t) {
                stages.add(dense(arrays, width, t.units(), t.activation(), true));
                width = t.units();
            } else if (layer instanceof Layer.RepeatVector r) {
                stages.add((in, mask) -> tf.tile(tf.expandDims(in, tf.constant(1)), tf.constant(new int[]{1, r.times(), 1})));
            } else if (layer instanceof Layer.Lstm l) {
                stages.add(lstm(arrays, width, l));
                width = l.outputWidth();
            } else {
                throw new IllegalArgumentException("tensorflow cannot build " + layer.describe());
            }
        }
        Operand xAll = data(Shape.of(x.length, steps, features), io.seqbench.common.data.Sequences.floats(x));
        Operand yAll = data(Shape.of(y.length, y[0].length), flatten(y));
        rows = tf.placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));
        Operand pred = forward(tf.gather(xAll, rows, tf.constant(0)), steps);
        Operand diff = tf.math.sub(pred, tf.gather(yAll, rows, tf.constant(0)));
        Operand perElement = spec.loss() == io.seqbench.common.model.Loss.MSE ? tf.math.square(diff) : tf.math.abs(diff);
        loss = tf.math.mean(perElement, tf.constant(new int[]{0, 1}));
        beta1Power = tf.placeholder(dtype, Placeholder.shape(Shape.scalar()));
        beta2Power = tf.placeholder(dtype, Placeholder.shape(Shape.scalar()));
        List<Operand> gradients = new ArrayList<>();
        tf.gradients(loss, params).forEach(gradients::add);
        Ops gated = tf.withControlDependencies(gradients.stream().map(g -> (Op) g).toList());
        // every hyper-parameter rounded to float32, as DJL's optimisers take them and DL4J's are given them: in float64
        // (verify's loss curves) Adam's beta2 as a double, 0.999 instead of 0.999f, parts a relu stack within 20 epochs
        Optimizer o = spec.optimizer();
        Operand lr = scalar((float) o.learningRate());
        Operand eps = scalar((float) o.epsilon());
        for (int i = 0; i < params.size(); i++) {
            Variable p = (Variable) params.get(i);
            Operand g = gradients.get(i);
            updates.add(switch (o.kind()) {
                case SGD -> gated.train.applyGradientDescent(p, lr, g);
                case ADAM -> gated.train.applyAdam(p, slot(p, 0), slot(p, 0), beta1Power, beta2Power, lr,
                        scalar(BETA1), scalar(BETA2), eps, g);
                case ADAGRAD -> gated.train.applyAdagradV2(p, slot(p, o.initialAccumulator()), lr, eps, g);
            });
        }
    }

    /** The outputs (batch, outputs) of a forward pass, sequence outputs flattened step-major as Keras' targets are. */
    private Operand forward(Operand x, int steps) {
        Operand mask = maskValue == null ? null : tf.max(tf.dtypes.cast(tf.math.notEqual(x, scalar(maskValue.floatValue())),
                dtype), tf.constant(2));
        Operand h = spec.flatInput() ? tf.reshape(x, tf.constant(new int[]{-1, steps * features})) : x;
        for (Stage s : stages) {
            h = s.forward(h, mask);
        }
        return h.shape().numDimensions() == 3 ? tf.reshape(h, tf.constant(new int[]{-1, (int) (h.shape().get(1) * h.shape().get(2))})) : h;
    }

    /** The prediction pass for sequences of {@code steps} steps, built on first use. */
    synchronized Prediction prediction(int steps) {
        return predictions.computeIfAbsent(steps, n -> {
            Placeholder in = tf.placeholder(dtype, Placeholder.shape(Shape.of(-1, n, features)));
            return new Prediction(in, forward(in, n));
        });
    }

    List<Operand<?>> params() {
        return params;
    }

    List<ParamArray> layout() {
        return layout;
    }

    boolean hasLstm() {
        return spec.layers().stream().anyMatch(l -> l instanceof Layer.Lstm);
    }

    boolean float64() {
        return dtype == TFloat64.class;
    }

    private Stage dense(Iterator<ParamArray> initial, int in, int out, Activation act, boolean perStep) {
        Variable w = param(initial, in, out);
        Variable b = param(initial, out);
        return (x, mask) -> {
            if (!perStep) {
                return activate(tf.math.add(tf.linalg.matMul(x, w), b), act);
            }
            long steps = x.shape().get(1);
            Operand flat = tf.reshape(x, tf.constant(new int[]{-1, in}));
            Operand y = activate(tf.math.add(tf.linalg.matMul(flat, w), b), act);
            return tf.reshape(y, tf.constant(new int[]{-1, (int) steps, out}));
        };
    }

    /** The weights of one LSTM direction in Keras' layout. */
    private record LstmWeights(Variable kernel, Variable recurrent, Variable bias) {
    }

    private Stage lstm(Iterator<ParamArray> initial, int in, Layer.Lstm l) {
        int h = l.units();
        LstmWeights fwd = new LstmWeights(param(initial, in, 4L * h), param(initial, h, 4L * h), param(initial, 4L * h));
        LstmWeights bwd = l.bidirectional()
                ? new LstmWeights(param(initial, in, 4L * h), param(initial, h, 4L * h), param(initial, 4L * h)) : null;
        return (x, mask) -> {
            Operand[] f = direction(x, mask, l, fwd, false);
            if (bwd == null) {
                return l.returnSequences() ? f[0] : f[1];
            }
            Operand[] b = direction(x, mask, l, bwd, true);
            return l.returnSequences() ? tf.concat(List.of(f[0], b[0]), tf.constant(2))
                    : tf.concat(List.of(f[1], b[1]), tf.constant(1));
        };
    }

    /** One direction, step by step: the outputs (batch, steps, H) in time order and the last output (batch, H). */
    private Operand[] direction(Operand x, Operand mask, Layer.Lstm l, LstmWeights w, boolean reverse) {
        int steps = (int) x.shape().get(1);
        int in = (int) x.shape().get(2);
        int units = l.units();
        Operand flat = tf.reshape(x, tf.constant(new int[]{-1, in}));
        Operand inputs = tf.reshape(tf.math.add(tf.linalg.matMul(flat, w.kernel()), w.bias()),
                tf.constant(new int[]{-1, steps, 4 * units}));
        List<Operand> perStep = tf.unstack(inputs, (long) steps, org.tensorflow.op.core.Unstack.axis(1L)).output();
        List<Operand> keepPerStep = mask == null ? null : tf.unstack(mask, (long) steps,
                org.tensorflow.op.core.Unstack.axis(1L)).output();
        Operand batch = tf.gather(tf.shape(x), tf.constant(0), tf.constant(0));
        Operand zeros = tf.fill(tf.stack(List.of(batch, tf.constant(units))), scalar(0));
        Operand h = zeros;
        Operand c = zeros;
        Operand[] outputs = new Operand[steps];
        for (int s = 0; s < steps; s++) {
            int t = reverse ? steps - 1 - s : s;
            Operand z = tf.math.add(perStep.get(t), tf.linalg.matMul(h, w.recurrent()));
            List<Operand> gates = tf.split(tf.constant(1), z, 4L).output();
            Operand i = tf.math.sigmoid(gates.get(0));
            Operand fg = tf.math.sigmoid(gates.get(1));
            Operand g = activate(gates.get(2), l.activation());
            Operand o = tf.math.sigmoid(gates.get(3));
            Operand cNew = tf.math.add(tf.math.mul(fg, c), tf.math.mul(i, g));
            Operand hNew = tf.math.mul(o, activate(cNew, l.activation()));
            if (keepPerStep != null) {
                Operand keep = tf.expandDims(keepPerStep.get(t), tf.constant(1));
                Operand skip = tf.math.sub(scalar(1), keep);
                cNew = tf.math.add(tf.math.mul(cNew, keep), tf.math.mul(c, skip));
                hNew = tf.math.add(tf.math.mul(hNew, keep), tf.math.mul(h, skip));
            }
            c = cNew;
            h = hNew;
            outputs[t] = h;
        }
        return new Operand[]{tf.stack(List.of(outputs), org.tensorflow.op.core.Stack.axis(1L)), h};
    }

    private Operand activate(Operand x, Activation a) {
        return switch (a) {
            case LINEAR -> x;
            case RELU -> tf.nn.relu(x);
            case TANH -> tf.math.tanh(x);
            case SIGMOID -> tf.math.sigmoid(x);
        };
    }

    /** The next shared array as a variable, checked against the shape the layer needs. */
    private Variable param(Iterator<ParamArray> initial, long... shape) {
        ParamArray a = initial.next();
        if (!java.util.Arrays.equals(java.util.Arrays.stream(a.shape()).asLongStream().toArray(), shape)) {
            throw new IllegalStateException(a.name() + " has shape " + java.util.Arrays.toString(a.shape())
                    + ", the layer needs " + java.util.Arrays.toString(shape));
        }
        Variable v = tf.variable(data(Shape.of(shape), a.values()));
        params.add(v);
        layout.add(a);
        return v;
    }

    /** An optimiser slot of a parameter's shape, filled with {@code value}. */
    private Variable slot(Variable p, double value) {
        return tf.variable(tf.fill(tf.shape(p), scalar(value)));
    }

    /** Values (rounded to float32, as every backend receives them) as a constant of the graph's type. */
    private Operand data(Shape shape, float[] values) {
        if (dtype == TFloat32.class) {
            return tf.constant(shape, DataBuffers.of(values, true, false));
        }
        return tf.constant(shape, DataBuffers.of(TfModel.widened(values), true, false));
    }

    private Operand scalar(double v) {
        return dtype == TFloat32.class ? tf.constant((float) v) : tf.constant(v);
    }

    private static float[] flatten(double[][] y) {
        float[] out = new float[y.length * y[0].length];
        for (int i = 0; i < y.length; i++) {
            for (int j = 0; j < y[0].length; j++) {
                out[i * y[0].length + j] = (float) y[i][j];
            }
        }
        return out;
    }
}
