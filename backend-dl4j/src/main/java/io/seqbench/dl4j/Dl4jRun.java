package io.seqbench.dl4j;

import io.seqbench.common.Predictor;
import io.seqbench.common.TrainedModel;
import io.seqbench.common.SteppedRun;
import io.seqbench.common.data.Minibatches;
import io.seqbench.common.model.ModelSpec;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A DL4J training run stepped by the caller: the training set converted once to 2-D rows, each epoch a gather
 * ({@code Nd4j.pullRows}, measured at 0.05 ms for 100 of 800 rows, where {@code get(NDArrayIndex.indices(...))}
 * took 1 to 2 ms) and {@code fit} per minibatch of the shared order.
 */
final class Dl4jRun extends SteppedRun<Dl4jModel> {
    private final ModelSpec spec;
    private final long seed;
    private final int samples;
    /** The whole input with its features as [samples, rest], so that a minibatch is one gather and a view. */
    private final Dl4jModel.Inputs all;
    private final long[] xShape;
    private final INDArray y;
    private final INDArray y2d;

    Dl4jRun(Dl4jModel model, ModelSpec spec, long seed, int samples, Dl4jModel.Inputs all, INDArray y) {
        super(model);
        this.spec = spec;
        this.seed = seed;
        this.samples = samples;
        this.all = new Dl4jModel.Inputs(rows2d(all.x()), all.mask(), all.anyUnmasked());
        this.xShape = all.x().shape();
        this.y = y;
        this.y2d = rows2d(y);
    }

    @Override
    protected double trainEpoch(int epoch) {
        double sum = 0;
        int batches = 0;
        for (int[] rows : Minibatches.epoch(samples, spec.batchSize(), seed, epoch)) {
            Dl4jModel.Inputs batch = all.rows(rows, xShape);
            INDArray yb = gather(y2d, rows, y.shape());
            model.graph().fit(batch.features(), new INDArray[]{yb}, batch.masks(), null);
            sum += model.graph().score();
            batches++;
        }
        return sum / batches;
    }

    /** An array of rank 2 or 3 as [samples, rest], c order. */
    static INDArray rows2d(INDArray a) {
        return a.rank() == 2 ? a : a.reshape('c', a.size(0), a.length() / a.size(0));
    }

    /** The given rows of a [samples, rest] array, reshaped to the original rank. */
    static INDArray gather(INDArray rows2d, int[] rows, long[] shape) {
        return shaped(Nd4j.pullRows(rows2d, 1, rows), shape);
    }

    /** Rows picked as [rows, rest], reshaped to the original rank: a view of {@code picked} unless that is rank 2. */
    static INDArray shaped(INDArray picked, long[] shape) {
        if (shape.length == 2) {
            return picked;
        }
        long[] s = shape.clone();
        s[0] = picked.size(0);
        return picked.reshape('c', s);
    }
}
