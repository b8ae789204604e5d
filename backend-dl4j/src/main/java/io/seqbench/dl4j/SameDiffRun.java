package io.seqbench.dl4j;

import io.seqbench.common.Predictor;
import io.seqbench.common.TrainedModel;
import io.seqbench.common.TrainingRun;
import io.seqbench.common.data.Minibatches;
import io.seqbench.common.model.ModelSpec;
import org.nd4j.autodiff.listeners.At;
import org.nd4j.autodiff.listeners.BaseListener;
import org.nd4j.autodiff.listeners.Operation;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.dataset.DataSet;

import java.util.List;

/**
 * A SameDiff training run stepped by the caller: per minibatch of the shared order, one {@code fit} on the gathered
 * rows; the epoch's loss is the mean of the minibatch losses SameDiff reports (each from the forward pass before its
 * update, as Keras reports them).
 */
final class SameDiffRun implements TrainingRun {
    private final SameDiffModel model;
    private final ModelSpec spec;
    private final long seed;
    private final int samples;
    private final INDArray x2d;
    private final long[] xShape;
    private final INDArray y;
    private final LastLoss losses = new LastLoss();
    private int epoch;
    private boolean handedOver;

    /**
     * Keeps the loss of the last training iteration: the loss variable's value as SameDiff computes it in the forward
     * pass before the update (fit's History records no loss for a single batch, and its Loss argument is empty unless
     * the loss variable is requested).
     */
    static final class LastLoss extends BaseListener {
        double last = Double.NaN;

        @Override
        public boolean isActive(Operation operation) {
            return operation == Operation.TRAINING;
        }

        @Override
        public void opExecution(SameDiff sd, At at, MultiDataSet batch, SameDiffOp op, OpContext context, INDArray[] outputs) {
            List<String> names = op.getOutputsOfOp();
            for (int i = 0; i < names.size() && i < outputs.length; i++) {
                if (names.get(i).equals(SameDiffGraph.LOSS)) {
                    last = outputs[i].getDouble(0);
                }
            }
        }
    }

    SameDiffRun(SameDiffModel model, ModelSpec spec, long seed, INDArray x, INDArray y) {
        this.model = model;
        this.spec = spec;
        this.seed = seed;
        this.samples = (int) x.size(0);
        this.x2d = Dl4jRun.rows2d(x);
        this.xShape = x.shape();
        this.y = y;
    }

    public double epoch() {
        if (handedOver) {
            throw new IllegalStateException("the run has finished");
        }
        epoch++;
        double sum = 0;
        int batches = 0;
        for (int[] rows : Minibatches.epoch(samples, spec.batchSize(), seed, epoch)) {
            DataSet batch = new DataSet(Dl4jRun.gather(x2d, rows, xShape), Dl4jRun.gather(y, rows, y.shape()));
            model.graph().sd.fit(batch, losses);
            sum += losses.last;
            batches++;
        }
        return sum / batches;
    }

    public Predictor current() {
        return model;
    }

    public TrainedModel finish() {
        handedOver = true;
        return model;
    }

    public void close() {
        if (!handedOver) {
            model.close();
        }
    }
}
