package io.seqbench.dl4j;

import io.seqbench.common.SteppableBackend;
import io.seqbench.common.MatrixProduct;
import io.seqbench.common.Support;
import io.seqbench.common.TrainSettings;
import io.seqbench.common.TrainingRun;
import io.seqbench.common.data.Dataset;
import io.seqbench.common.model.InitialParameters;
import io.seqbench.common.model.Layer;
import io.seqbench.common.model.ModelSpec;
import io.seqbench.common.model.Optimizer;
import io.seqbench.common.model.ParamArray;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;
import java.util.Map;

/**
 * Deeplearning4j 1.0.0-M2.1 on ND4J's native CPU engine. Every spec of the catalogue is built as a
 * {@link ComputationGraph} (see {@link Dl4jGraphs}) and trained by a hand-driven loop over the suite's shared
 * minibatch order, so that DL4J sees exactly the batches DJL sees.
 *
 * <p>Training is a {@link Dl4jRun} driven epoch by epoch. Timed per epoch: the minibatch gather (an ND4J op on arrays
 * converted once before training) and {@code fit}. Not timed: graph construction, the one-off conversion of the
 * training set, and listeners.
 */
public final class Dl4jBackend implements SteppableBackend {
    @Override
    public int threads() {
        return Dl4jSetup.THREADS;
    }

    @Override
    public java.util.List<java.nio.file.Path> nativeLibraries() {
        return Dl4jSetup.nativeLibraries();
    }


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
        Dl4jSetup.apply();
        return new Dl4jMatrixProduct(n, seed);
    }

    private Dl4jRun run(ModelSpec spec, Dataset train, TrainSettings settings) {
        requireRunnable(spec, train);
        Dl4jSetup.claimThreads();
        ComputationGraph net = new ComputationGraph(Dl4jGraphs.build(spec, train.timesteps(), train.features(),
                settings.seed(), Dl4jSetup.WORKSPACES, Dl4jArrays.type(settings.precision())));
        net.init();
        List<ParamArray> initial = InitialParameters.draw(spec, train.timesteps(), train.features(), settings);
        Dl4jModel model = new Dl4jModel(net, spec, initial);
        try {
            Dl4jWeights.load(net, spec, initial);
            if (spec.optimizer().kind() == Optimizer.Kind.ADAGRAD) {
                // DL4J starts AdaGrad's accumulator at epsilon; the suite's starts it at the spec's (see Optimizer)
                net.getUpdater().getStateViewArray().assign((float) spec.optimizer().initialAccumulator());
            }
            // Converted once, outside the timed epochs.
            Dl4jModel.Inputs all = model.inputs(train.x());
            INDArray y = Dl4jArrays.targets(train.y(), Dl4jArrays.all(train.size()), spec.outputSteps())
                    .castTo(model.dataType());
            return new Dl4jRun(model, spec, settings.seed(), train.size(), all, y);
        } catch (RuntimeException | Error e) {
            model.close();
            throw e;
        }
    }
}
