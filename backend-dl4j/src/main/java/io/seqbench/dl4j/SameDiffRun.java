package io.seqbench.dl4j;

import io.seqbench.common.Predictor;
import io.seqbench.common.TrainedModel;
import io.seqbench.common.SteppedRun;
import io.seqbench.common.data.Minibatches;
import io.seqbench.common.model.ModelSpec;
import io.seqbench.common.model.Optimizer;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A SameDiff training run stepped by the caller, one loop per minibatch of the shared order: the graph's loss and
 * every parameter's gradient in one pass ({@code calculateGradientsAndOutputs}), then ND4J's own updater per parameter,
 * as SameDiff's {@code fit} applies them. The loop is the suite's rather than {@code fit}'s because {@code fit} in
 * 1.0.0-M2.1 reports every minibatch loss as 0 (its loss value is computed and dropped), and the loss curve is a result.
 * The updaters' state starts at 0, AdaGrad's accumulator at the spec's (ND4J's AdaGrad would start it at epsilon).
 */
final class SameDiffRun extends SteppedRun<SameDiffModel> {
    private final ModelSpec spec;
    private final long seed;
    private final int samples;
    /** Each graph input for every sample, as [samples, rest], and its shape. */
    private final Map<String, INDArray> inputs2d = new java.util.LinkedHashMap<>();
    private final Map<String, long[]> shapes = new java.util.HashMap<>();
    private final List<String> names = new ArrayList<>();
    private final List<GradientUpdater<?>> updaters = new ArrayList<>();
    /** The updaters' state arrays, freed when the run ends. */
    private final List<INDArray> states = new ArrayList<>();
    private int iteration;

    SameDiffRun(SameDiffModel model, ModelSpec spec, IUpdater updater, long seed, Map<String, INDArray> inputs, INDArray y) {
        super(model);
        this.spec = spec;
        this.seed = seed;
        this.samples = (int) y.size(0);
        Map<String, INDArray> all = new java.util.LinkedHashMap<>(inputs);
        all.put(SameDiffGraph.LABEL, y);
        all.forEach((name, a) -> {
            inputs2d.put(name, Dl4jRun.rows2d(a));
            shapes.put(name, a.shape());
        });
        for (SameDiffGraph.Slot s : model.graph().slots) {
            INDArray param = s.variable().getArr();
            long n = param.length();
            names.add(s.variable().name());
            long state = updater.stateSize(n);
            INDArray stateArray = state == 0 ? null : Nd4j.zeros(param.dataType(), 1, state);
            if (stateArray != null && spec.optimizer().kind() == Optimizer.Kind.ADAGRAD) {
                stateArray.assign(spec.optimizer().initialAccumulator()); // AdaGrad's whole state is its accumulator
            }
            states.add(stateArray);
            updaters.add(updater.instantiate(stateArray, false));
        }
    }

    @Override
    protected double trainEpoch(int epoch) {
        double sum = 0;
        int batches = 0;
        for (int[] rows : Minibatches.epoch(samples, spec.batchSize(), seed, epoch)) {
            Map<String, INDArray> batch = new java.util.HashMap<>();
            List<INDArray> picked = new ArrayList<>(); // what the batch's arrays view: the arrays to free
            inputs2d.forEach((name, a) -> {
                INDArray p = Nd4j.pullRows(a, 1, rows);
                picked.add(p);
                batch.put(name, Dl4jRun.shaped(p, shapes.get(name)));
            });
            OutAndGrad r = model.graph().sd.calculateGradientsAndOutputs(batch, List.of(SameDiffGraph.LOSS), names);
            sum += r.getOutputs().get(SameDiffGraph.LOSS).getDouble(0);
            for (int i = 0; i < names.size(); i++) {
                INDArray param = model.graph().slots.get(i).variable().getArr();
                INDArray gradient = r.getGradients().get(names.get(i)).dup('c');
                INDArray update = gradient.reshape('c', 1, param.length());
                updaters.get(i).applyUpdater(update, iteration, epoch - 1);
                param.subi(update.reshape('c', param.shape()));
                SameDiffGraph.free(gradient);
            }
            // this minibatch's arrays, freed now rather than at a garbage collection (SameDiffGraph.releaseSessions)
            picked.forEach(SameDiffGraph::free);
            r.getOutputs().values().forEach(SameDiffGraph::free);
            r.getGradients().values().forEach(SameDiffGraph::free);
            iteration++;
            batches++;
        }
        return sum / batches;
    }

    /** The converted data and the updaters' state: the run's own arrays, which the trained model does not need. */
    @Override
    protected void releaseRunArrays() {
        states.forEach(SameDiffGraph::free);
        states.clear();
        inputs2d.values().forEach(SameDiffGraph::free);
        inputs2d.clear();
    }
}
