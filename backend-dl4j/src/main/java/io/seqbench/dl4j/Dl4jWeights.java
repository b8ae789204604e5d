package io.seqbench.dl4j;

import io.seqbench.common.model.Layer;
import io.seqbench.common.model.ModelSpec;
import io.seqbench.common.model.ParamArray;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Moves the suite's Keras-layout parameters ({@code InitialParameters}) into a DL4J graph built by {@link Dl4jGraphs}
 * and back. Dense kernels and biases have the same layout in both ({@code W} (in, out), {@code b} (1, out)). An
 * LSTM's {@code W}, {@code RW} and {@code b} hold the same four gate blocks in another order: Keras i, f, c, o;
 * DL4J c, f, o, i (DL4J's own Keras importer maps them the same way).
 */
final class Dl4jWeights {
    /** DL4J gate block k holds Keras' gate block {@code KERAS_BLOCK[k]}. */
    private static final int[] KERAS_BLOCK = {2, 1, 3, 0};

    private Dl4jWeights() {
    }

    /** One DL4J layer and the Keras-layout arrays it holds, in {@code InitialParameters}' order. */
    private record Slot(String layer, boolean lstm) {
    }

    /** Overwrites the graph's initial parameters with {@code initial}. */
    static void load(ComputationGraph net, ModelSpec spec, List<ParamArray> initial) {
        Iterator<ParamArray> arrays = initial.iterator();
        for (Slot s : slots(spec)) {
            org.deeplearning4j.nn.api.Layer layer = net.getLayer(s.layer());
            String[] keys = s.lstm() ? new String[]{"W", "RW", "b"} : new String[]{"W", "b"};
            for (String key : keys) {
                ParamArray a = arrays.next();
                float[] values = s.lstm() ? permute(a, false) : a.values();
                INDArray target = layer.getParam(key);
                // a bias is 1-D in Keras and as DL4J holds it ([n] or [1, n]): its length must match; a kernel its shape
                long[] shape = a.shape().length == 1 ? target.shape() : new long[]{a.rows(), a.cols()};
                if (!java.util.Arrays.equals(target.shape(), shape) || target.length() != values.length) {
                    throw new IllegalStateException(a.name() + " " + java.util.Arrays.toString(a.shape()) + " does not fit "
                            + s.layer() + "_" + key + " " + java.util.Arrays.toString(target.shape()));
                }
                INDArray source = Nd4j.create(values, shape, 'c').castTo(target.dataType());
                layer.setParam(key, source);
            }
        }
        if (arrays.hasNext()) {
            throw new IllegalStateException("more initial arrays than the graph has parameters: " + arrays.next().name());
        }
    }

    /** The graph's current parameters in Keras' layout, named as {@code template} (the arrays it was loaded with). */
    static List<ParamArray> read(ComputationGraph net, ModelSpec spec, List<ParamArray> template) {
        Iterator<ParamArray> names = template.iterator();
        List<ParamArray> out = new ArrayList<>();
        for (Slot s : slots(spec)) {
            org.deeplearning4j.nn.api.Layer layer = net.getLayer(s.layer());
            String[] keys = s.lstm() ? new String[]{"W", "RW", "b"} : new String[]{"W", "b"};
            for (String key : keys) {
                ParamArray t = names.next();
                float[] values = layer.getParam(key).castTo(DataType.FLOAT).dup('c').data().asFloat();
                ParamArray dl4j = new ParamArray(t.name(), t.shape(), values);
                out.add(s.lstm() ? new ParamArray(t.name(), t.shape(), permute(dl4j, true)) : dl4j);
            }
        }
        return out;
    }

    /** The DL4J layers holding parameters, in the spec's order (a bidirectional LSTM: forward, then backward). */
    private static List<Slot> slots(ModelSpec spec) {
        List<Slot> out = new ArrayList<>();
        for (int i = 0; i < spec.layers().size(); i++) {
            Layer layer = spec.layers().get(i);
            String name = Dl4jGraphs.layerName(spec, i);
            if (layer instanceof Layer.Lstm l) {
                if (l.bidirectional()) {
                    out.add(new Slot(name + Dl4jGraphs.FORWARD, true));
                    out.add(new Slot(name + Dl4jGraphs.BACKWARD, true));
                } else {
                    out.add(new Slot(name, true));
                }
            } else if (layer instanceof Layer.Dense || layer instanceof Layer.TimeDistributedDense) {
                out.add(new Slot(name, false));
            }
        }
        return out;
    }

    /** Reorders the four gate blocks of every row: Keras to DL4J, or back with {@code toKeras}. */
    static float[] permute(ParamArray a, boolean toKeras) {
        int cols = a.cols();
        int h = cols / 4;
        float[] out = new float[a.values().length];
        for (int r = 0; r < a.rows(); r++) {
            for (int k = 0; k < 4; k++) {
                int dl4j = r * cols + k * h;
                int keras = r * cols + KERAS_BLOCK[k] * h;
                System.arraycopy(a.values(), toKeras ? dl4j : keras, out, toKeras ? keras : dl4j, h);
            }
        }
        return out;
    }
}
