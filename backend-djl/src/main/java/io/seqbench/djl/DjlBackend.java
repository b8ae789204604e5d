package io.seqbench.djl;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.seqbench.common.SteppableBackend;
import io.seqbench.common.MatrixProduct;
import io.seqbench.common.Precision;
import io.seqbench.common.Support;
import io.seqbench.common.TrainSettings;
import io.seqbench.common.TrainingRun;
import io.seqbench.common.data.Dataset;
import io.seqbench.common.model.InitialParameters;
import io.seqbench.common.model.Layer;
import io.seqbench.common.model.Loss;
import io.seqbench.common.model.ModelSpec;

import java.util.List;
import java.util.Map;

/**
 * DJL 0.35.1 with the PyTorch 2.7.1 engine on CPU, offline. Each spec becomes a {@link DjlNetwork}; training is a
 * manual loop (gradient collector, backward, DJL's optimizer per parameter) over the suite's shared minibatch order.
 *
 * <p>Memory: every array of a training run lives in the model's manager. Each step runs in a sub-manager to which
 * the parameters and data are temporarily attached, so every intermediate array is freed when the step ends (a
 * forward pass on the root manager grew it by 6 arrays per pass in a first try).
 *
 * <p>Timed per epoch: batch gathering and every step. Not timed: building the network, converting the data once,
 * listeners.
 */
public final class DjlBackend implements SteppableBackend {
    @Override
    public int threads() {
        return DjlSetup.THREADS;
    }

