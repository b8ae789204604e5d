package io.seqbench.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.seqbench.common.Precision;
import io.seqbench.common.TrainedModel;
import io.seqbench.common.data.Sequences;
import io.seqbench.common.model.ParamArray;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A trained DJL network. {@link #close()} closes its manager, which owns every array of the training run. */
final class DjlModel implements TrainedModel {
    private final DjlNetwork net;
    private final NDManager root;
    private boolean closed;
    private String updater = "";

    DjlModel(DjlNetwork net, NDManager root) {
        this.net = net;
        this.root = root;
    }

    /** (samples, timesteps, features) as one array of the network's type (the values rounded to float32 first). */
    static NDArray sequences(NDManager m, double[][][] x, DataType type) {
        return m.create(Sequences.floats(x), new Shape(x.length, x[0].length, x[0][0].length)).toType(type, false);
    }

    public double[][] predict(double[][][] x) {
        if (closed) {
            throw new IllegalStateException("model is closed");
        }
        if (x.length == 0) {
            return new double[0][];
        }
        DjlSetup.claimThreads();
        try (NDManager sub = root.newSubManager();
             GradientCollector recording = net.predictsWithTrainingKernel() ? DjlSetup.engine().newGradientCollector() : null) {
            NDArray in = sequences(sub, x, net.dataType());
            DjlBackend.attach(sub, net);
            return rows(net.forward(in, false));
        }
    }

    /** A (samples, width) array as one double row per sample. */
    static double[][] rows(NDArray out) {
        int width = (int) out.getShape().get(1);
        double[] flat = out.toType(DataType.FLOAT64, false).toDoubleArray();
        double[][] rows = new double[(int) out.getShape().get(0)][width];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(flat, i * width, rows[i], 0, width);
        }
        return rows;
    }

    @Override
    public Optional<List<ParamArray>> parameters() {
        if (closed) {
            throw new IllegalStateException("model is closed");
        }
        return Optional.of(net.parameters());
    }

    void setUpdater(String updater) {
        this.updater = updater;
    }

    public long parameterCount() {
        return net.parameterCount();
    }

    /** Arrays currently owned by the model (for the leak tests). */
    int managedArrays() {
        return root.getManagedArrays().size();
    }

    public Map<String, String> details() {
        Map<String, String> d = new LinkedHashMap<>();
        if (!net.lstmKinds().isEmpty()) {
            d.put("lstm", String.join("; ", net.lstmKinds()));
        }
        d.put("threads", Integer.toString(DjlSetup.THREADS));
        d.put("optimizer", updater);
        Precision.describe(d, net.dataType() == DataType.FLOAT64);
        return d;
    }

    public void close() {
        if (!closed) {
            closed = true;
            root.close();
        }
    }
}
