package io.seqbench.dl4j;

import io.seqbench.common.SteppableBackend;
import io.seqbench.common.Support;
import io.seqbench.common.TrainSettings;
import io.seqbench.common.TrainingRun;
import io.seqbench.common.data.Dataset;
import io.seqbench.common.model.InitialParameters;
import io.seqbench.common.model.Layer;
import io.seqbench.common.model.ModelSpec;
import io.seqbench.common.model.ParamArray;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.IUpdater;

import java.util.List;
import java.util.Map;

/**
 * Deeplearning4j's other API: each spec as one SameDiff graph ({@link SameDiffGraph}), its LSTMs as libnd4j's fused
 * {@code lstmLayer} op, which takes relu where the layer API's oneDNN helper does not. Same ND4J natives, thread
 * settings, shared initial parameters and minibatch order as {@link Dl4jBackend}, so the two DL4J APIs can be compared
 * on equal terms.
 */
public final class SameDiffBackend implements SteppableBackend {
    @Override
    public int threads() {
        return Dl4jSetup.THREADS;
    }

    @Override
    public java.util.List<java.nio.file.Path> nativeLibraries() {
        return Dl4jSetup.nativeLibraries();
    }

    static final String MASKING = "Masking is built only before a one-direction LSTM that returns its last output "
            + "(the output at each row's last unmasked step); a bidirectional or sequence-returning LSTM would see the "
            + "compacted steps move";

    static final String ONE_UNIT = "libnd4j's lstmLayer fails on an LSTM of one unit (\"MmulHelper::mmulMxM: B array has "
            + "wrong number of rows\", once a native crash)";

    public String id() {
        return "dl4j-samediff";
    }

    public Map<String, String> provenance() {
        Map<String, String> p = new java.util.LinkedHashMap<>(Dl4jSetup.provenance());
        p.put("api", "SameDiff (nd4j-api), fused lstmLayer op; per minibatch calculateGradientsAndOutputs, then ND4J updaters");
        return p;
    }

    public Support support(ModelSpec spec) {
        for (Layer l : spec.layers()) {
            if (l instanceof Layer.FactorizationMachine) {
                return Support.unsupported("SameDiff has no factorization-machine op");
            }
            if (l instanceof Layer.Masking && !Dl4jMasking.exact(spec)) {
                return Support.unsupported(MASKING);
            }
            if (l instanceof Layer.Lstm lstm && lstm.units() == 1) {
                return Support.unsupported(ONE_UNIT);
            }
        }
        return Support.exact();
    }

    @Override
    public TrainingRun start(ModelSpec spec, Dataset train, TrainSettings settings) {
        return run(spec, train, settings);
    }

    private SameDiffRun run(ModelSpec spec, Dataset train, TrainSettings settings) {
        requireRunnable(spec, train);
        Dl4jSetup.apply();
        List<ParamArray> initial = InitialParameters.draw(spec, train.timesteps(), train.features(), settings);
        SameDiffGraph graph = SameDiffGraph.build(spec, train.timesteps(), train.features(), initial,
                Dl4jArrays.type(settings.precision()));
        IUpdater updater = Dl4jGraphs.updater(spec);
        SameDiffModel model = new SameDiffModel(graph, updater.toString());
        try {
            INDArray y = Dl4jArrays.targets(train.y(), Dl4jArrays.all(train.size()), 1).castTo(graph.type);
            return new SameDiffRun(model, spec, updater, settings.seed(), graph.inputs(train.x()), y);
        } catch (RuntimeException | Error e) {
            model.close();
            throw e;
        }
    }
}
