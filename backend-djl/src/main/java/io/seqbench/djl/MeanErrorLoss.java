package io.seqbench.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import io.seqbench.common.model.Loss;

/**
 * Keras' mean squared or mean absolute error as a DJL {@code Loss}, for the EasyTrain loop, built from array-array
 * operations only.
 *
 * <p>Why not DJL's {@code L2Loss}: it multiplies by its weight with {@code NDArray.mul(Number)}. On the PyTorch
 * engine that wraps the number in a 0-d tensor over a Java direct buffer (no copy), and closes it right after the
 * operation. Autograd keeps that tensor for the backward pass, but nothing keeps the buffer: a garbage collection
 * between forward and backward frees it, and backward multiplies by freed memory. The gradient is then garbage (1e34,
 * or 0). With AdaGrad, the accumulator becomes infinite and every later step is zero. This was the EasyTrain test's
 * rare "frozen from epoch 9" failure. {@code EasyTrainLoopTest} forces that collection.
 */
final class MeanErrorLoss extends ai.djl.training.loss.Loss {
    private final Loss kind;

    MeanErrorLoss(Loss kind) {
        super(kind == Loss.MSE ? "mse" : "mae");
        this.kind = kind;
    }

    @Override
    public NDArray evaluate(NDList label, NDList prediction) {
        NDArray pred = prediction.singletonOrThrow();
        return of(kind, label.singletonOrThrow().reshape(pred.getShape()).sub(pred));
    }

    /** The spec's loss of the differences between predictions and labels: the manual loop's loss too. */
    static NDArray of(Loss kind, NDArray diff) {
        return (kind == Loss.MSE ? diff.square() : diff.abs()).mean();
    }
}
