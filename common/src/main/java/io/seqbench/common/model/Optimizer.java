package io.seqbench.common.model;

/**
 * Optimiser, learning rate and the constants that shape its steps. Adam uses Keras' defaults (beta1 0.9, beta2 0.999,
 * epsilon 1e-7). AdaGrad, used only by the suite's own fixes, is acc += g^2, w -= lr * g / (sqrt(acc) + epsilon) with
 * the accumulator starting at {@code initialAccumulator}, 0 by default (PyTorch's and Tribuo's default; Keras starts it
 * at 0.1, DL4J at epsilon, so DL4J's is reset). The constants are part of the spec so that every backend reads them from
 * one place, and so that the equivalence check can be shown a backend that gets one wrong.
 *
 * @param epsilon            Adam's and AdaGrad's epsilon (unused by SGD)
 * @param initialAccumulator AdaGrad's accumulator before the first step (unused by Adam and SGD)
 */
public record Optimizer(Kind kind, double learningRate, double epsilon, double initialAccumulator) {
    /** Optimisers the specs can name. */
    public enum Kind { ADAM, ADAGRAD, SGD }

    /** Keras' epsilon for Adam and AdaGrad. */
    public static final double KERAS_EPSILON = 1e-7;

    public Optimizer {
        if (!(learningRate >= 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be >= 0 and finite, got " + learningRate);
        }
        if (!(epsilon > 0) || !(initialAccumulator >= 0) || Double.isInfinite(epsilon + initialAccumulator)) {
            throw new IllegalArgumentException("epsilon must be > 0 and the initial accumulator >= 0, got " + epsilon
                    + " and " + initialAccumulator);
        }
    }

    /** With Keras' epsilon and an accumulator starting at 0. */
    public Optimizer(Kind kind, double learningRate) {
        this(kind, learningRate, KERAS_EPSILON, 0);
    }

    public static Optimizer adam() {
        return new Optimizer(Kind.ADAM, 0.001);
    }

    public static Optimizer adam(double lr) {
        return new Optimizer(Kind.ADAM, lr);
    }

    public static Optimizer adagrad(double lr) {
        return new Optimizer(Kind.ADAGRAD, lr);
    }

    public Optimizer withLearningRate(double lr) {
        return new Optimizer(kind, lr, epsilon, initialAccumulator);
    }

    public Optimizer withEpsilon(double eps) {
        return new Optimizer(kind, learningRate, eps, initialAccumulator);
    }

    public Optimizer withInitialAccumulator(double acc) {
        return new Optimizer(kind, learningRate, epsilon, acc);
    }

    /** {@code adam(0.001)}; a constant that is not the default is named ({@code adagrad(0.1, eps=1.0E-6)}). */
    @Override
    public String toString() {
        return kind.name().toLowerCase() + "(" + learningRate + (epsilon != KERAS_EPSILON ? ", eps=" + epsilon : "")
                + (initialAccumulator != 0 ? ", acc0=" + initialAccumulator : "") + ")";
    }
}
