package io.seqbench.djl;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.seqbench.common.Predictor;
import io.seqbench.common.TrainedModel;
import io.seqbench.common.TrainingRun;
import io.seqbench.common.data.Minibatches;
import io.seqbench.common.model.ModelSpec;

import java.util.ArrayList;
import java.util.List;

/**
 * A DJL training run stepped by the caller: the manual loop (or EasyTrain, when configured) over the shared
 * minibatch order, on data converted once into the model's manager.
 */
final class DjlRun implements TrainingRun {
    private final Engine engine;
    private final NDManager root;
    private final DjlNetwork net;
    private final DjlModel model;
    private final Updater updater;
    private final NDArray x;
    private final NDArray y;
    private final ModelSpec spec;
    private final long seed;
    private final EasyTrainLoop easy;
    private final List<String> ids = new ArrayList<>();
    private int epoch;
    private boolean handedOver;

    DjlRun(Engine engine, NDManager root, DjlNetwork net, DjlModel model, Updater updater, NDArray x, NDArray y,
           ModelSpec spec, long seed, EasyTrainLoop easy) {
        this.engine = engine;
        this.root = root;
        this.net = net;
        this.model = model;
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

    public double epoch() {
        if (handedOver) {
            throw new IllegalStateException("the run has finished");
        }
        epoch++;
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

    public Predictor current() {
        return model;
    }

    /** Frees the training data and hands over the model, which owns the rest. */
    public TrainedModel finish() {
        handedOver = true;
        if (easy != null) {
            easy.close();
        }
        x.close();
        y.close();
        return model;
    }

    public void close() {
        if (!handedOver) {
            if (easy != null) {
                easy.close();
            }
            model.close(); // the model's manager owns every array of the run
        }
    }
}
