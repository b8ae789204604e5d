package io.seqbench.dl4j;

import io.seqbench.common.Backend;
import io.seqbench.common.EpochEvent;
import io.seqbench.common.Support;
import io.seqbench.common.TrainSettings;
import io.seqbench.common.TrainedModel;
import io.seqbench.common.TrainingListener;
import io.seqbench.common.data.Dataset;
import io.seqbench.common.data.Minibatches;
import io.seqbench.common.model.InitialParameters;
import io.seqbench.common.model.Layer;
import io.seqbench.common.model.ModelSpec;
import io.seqbench.common.model.Optimizer;
import io.seqbench.common.model.ParamArray;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.Map;

/**
 * Deeplearning4j 1.0.0-M2.1 on ND4J's native CPU engine. Every spec of the catalogue is built as a
 * {@link ComputationGraph} (see {@link Dl4jGraphs}) and trained by a hand-driven loop over the suite's shared
 * minibatch order, so that DL4J sees exactly the batches DJL sees.
 *
 * <p>Timed per epoch: the minibatch gather (an ND4J op on arrays converted once before training) and {@code fit}.
 * Not timed: graph construction, the one-off conversion of the training set, and listeners.
 */
public final class Dl4jBackend implements Backend {

    public String id() {
        return "dl4j";
    }

    public Map<String, String> provenance() {
        return Dl4jSetup.provenance();
    }

    public Support support(ModelSpec spec) {
        for (Layer l : spec.layers()) {
            if (l instanceof Layer.FactorizationMachine) {
                return Support.unsupported("DL4J has no factorization-machine layer");
            }
        }
        if (spec.layers().get(0) instanceof Layer.Masking && !Dl4jMasking.exact(spec)) {
            return Support.approximate(Dl4jMasking.APPROXIMATE);
        }
        return Support.exact();
    }

    public TrainedModel train(ModelSpec spec, Dataset train, TrainSettings settings, TrainingListener listener) {
        Support s = support(spec);
        if (!s.runnable()) {
            throw new IllegalArgumentException("dl4j cannot run " + spec.describe() + ": " + s.reason());
        }
        if (train.size() == 0) {
            throw new IllegalArgumentException("no training samples");
        }
        Dl4jSetup.apply();
        ComputationGraph net = new ComputationGraph(Dl4jGraphs.build(spec, train.timesteps(), train.features(),
                settings.seed(), Dl4jSetup.WORKSPACES));
        net.init();
        List<ParamArray> initial = InitialParameters.draw(spec, train.timesteps(), train.features(), settings.seed());
        Dl4jWeights.load(net, spec, initial);
        if (spec.optimizer().kind() == Optimizer.Kind.ADAGRAD) {
            // DL4J starts AdaGrad's accumulator at epsilon; the suite's AdaGrad (see Optimizer) starts it at 0
            net.getUpdater().getStateViewArray().assign(0);
        }
        Dl4jModel model = new Dl4jModel(net, spec, initial);
        try {
            // Converted once, outside the timed loop, as 2-D rows: a batch is pullRows + a reshape view.
            Dl4jModel.Inputs all = model.inputs(train.x());
            INDArray x2d = rows2d(all.x());
            INDArray y = Dl4jArrays.targets(train.y(), Dl4jArrays.all(train.size()), spec.outputSteps());
            INDArray y2d = rows2d(y);
            long elapsed = 0;
            for (int epoch = 1; epoch <= spec.epochs(); epoch++) {
                long start = System.nanoTime();
                double sum = 0;
                int batches = 0;
                for (int[] rows : Minibatches.epoch(train.size(), spec.batchSize(), settings.seed(), epoch)) {
                    INDArray xb = gather(x2d, rows, all.x().shape());
                    INDArray yb = gather(y2d, rows, y.shape());
                    INDArray[] mb = all.mask() == null ? null : new INDArray[]{gather(all.mask(), rows, all.mask().shape())};
                    net.fit(new INDArray[]{xb}, new INDArray[]{yb}, mb, null);
                    sum += net.score();
                    batches++;
                }
                elapsed += System.nanoTime() - start;
                if (!listener.onEpoch(new EpochEvent(epoch, sum / batches, elapsed), model)) {
                    break;
                }
            }
        } catch (RuntimeException | Error e) {
            model.close(); // frees the graph's native memory, which a failed cell would otherwise leak
            throw e;
        }
        return model;
    }

    /** An array of rank 2 or 3 as [samples, rest], c order. */
    static INDArray rows2d(INDArray a) {
        return a.rank() == 2 ? a : a.reshape('c', a.size(0), a.length() / a.size(0));
    }

    /**
     * The given rows of a [samples, rest] array, reshaped to the original rank. {@code Nd4j.pullRows}: measured at
     * 0.05 ms for 100 of 800 rows, where {@code get(NDArrayIndex.indices(...))} took 1 to 2 ms.
     */
    static INDArray gather(INDArray rows2d, int[] rows, long[] shape) {
        INDArray picked = Nd4j.pullRows(rows2d, 1, rows);
        if (shape.length == 2) {
            return picked;
        }
        long[] s = shape.clone();
        s[0] = rows.length;
        return picked.reshape('c', s);
    }
}
