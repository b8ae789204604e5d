package io.seqbench.tensorflow;

import io.seqbench.common.Precision;
import io.seqbench.common.TrainedModel;
import io.seqbench.common.data.Sequences;
import io.seqbench.common.model.ParamArray;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A trained TensorFlow graph and its session. {@link #close()} frees both, with every tensor of the run. */
final class TfModel implements TrainedModel {
    private final TfGraph net;
    private final Session session;
    private final String optimizer;
    private boolean closed;

    TfModel(TfGraph net, Session session, String optimizer) {
        this.net = net;
        this.session = session;
        this.optimizer = optimizer;
    }

    Session session() {
        return session;
    }

    public double[][] predict(double[][][] x) {
        check();
        if (x.length == 0) {
            return new double[0][];
        }
        TfGraph.Prediction p = net.prediction(x[0].length);
        Shape shape = Shape.of(x.length, x[0].length, x[0][0].length);
        try (Tensor in = tensor(shape, Sequences.floats(x), net.float64());
             Result r = session.runner().feed(p.input(), in).fetch(p.output()).run()) {
            double[] flat = values(r.get(0));
            int width = flat.length / x.length;
            double[][] out = new double[x.length][width];
            for (int i = 0; i < x.length; i++) {
                System.arraycopy(flat, i * width, out[i], 0, width);
            }
            return out;
        }
    }

    @Override
    public Optional<List<ParamArray>> parameters() {
        check();
        Session.Runner runner = session.runner();
        net.params().forEach(runner::fetch);
        List<ParamArray> out = new ArrayList<>();
        try (Result r = runner.run()) {
            for (int i = 0; i < net.params().size(); i++) {
                ParamArray a = net.layout().get(i);
                double[] v = values(r.get(i));
                float[] f = new float[v.length];
                for (int j = 0; j < v.length; j++) {
                    f[j] = (float) v[j];
                }
                out.add(new ParamArray(a.name(), a.shape(), f));
            }
        }
        return Optional.of(out);
    }

    public long parameterCount() {
        return net.layout().stream().mapToLong(a -> a.values().length).sum();
    }

    public Map<String, String> details() {
        Map<String, String> d = new LinkedHashMap<>();
        if (net.hasLstm()) {
            d.put("lstm", "explicit per-step cell, unrolled in the graph");
        }
        d.put("threads", Integer.toString(TfSetup.THREADS));
        d.put("optimizer", optimizer);
        Precision.describe(d, net.float64());
        return d;
    }

    public void close() {
        if (!closed) {
            closed = true;
            session.close();
            net.graph.close();
        }
    }

    private void check() {
        if (closed) {
            throw new IllegalStateException("model is closed");
        }
    }

    /** Values rounded to float32 (as every backend receives them), in the graph's type. */
    static Tensor tensor(Shape shape, float[] values, boolean float64) {
        return float64 ? TFloat64.tensorOf(shape, DataBuffers.of(widened(values), true, false))
                : TFloat32.tensorOf(shape, DataBuffers.of(values, true, false));
    }

    /** float32 values as doubles, exactly (the float64 graph's inputs and initial arrays). */
    static double[] widened(float[] values) {
        double[] wide = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            wide[i] = values[i];
        }
        return wide;
    }

    static Tensor scalar(double v, boolean float64) {
        return float64 ? TFloat64.scalarOf(v) : TFloat32.scalarOf((float) v);
    }

    /** A float tensor's values as doubles. */
    static double[] values(Tensor t) {
        int n = (int) t.shape().size();
        double[] out = new double[n];
        if (t instanceof TFloat64 d) {
            d.copyTo(DataBuffers.of(out, false, false));
        } else {
            float[] f = new float[n];
            ((TFloat32) t).copyTo(DataBuffers.of(f, false, false));
            for (int i = 0; i < n; i++) {
                out[i] = f[i];
            }
        }
        return out;
    }
}
