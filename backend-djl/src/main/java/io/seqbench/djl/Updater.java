package io.seqbench.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.seqbench.common.model.ModelSpec;

import java.util.HashMap;
import java.util.Map;

/**
 * Applies one gradient to one parameter. Adam and SGD are DJL's own optimizers. Adagrad is written here as NDArray
 * operations, because DJL 0.35.1's {@code Adagrad} converts gradients to row-sparse arrays, which the PyTorch engine
 * rejects ("Only COO sparse type supported for PyTorch") on the first update.
 */
interface Updater {
    /** Called with the parameter in the model's manager and the gradient in {@code scratch}. */
    void update(String id, NDArray param, NDArray grad, NDManager scratch);

    /** What ran, for the result's details. */
    String describe();

    static Updater of(ModelSpec spec) {
        io.seqbench.common.model.Optimizer o = spec.optimizer();
        float lr = (float) o.learningRate();
        return switch (o.kind()) {
            case ADAM -> djl(Optimizer.adam().optLearningRateTracker(Tracker.fixed(lr)).optBeta1(0.9f).optBeta2(0.999f)
                    .optEpsilon((float) o.epsilon()).build(), "DJL Adam");
            case SGD -> djl(Optimizer.sgd().setLearningRateTracker(Tracker.fixed(lr)).build(), "DJL Sgd");
            case ADAGRAD -> new Adagrad(lr, (float) o.epsilon(), (float) o.initialAccumulator());
        };
    }

    static Updater djl(Optimizer optimizer, String name) {
        return new Updater() {
            public void update(String id, NDArray param, NDArray grad, NDManager scratch) {
                optimizer.update(id, param, grad);
            }

            public String describe() {
                return name;
            }
        };
    }

    /** acc += g^2; w -= lr * g / (sqrt(acc) + eps), acc from {@code initial}. Accumulators live in the model's manager. */
    final class Adagrad implements Updater {
        private final float lr;
        private final float eps;
        private final float initial;
        private final Map<String, NDArray> acc = new HashMap<>();

        Adagrad(float lr, float eps, float initial) {
            this.lr = lr;
            this.eps = eps;
            this.initial = initial;
        }

        public void update(String id, NDArray param, NDArray grad, NDManager scratch) {
            NDArray a = acc.computeIfAbsent(id, k -> initial == 0 ? param.zerosLike() : param.zerosLike().addi(initial));
            a.tempAttach(scratch);
            a.addi(grad.square());
            param.subi(grad.div(a.sqrt().add(eps)).mul(lr));
        }

        public String describe() {
            return "Adagrad as NDArray operations (DJL's Adagrad needs row-sparse arrays, which PyTorch lacks)";
        }
    }
}
