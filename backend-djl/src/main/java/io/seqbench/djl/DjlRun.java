package io.seqbench.djl;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.seqbench.common.SteppedRun;
import io.seqbench.common.data.Minibatches;
import io.seqbench.common.model.ModelSpec;

import java.util.ArrayList;
import java.util.List;

/**
 * A DJL training run stepped by the caller: the manual loop (or EasyTrain, when configured) over the shared
 * minibatch order, on data converted once into the model's manager.
 */
final class DjlRun extends SteppedRun<DjlModel> {
    private final Engine engine;
    private final NDManager root;
    private final DjlNetwork net;
    private final Updater updater;
    private final NDArray x;
    private final NDArray y;
    private final ModelSpec spec;
    private final long seed;
    private final EasyTrainLoop easy;
    private final List<String> ids = new ArrayList<>();

    DjlRun(Engine engine, NDManager root, DjlNetwork net, DjlModel model, Updater updater, NDArray x, NDArray y,
           ModelSpec spec, long seed, EasyTrainLoop easy) {
        super(model);
        this.engine = engine;
        this.root = root;
        this.net = net;
        this.updater = updater;
        this.x = x;
        this.y = y;
        this.spec = spec;
        this.seed = seed;
        this.easy = easy;
        for (int i = 0; i < net.params.size(); i++) {
            ids.add("p" + i);
        }
    }

    @Override
    protected double trainEpoch(int epoch) {
        if (easy != null) {
            return easy.epoch();
        }
        double sum = 0;
        int batches = 0;
        for (int[] rows : Minibatches.epoch((int) x.getShape().get(0), spec.batchSize(), seed, epoch)) {
            sum += DjlBackend.step(engine, root, net, updater, ids, x, y, rows, spec.loss());
            batches++;
        }
        return sum / batches;
    }

    /** The training data and EasyTrain's trainer; the model's manager owns the rest. */
    @Override
    protected void releaseRunArrays() {
        if (easy != null) {
            easy.close();
        }
        x.close();
        y.close();
    }
}
