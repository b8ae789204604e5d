package io.seqbench.common.model;

/**
 * Optimiser and learning rate. Adam uses Keras' defaults (beta1 0.9, beta2 0.999, epsilon 1e-7). AdaGrad, used only
 * by the suite's own fixes, is acc += g^2, w -= lr * g / (sqrt(acc) + 1e-7) with the accumulator starting at 0
 * (PyTorch's and Tribuo's default; Keras starts it at 0.1, DL4J at epsilon, so DL4J's is reset to 0).
 */
public record Optimizer(Kind kind, double learningRate) {
    /** Optimisers the specs can name. */
    public enum Kind { ADAM, ADAGRAD, SGD }

    public Optimizer {
        if (!(learningRate >= 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be >= 0 and finite, got " + learningRate);
        }
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

    @Override
    public String toString() {
        return kind.name().toLowerCase() + "(" + learningRate + ")";
    }
}