    /** Every file of the directory libtorch was unpacked into for this engine version (loading the engine first). */
    @Override
    public java.util.List<java.nio.file.Path> nativeLibraries() {
        provenance();
        try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.walk(
                java.nio.file.Path.of(ai.djl.pytorch.jni.LibUtils.getLibtorchPath()))) {
            return files.filter(java.nio.file.Files::isRegularFile).toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static {
        DjlSetup.configure();
    }

    private final boolean easyTrain;
    private final boolean flatUpdate;

    /** The backend with the configured loop and update ({@code seqbench.djl.loop}, {@code seqbench.djl.update}). */
    public DjlBackend() {
        this(DjlSetup.EASYTRAIN, DjlSetup.FLAT_UPDATE);
    }

    /** For the equivalence tests: both loops, or both updates, in one JVM. */
    DjlBackend(boolean easyTrain, boolean flatUpdate) {
        this.easyTrain = easyTrain;
        this.flatUpdate = flatUpdate;
    }

    public String id() {
        return "djl";
    }

    public Map<String, String> provenance() {
        return DjlSetup.provenance();
    }

    public Support support(ModelSpec spec) {
        for (Layer l : spec.layers()) {
            if (l instanceof Layer.FactorizationMachine) {
                return Support.unsupported("DJL has no factorization-machine block");
            }
        }
        return Support.exact();
    }

    @Override
    public TrainingRun start(ModelSpec spec, Dataset train, TrainSettings settings) {
        return run(spec, train, settings);
    }

    @Override
    public boolean nativeEngine() {
        return true;
    }

    @Override
    public MatrixProduct matrixProduct(int n, long seed) {
        return new DjlMatrixProduct(DjlSetup.engine(), n, seed);
    }

    private DjlRun run(ModelSpec spec, Dataset train, TrainSettings settings) {
        requireRunnable(spec, train);
        Engine engine = DjlSetup.engine();
        DjlSetup.claimThreads();
        engine.setRandomSeed((int) settings.seed());
        NDManager root = NDManager.newBaseManager(engine.defaultDevice(), DjlSetup.ENGINE);
        try {
            DataType type = settings.precision() == Precision.FLOAT64 ? DataType.FLOAT64 : DataType.FLOAT32;
            DjlNetwork net = new DjlNetwork(spec, train.timesteps(), train.features(), root,
                    InitialParameters.draw(spec, train.timesteps(), train.features(), settings), type,
                    tanhLstmPath(spec), flatUpdate);
            DjlModel model = new DjlModel(net, root);
            NDArray x = DjlModel.sequences(root, train.x(), type);
            NDArray y = root.create(flatten(train.y()), new Shape(train.size(), train.outputs())).toType(type, false);
            Updater updater = Updater.of(spec);
            model.setUpdater(updater.describe());
            EasyTrainLoop easy = easyTrain ? new EasyTrainLoop(net, spec, x, y, settings.seed(), updater) : null;
            return new DjlRun(engine, root, net, model, updater, x, y, spec, settings.seed(), easy);
        } catch (RuntimeException | Error e) {
            root.close();
            throw e;
        }
    }

    /** The path a tanh LSTM takes: checked on this machine when the spec has one that could run fused. */
    private static FusedLstmCheck.Path tanhLstmPath(ModelSpec spec) {
        return FusedLstmCheck.runsFused(spec) ? FusedLstmCheck.onThisMachine().path() : FusedLstmCheck.Path.FUSED;
    }

    /** A probe's predictions in float32 with the given LSTM path, from the probe's own parameters, untrained. */
    static double[][] untrainedPredictions(FusedLstmCheck.Probe probe, FusedLstmCheck.Path path) {
        Engine engine = DjlSetup.engine();
        DjlSetup.claimThreads();
        NDManager root = NDManager.newBaseManager(engine.defaultDevice(), DjlSetup.ENGINE);
        double[][][] x = probe.x();
        DjlNetwork net;
        try {
            net = new DjlNetwork(probe.spec(), x[0].length, x[0][0].length, root, probe.params(), DataType.FLOAT32, path,
                    DjlSetup.FLAT_UPDATE); // the parameters laid out as the trained models hold them: the kernel sees the same memory
        } catch (RuntimeException e) {
            root.close();
            throw e;
        }
        try (DjlModel model = new DjlModel(net, root)) {
            return model.predict(x);
        }
    }

    /** One minibatch: forward and backward in a sub-manager, then the optimizer update. Returns the batch loss. */
    static double step(Engine engine, NDManager root, DjlNetwork net, Updater updater, List<String> ids,
                               NDArray x, NDArray y, int[] rows, Loss loss) {
        double value;
        try (NDManager fwd = root.newSubManager()) {
            attach(fwd, net, x, y);
            NDArray index = fwd.create(toLong(rows));
            NDArray xb = x.get(new NDIndex("{}", index));
            NDArray yb = y.get(new NDIndex("{}", index));
            try (GradientCollector gc = engine.newGradientCollector()) {
                NDArray pred = net.forward(xb, true);
                NDArray l = MeanErrorLoss.of(loss, pred.sub(yb));
                gc.backward(l);
                value = l.toType(DataType.FLOAT64, false).getDouble();
            }
        }
        // Parameters are back in the root manager: optimizer state created on first use belongs to the model.
        try (NDManager upd = root.newSubManager()) {
            if (net.buffer() != null) {
                updater.update("all", net.buffer().values(), net.buffer().takeGradient(upd), upd);
                return value;
            }
            for (int i = 0; i < net.params.size(); i++) {
                NDArray p = net.params.get(i);
                NDArray g = p.getGradient();
                g.attach(upd);
                updater.update(ids.get(i), p, g, upd);
                g.subi(g); // zero the accumulated gradient in place
            }
        }
        return value;
    }

    static void attach(NDManager m, DjlNetwork net, NDArray... data) {
        for (NDArray p : net.params) {
            p.tempAttach(m);
        }
        for (NDArray c : net.constants) {
            c.tempAttach(m);
        }
        for (NDArray d : data) {
            d.tempAttach(m);
        }
    }

    static float[] flatten(double[][] y) {
        int w = y.length == 0 ? 0 : y[0].length;
        float[] out = new float[y.length * w];
        for (int i = 0; i < y.length; i++) {
            for (int j = 0; j < w; j++) {
                out[i * w + j] = (float) y[i][j];
            }
        }
        return out;
    }

    private static long[] toLong(int[] a) {
        long[] out = new long[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i];
        }
        return out;
    }
}
