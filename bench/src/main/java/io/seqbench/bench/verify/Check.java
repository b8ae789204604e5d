package io.seqbench.bench.verify;

import io.seqbench.common.model.ReferenceForward;

/**
 * The four equivalence checks between two backends that start from the same initial arrays and see the same
 * minibatches, each with its tolerance and why. Differences are relative: the largest absolute difference over the
 * largest magnitude of the compared values, so that values near zero do not blow a ratio up.
 */
public enum Check {
    /** Predictions of the untrained model on the training inputs: the same function on the same weights. */
    PREDICTIONS(ReferenceForward.FLOAT32_TOLERANCE, "float32 forward passes that differ only in summation order agree to about 1e-6"),
    /** The spec's loss before training, as each backend itself computes and reports it. */
    INITIAL_LOSS(1e-4, "as the predictions, plus one reduction"),
    /**
     * The parameters after one optimiser step on the first minibatch, all arrays as one vector. Not the step alone:
     * Adam scales every gradient to about +-lr, so a gradient that is float32 cancellation noise around zero still
     * moves its weight, by an amount set by the noise (echo's LSTM: -2.7e-5 against -5.2e-5 on a weight whose
     * gradient is 1e-7 among gradients of 1e2). On the weights such noise stays under 1e-4. So this check sees an
     * update that is wrong by more than 1e-4 of the weights (a learning rate 5% off at Adam's lr 0.01 moves weights
     * near 1 by 5e-4), not one that is wrong by a fraction of a step at lr 1e-3; and since Adam and AdaGrad move every
     * weight by about lr whatever the gradient, it cannot see the gradient's size: {@link #GRADIENT} does.
     */
    ONE_STEP(1e-4, "the weights after the spec's optimiser step; an Adam step on a gradient that is float32 noise "
            + "around zero differs by up to a few 1e-5; an update wrong by more than 1e-4 of the weights shows (a learning "
            + "rate 5% off at lr 0.01), a fraction of a step at lr 1e-3 does not, nor does a gradient's size"),
    /**
     * The first minibatch's gradient, read from one plain SGD step at learning rate {@link #GRADIENT_STEP}: the
     * parameters move by exactly -lr x gradient, which no optimiser's normalisation hides (Adam and AdaGrad move every
     * weight by about lr whatever the gradient's size, so a doubled gradient passes {@link #ONE_STEP}). The step is
     * that large so that it dominates the float32 parameters it is added to: the difference is then the gradient's
     * own, relative to the largest gradient.
     */
    GRADIENT(1e-4, "the first minibatch's gradient (one SGD step at learning rate 1000, minus the start, over 1000): "
            + "float32 gradients that differ only in summation order agree to about 1e-6 of the largest; a wrong "
            + "gradient, such as one twice as large with the loss reported right, differs by its whole size"),
    /**
     * The spec's own optimiser's first step as a function of the gradient: one step at learning rate
     * {@link #GRADIENT_STEP} in float64, on the first minibatch with its targets moved to within {@link #NEAR_TARGETS}
     * of the untrained model's own outputs (the float64 reference forward pass), so that every gradient is small, and
     * read as (start - after) / lr. Adam's first step is then g / (|g| + epsilon) and AdaGrad's g / (sqrt(acc0 + g^2)
     * + epsilon): a gradient near epsilon makes the optimiser's constants show (an epsilon of 1e-6 instead of 1e-7, an
     * accumulator starting at epsilon instead of 0), which {@link #ONE_STEP} cannot see at a gradient of 1e-1 and
     * {@link #GRADIENT}'s plain SGD step does not have. Float64 so that small gradients are not float32 noise.
     */
    STEP_RULE(1e-5, "the spec's optimiser's first step at learning rate 1000, in float64, with targets moved to within "
            + "1e-4 of the untrained model's outputs so that gradients are small: a step rule's constants (Adam's or "
            + "AdaGrad's epsilon, AdaGrad's starting accumulator) change it by whole percents; exact pairs agree to the "
            + "float32 rounding of the stored parameters, about 1e-7"),
    /**
     * The training loss of each of the first epochs, trained in float64, each epoch against its own size, down to a
     * floor of 1e-6 of the first epoch's loss: below it a loss is rounding of residuals that have converged (in
     * float32, next2's linear model reaches 2.5e-11 by epoch 19, where two exact backends read 2.500e-11 and
     * 2.423e-11). Float64 because training amplifies rounding from step to step, and in float32 a relu stack amplifies
     * the frameworks' different roundings of the same operations to 8% in 20 epochs (square's relu-stack); in float64
     * the exact pairs agree to 3e-4 at worst, which leaves room to see a different rule.
     */
    LOSS_CURVE(1e-3, "trained in float64: in float32 the frameworks' different roundings of the same operations grow "
            + "from step to step (8% by epoch 18 on square's relu-stack); in float64 exact pairs agree to 3e-4 at worst, "
            + "and a different update rule or loss scale shows as a factor; losses under 1e-6 of the first are "
            + "compared against that floor");

    private final double tolerance;
    private final String why;

    Check(double tolerance, String why) {
        this.tolerance = tolerance;
        this.why = why;
    }

    public double tolerance() {
        return tolerance;
    }

    public String why() {
        return why;
    }

    /** Within tolerance; NaN (a value missing on one side, or a non-finite value) never is. */
    public boolean passes(double relativeDifference) {
        return relativeDifference <= tolerance;
    }

    /** max|a - b| / max(|a|, |b|) over all values; 0 when both are all zero; NaN if any value is not finite. */
    public static double relativeDifference(double[] a, double[] b) {
        if (a.length != b.length) {
            return Double.NaN;
        }
        double diff = 0;
        double scale = 0;
        for (int i = 0; i < a.length; i++) {
            if (!Double.isFinite(a[i]) || !Double.isFinite(b[i])) {
                return Double.NaN;
            }
            diff = Math.max(diff, Math.abs(a[i] - b[i]));
            scale = Math.max(scale, Math.max(Math.abs(a[i]), Math.abs(b[i])));
        }
        return scale == 0 ? 0 : diff / scale;
    }

    /** Relative floor of the loss-curve comparison: a fraction of the first epoch's loss. */
    public static final double CURVE_FLOOR = 1e-6;

    /** The learning rate of {@link #GRADIENT}'s single SGD step and of {@link #STEP_RULE}'s step. */
    public static final double GRADIENT_STEP = 1000;

    /** {@link #STEP_RULE}'s targets: the untrained outputs plus this fraction of the way to the real targets. */
    public static final double NEAR_TARGETS = 1e-4;

    /**
     * The largest of each position's own relative difference (for a loss curve, which falls by decades), each
     * against max(|a|, |b|, floor x the first position's size).
     */
    public static double relativeDifferencePerValue(double[] a, double[] b) {
        if (a.length != b.length || a.length == 0) {
            return Double.NaN;
        }
        double floor = CURVE_FLOOR * Math.max(Math.abs(a[0]), Math.abs(b[0]));
        double worst = 0;
        for (int i = 0; i < a.length; i++) {
            if (!Double.isFinite(a[i]) || !Double.isFinite(b[i])) {
                return Double.NaN;
            }
            double scale = Math.max(floor, Math.max(Math.abs(a[i]), Math.abs(b[i])));
            worst = Math.max(worst, scale == 0 ? 0 : Math.abs(a[i] - b[i]) / scale);
        }
        return worst;
    }
}
