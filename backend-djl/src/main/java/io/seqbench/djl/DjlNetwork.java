package io.seqbench.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import io.seqbench.common.model.Layer;
import io.seqbench.common.model.ModelSpec;
import io.seqbench.common.model.ParamArray;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A spec as a DJL NDArray program: the suite's shared initial parameters ({@code InitialParameters}, Keras' layout,
 * loaded as they are), and a forward pass of NDArray operations that PyTorch differentiates.
 *
 * <p>LSTMs: DJL's LSTM is PyTorch's fused {@code torch.lstm}, which is tanh-only and cannot skip masked steps. A tanh
 * LSTM with no masking runs fused; a relu LSTM runs an explicit cell written as per-step NDArray operations (exact
 * Keras semantics, masked steps carry the state). After Masking, a tanh LSTM that returns its last output runs fused on
 * each row's unmasked steps alone wherever they are one run of steps (meanones' rows are padded in front), rows with the
 * same run together: a masked step leaves Keras' state as it was, so the last output is the LSTM of the unmasked steps,
 * as a PyTorch user would slice or pack them. Any other mask takes the explicit cell. Which computation runs a tanh LSTM is
 * chosen per machine by {@link FusedLstmCheck}; {@link #lstmKinds()} says which ran.
 */
final class DjlNetwork {
    /** Parameters, all owned by the network's manager. */
    final List<NDArray> params = new ArrayList<>();
    /** The Keras-layout name and shape of each parameter, in the same order. */
    final List<ParamArray> layout = new ArrayList<>();
    /**
     * Whether each parameter is held transposed, in the same order: weight matrices are kept in PyTorch's (out, in)
     * layout, as {@code torch.nn.Linear} and {@code torch.lstm} take them, so that no step transposes them and a dense
     * layer is one fused {@code linear} (addmm) instead of a product and a sum.
     */
    private final List<Boolean> transposed = new ArrayList<>();
    /** Constant arrays (zero recurrent biases of the fused LSTM), owned by the same manager, not trained. */
    final List<NDArray> constants = new ArrayList<>();
    private final List<Stage> stages = new ArrayList<>();
    private final List<String> lstmKinds = new ArrayList<>();
    private final Double maskValue;
    private final boolean flatInput;
    private final DataType dataType;
    private final FusedLstmCheck.Path tanhLstm;
    /** The parameters' flat storage when one optimizer call updates them all, else null. */
    private final ParameterBuffer buffer;
    /** Whether some LSTM runs PyTorch's fused kernel; set while the layers are built. */
    private boolean runsFusedLstm;

    /** One layer's forward pass. The mask is (batch, steps) of 0/1, or null. */
    private interface Stage {
        NDArray forward(NDArray x, NDArray mask, boolean training);
    }

    /**
     * Builds the program with {@code initial}, the spec's parameters in {@code InitialParameters}' order, computing in
     * {@code dataType} (float32, or float64 for the equivalence check).
     */
    DjlNetwork(ModelSpec spec, int timesteps, int features, NDManager manager, List<ParamArray> initial,
               DataType dataType, FusedLstmCheck.Path tanhLstm, boolean flatUpdate) {
        this.dataType = dataType;
        this.tanhLstm = tanhLstm;
        this.buffer = flatUpdate
                ? new ParameterBuffer(manager, initial.stream().mapToLong(a -> a.values().length).sum(), dataType) : null;
        Iterator<ParamArray> arrays = initial.iterator();
        this.maskValue = spec.maskValue().orElse(null);
        this.flatInput = spec.flatInput();
        int width = flatInput ? timesteps * features : features;
        for (Layer layer : spec.layers()) {
            if (layer instanceof Layer.Masking) {
                continue;
            } else if (layer instanceof Layer.Dense d) {
                stages.add(dense(manager, arrays, width, d.units(), d.activation()));
                width = d.units();
            } else if (layer instanceof Layer.TimeDistributedDense t) {
                stages.add(dense(manager, arrays, width, t.units(), t.activation()));
                width = t.units();
            } else if (layer instanceof Layer.RepeatVector r) {
                stages.add((x, mask, training) -> x.expandDims(1).repeat(1, r.times()));
            } else if (layer instanceof Layer.Lstm l) {
                stages.add(lstm(manager, arrays, width, l));
                width = l.outputWidth();
            } else {
                throw new IllegalArgumentException("djl cannot build " + layer.describe());
            }
        }
    }

    /** The parameters' flat storage, or null when each parameter is updated on its own. */
    ParameterBuffer buffer() {
        return buffer;
    }

    DataType dataType() {
        return dataType;
    }

    boolean flatInput() {
        return flatInput;
    }

    List<String> lstmKinds() {
        return lstmKinds;
    }

    /**
     * Whether predictions must run while gradients are recorded: oneDNN runs its LSTM training kernel only then (in
     * inference mode, {@code train = true} alone still runs the inference kernel), and {@link FusedLstmCheck} chose
     * the training kernel on this machine.
     */
    boolean predictsWithTrainingKernel() {
        return runsFusedLstm && tanhLstm == FusedLstmCheck.Path.FUSED_TRAINING_KERNEL;
    }

    /** Outputs (batch, outputs), or (batch, steps * width) step-major for sequence outputs. */
    NDArray forward(NDArray x, boolean training) {
        NDArray mask = maskValue == null ? null : x.neq(maskValue.floatValue()).toType(x.getDataType(), false).max(new int[]{2});
        NDArray h = flatInput ? x.reshape(x.getShape().get(0), -1) : x;
        for (Stage s : stages) {
            h = s.forward(h, mask, training);
        }
        return h.getShape().dimension() == 3 ? h.reshape(h.getShape().get(0), -1) : h;
    }

    long parameterCount() {
        return params.stream().mapToLong(p -> p.getShape().size()).sum();
    }

    /** The next shared array as a trainable parameter, checked against the shape this layer needs. */
    private NDArray param(NDManager m, Iterator<ParamArray> initial, long... shape) {
        return param(m, initial, false, shape);
    }

    /** The next shared (in, out) matrix as a trainable parameter held as (out, in). */
    private NDArray weight(NDManager m, Iterator<ParamArray> initial, long in, long out) {
        return param(m, initial, true, in, out);
    }

    private NDArray param(NDManager m, Iterator<ParamArray> initial, boolean transpose, long... shape) {
        ParamArray a = initial.next();
        Shape expected = new Shape(shape);
        if (!new Shape(java.util.Arrays.stream(a.shape()).asLongStream().toArray()).equals(expected)) {
            throw new IllegalStateException(a.name() + " has shape " + java.util.Arrays.toString(a.shape())
                    + ", the layer needs " + expected);
        }
        NDArray p = (transpose ? m.create(transposed(a.values(), a.shape()[0], a.shape()[1]), new Shape(shape[1], shape[0]))
                : m.create(a.values(), expected)).toType(dataType, false);
        if (buffer != null) {
            p = buffer.hold(p);
        } else {
            p.setRequiresGradient(true);
        }
        params.add(p);
        layout.add(a);
        transposed.add(transpose);
        return p;
    }

    /** A row-major (rows, cols) matrix's values as its transpose's, row-major. */
    private static float[] transposed(float[] v, int rows, int cols) {
        float[] t = new float[v.length];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                t[j * rows + i] = v[i * cols + j];
            }
        }
        return t;
    }

    /** The current parameters in Keras' layout (the order and names they were loaded with). */
    List<ParamArray> parameters() {
        List<ParamArray> out = new ArrayList<>();
        for (int i = 0; i < params.size(); i++) {
            ParamArray a = layout.get(i);
            float[] v = params.get(i).toType(DataType.FLOAT32, false).toFloatArray();
            out.add(new ParamArray(a.name(), a.shape(), transposed.get(i) ? transposed(v, a.shape()[1], a.shape()[0]) : v));
        }
        return out;
    }

    private Stage dense(NDManager m, Iterator<ParamArray> initial, int in, int out, io.seqbench.common.model.Activation act) {
        NDArray w = weight(m, initial, in, out);
        NDArray b = param(m, initial, out);
        return (x, mask, training) -> activate(linear(x, w, b), act);
    }

    /** x W^T + b in one operation (PyTorch's {@code linear}: addmm), W held as (out, in). */
    private static NDArray linear(NDArray x, NDArray w, NDArray b) {
        return x.getNDArrayInternal().linear(x, w, b).singletonOrThrow();
    }

    /**
     * The weights of one LSTM direction in PyTorch's layout, Keras' transposed: kernel (4H, in), recurrent (4H, H), bias
     * (4H), gates i,f,c,o in Keras' order (the same as PyTorch's i,f,g,o).
     */
    private record LstmWeights(NDArray kernel, NDArray recurrent, NDArray bias, NDArray zeroBias) {
    }

    private LstmWeights lstmWeights(NDManager m, Iterator<ParamArray> initial, int in, Layer.Lstm l) {
        int h = l.units();
        NDArray k = weight(m, initial, in, 4L * h);
        NDArray r = weight(m, initial, h, 4L * h);
        NDArray bias = param(m, initial, 4L * h);
        NDArray zero = m.zeros(new Shape(4L * h), dataType);
        constants.add(zero);
        return new LstmWeights(k, r, bias, zero);
    }

    private Stage lstm(NDManager m, Iterator<ParamArray> initial, int in, Layer.Lstm l) {
        LstmWeights fwd = lstmWeights(m, initial, in, l);
        LstmWeights bwd = l.bidirectional() ? lstmWeights(m, initial, in, l) : null;
        boolean canFuse = l.activation() == io.seqbench.common.model.Activation.TANH
                && tanhLstm != FusedLstmCheck.Path.EXPLICIT_CELL;
        // on that path predictions run with gradients recorded (DjlModel), which is what selects oneDNN's training
        // kernel; train = true too, so that a prediction is a training forward pass bit for bit
        boolean alwaysTrainingKernel = tanhLstm == FusedLstmCheck.Path.FUSED_TRAINING_KERNEL;
        runsFusedLstm |= canFuse && (maskValue == null || !l.returnSequences());
        if (canFuse && maskValue == null) {
            lstmKinds.add(l.describe() + ": " + tanhLstm.label);
            return (x, mask, training) -> fusedLstm(x, l, fwd, bwd, training || alwaysTrainingKernel);
        }
        boolean fuseUnmasked = canFuse && !l.returnSequences();
        lstmKinds.add(l.describe() + ": " + (fuseUnmasked ? tanhLstm.label + " on each row's unmasked steps where they "
                + "are one run (rows with the same run together); else explicit cell" : "explicit cell"));
        return (x, mask, training) -> {
            Map<UnmaskedRun, List<Integer>> groups = fuseUnmasked && mask != null ? UnmaskedRun.rowsByRun(mask) : null;
            if (groups != null) {
                return fusedByRun(x, groups, l, fwd, bwd, training || alwaysTrainingKernel);
            }
            NDList f = explicitLstm(x, mask, l, fwd, false);
            if (bwd == null) {
                return l.returnSequences() ? f.get(0) : f.get(1);
            }
            NDList b = explicitLstm(x, mask, l, bwd, true);
            return l.returnSequences() ? f.get(0).concat(b.get(0), 2) : f.get(1).concat(b.get(1), 1);
        };
    }

    /**
     * The last outputs of a masked LSTM whose rows' unmasked steps are each one run: the fused LSTM of each group of
     * rows on its run's steps, the groups' outputs put back in the rows' order.
     */
    private static NDArray fusedByRun(NDArray x, Map<UnmaskedRun, List<Integer>> groups, Layer.Lstm l, LstmWeights fwd,
                                      LstmWeights bwd, boolean training) {
        if (groups.size() == 1) {
            UnmaskedRun run = groups.keySet().iterator().next();
            return fusedLstm(x.get(":, " + run.from() + ":" + run.to() + ", :"), l, fwd, bwd, training);
        }
        NDManager m = x.getManager();
        NDList parts = new NDList();
        long[] rowAt = new long[(int) x.getShape().get(0)]; // the row of each output, in the groups' order
        int next = 0;
        for (Map.Entry<UnmaskedRun, List<Integer>> g : groups.entrySet()) {
            long[] rows = g.getValue().stream().mapToLong(Integer::longValue).toArray();
            NDArray steps = x.get(new NDIndex("{}", m.create(rows))).get(":, " + g.getKey().from() + ":" + g.getKey().to() + ", :");
            parts.add(fusedLstm(steps, l, fwd, bwd, training));
            for (long r : rows) {
                rowAt[next++] = r;
            }
        }
        long[] position = new long[rowAt.length]; // where each row's output is in the concatenation
        for (int i = 0; i < rowAt.length; i++) {
            position[(int) rowAt[i]] = i;
        }
        return NDArrays.concat(parts, 0).get(new NDIndex("{}", m.create(position)));
    }

    /** PyTorch's fused LSTM on the weights as held. Returns Keras' outputs. */
    private static NDArray fusedLstm(NDArray x, Layer.Lstm l, LstmWeights fwd, LstmWeights bwd, boolean training) {
        long batch = x.getShape().get(0);
        int dirs = bwd == null ? 1 : 2;
        NDList weights = new NDList(fwd.kernel(), fwd.recurrent(), fwd.bias(), fwd.zeroBias());
        if (bwd != null) {
            weights.addAll(new NDList(bwd.kernel(), bwd.recurrent(), bwd.bias(), bwd.zeroBias()));
        }
        NDManager m = x.getManager();
        Shape shape = new Shape(dirs, batch, l.units());
        NDList state = new NDList(m.zeros(shape, x.getDataType()), m.zeros(shape, x.getDataType()));
        NDList out = x.getNDArrayInternal().lstm(x, state, weights, true, 1, 0, training, bwd != null, true);
        if (l.returnSequences()) {
            return out.get(0);
        }
        NDArray hn = out.get(1); // (dirs, batch, H): each direction after the whole sequence, as Keras returns
        return bwd == null ? hn.get(0) : hn.get(0).concat(hn.get(1), 1);
    }

    /**
     * One LSTM direction as explicit per-step operations. With a mask, a masked step keeps the previous state (Keras).
     *
     * @return the sequence of outputs (batch, steps, H) in original time order, and the final output (batch, H)
     */
    private static NDList explicitLstm(NDArray x, NDArray mask, Layer.Lstm l, LstmWeights w, boolean reverse) {
        long batch = x.getShape().get(0);
        int steps = (int) x.getShape().get(1);
        int units = l.units();
        NDManager m = x.getManager();
        NDArray h = m.zeros(new Shape(batch, units), x.getDataType());
        NDArray c = m.zeros(new Shape(batch, units), x.getDataType());
        NDArray[] outputs = new NDArray[steps];
        // every step's input projection at once, step-major (steps, batch, 4H), so that a step is one select
        NDArray inputs = linear(x, w.kernel(), w.bias()).transpose(1, 0, 2);
        NDArray recurrent = w.recurrent().transpose(); // (H, 4H), a view, once per pass
        NDArray kept = mask == null ? null // (steps, batch, H): DJL's where does not broadcast
                : mask.gt(0).transpose().expandDims(2).broadcast(new Shape(steps, batch, units));
        for (int s = 0; s < steps; s++) {
            int t = reverse ? steps - 1 - s : s;
            NDArray z = inputs.get(t).add(h.matMul(recurrent));
            NDList gates = z.split(4, 1);
            NDArray i = Activation.sigmoid(gates.get(0));
            NDArray f = Activation.sigmoid(gates.get(1));
            NDArray g = activate(gates.get(2), l.activation());
            NDArray o = Activation.sigmoid(gates.get(3));
            NDArray cNew = f.mul(c).add(i.mul(g));
            NDArray hNew = o.mul(activate(cNew, l.activation()));
            if (kept != null) { // a masked step keeps the state: a selection, exact
                NDArray keep = kept.get(t);
                cNew = NDArrays.where(keep, cNew, c);
                hNew = NDArrays.where(keep, hNew, h);
            }
            c = cNew;
            h = hNew;
            outputs[t] = h;
        }
        return new NDList(NDArrays.stack(new NDList(outputs), 1), h);
    }

    static NDArray activate(NDArray x, io.seqbench.common.model.Activation a) {
        return switch (a) {
            case LINEAR -> x;
            case RELU -> Activation.relu(x);
            case TANH -> Activation.tanh(x);
            case SIGMOID -> Activation.sigmoid(x);
        };
    }
}
