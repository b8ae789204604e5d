package io.seqbench.bench.verify;

import io.seqbench.common.Backend;
import io.seqbench.common.Experiment;
import io.seqbench.common.Precision;
import io.seqbench.common.TrainSettings;
import io.seqbench.common.TrainedModel;
import io.seqbench.common.TrainingListener;
import io.seqbench.common.data.Dataset;
import io.seqbench.common.data.Minibatches;
import io.seqbench.common.model.ModelSpec;
import io.seqbench.common.model.Optimizer;
import io.seqbench.common.model.InitialParameters;
import io.seqbench.common.model.ParamArray;
import io.seqbench.common.model.ReferenceForward;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What one backend does with one cell's spec from the shared start, through the {@link Backend} contract only:
 * the untrained model (trained one epoch at learning rate 0 on the whole training split, so its one reported loss is
 * the loss before training), the parameters after one optimiser step on epoch 1's first minibatch and after one plain
 * SGD step on it (all in float32, the published precision), and the loss of each of the first epochs of the real spec, trained in float64 so that
 * rounding amplified over epochs does not stand in for a difference in the training rule ({@link Check#LOSS_CURVE}).
 *
 * @param untrained   predictions of the untrained model on the training inputs, flattened
 * @param initialLoss the loss the backend reported for the untrained model
 * @param initial     the untrained parameters in Keras' layout, if the backend gives them
 * @param oneStep     the parameters after one step, if the backend gives them
 * @param sgdStep     the parameters after one plain SGD step at {@link Check#GRADIENT_STEP}, if the backend gives them
 * @param ruleStep    the parameters after {@link Check#STEP_RULE}'s float64 step of the spec's optimiser, if given
 * @param curve       the training loss per epoch as reported (a backend with no per-epoch hook reports fewer)
 */
public record Trace(double[] untrained, double initialLoss, Optional<List<ParamArray>> initial,
                    Optional<List<ParamArray>> oneStep, Optional<List<ParamArray>> sgdStep,
                    Optional<List<ParamArray>> ruleStep, double[] curve) {

    public static Trace of(Backend backend, Experiment e, long seed, int epochs) {
        Dataset train = e.train();
        ModelSpec spec = e.spec();
        TrainSettings settings = new TrainSettings(seed);
        ModelSpec frozen = spec.withEpochs(1).withBatchSize(train.size()).withOptimizer(new Optimizer(Optimizer.Kind.SGD, 0));
        double[] loss = {Double.NaN};
        double[] untrained;
        Optional<List<ParamArray>> initial;
        try (TrainedModel m = backend.train(frozen, train, settings, (ev, p) -> {
            loss[0] = ev.loss();
            return true;
        })) {
            untrained = flatten(m.predict(train.x()));
            initial = m.parameters();
        }
        int[] rows = Minibatches.epoch(train.size(), spec.batchSize(), seed, 1).get(0);
        Dataset first = rows(train, rows);
        ModelSpec oneBatch = spec.withEpochs(1).withBatchSize(rows.length);
        Optional<List<ParamArray>> oneStep;
        try (TrainedModel m = backend.train(oneBatch, first, settings, TrainingListener.NONE)) {
            oneStep = m.parameters();
        }
        Optional<List<ParamArray>> sgdStep;
        try (TrainedModel m = backend.train(oneBatch.withOptimizer(new Optimizer(Optimizer.Kind.SGD, Check.GRADIENT_STEP)),
                first, settings, TrainingListener.NONE)) {
            sgdStep = m.parameters();
        }
        Optional<List<ParamArray>> ruleStep;
        try (TrainedModel m = backend.train(oneBatch.withOptimizer(spec.optimizer().withLearningRate(Check.GRADIENT_STEP)),
                nearTargets(spec, first, seed), new TrainSettings(seed, Precision.FLOAT64), TrainingListener.NONE)) {
            ruleStep = m.parameters();
        }
        List<Double> curve = new ArrayList<>();
        try (TrainedModel ignored = backend.train(spec.withEpochs(epochs), train, new TrainSettings(seed, Precision.FLOAT64), (ev, p) -> {
            curve.add(ev.loss());
            return true;
        })) {
            return new Trace(untrained, loss[0], initial, oneStep, sgdStep, ruleStep,
                    curve.stream().mapToDouble(Double::doubleValue).toArray());
        }
    }

    /**
     * {@code batch} with its targets moved to {@link Check#NEAR_TARGETS} of the way from the untrained model's float64
     * outputs to the real targets (the same arrays for every backend); the batch unchanged where the reference forward
     * pass does not cover the spec.
     */
    static Dataset nearTargets(ModelSpec spec, Dataset batch, long seed) {
        if (!ReferenceForward.supports(spec)) {
            return batch;
        }
        double[][] out = ReferenceForward.predict(spec, InitialParameters.draw(spec, batch.timesteps(), batch.features(),
                seed), batch.x());
        double[][] y = new double[out.length][];
        for (int i = 0; i < out.length; i++) {
            y[i] = new double[out[i].length];
            for (int k = 0; k < y[i].length; k++) {
                y[i][k] = out[i][k] + Check.NEAR_TARGETS * (batch.y()[i][k] - out[i][k]);
            }
        }
        return new Dataset(batch.x(), y);
    }

    /** Whether the backend gave every parameter set the checks compare. */
    public boolean reportsParameters() {
        return initial.isPresent() && oneStep.isPresent() && sgdStep.isPresent() && ruleStep.isPresent();
    }

    /** The given samples, in the given order. */
    public static Dataset rows(Dataset d, int[] rows) {
        double[][][] x = new double[rows.length][][];
        double[][] y = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            x[i] = d.x()[rows[i]];
            y[i] = d.y()[rows[i]];
        }
        return new Dataset(x, y);
    }

    static double[] flatten(double[][] a) {
        return java.util.Arrays.stream(a).flatMapToDouble(java.util.Arrays::stream).toArray();
    }

    /** The first minibatch's gradient as the SGD step shows it: (start - after) / lr, all arrays end to end. */
    static double[] gradient(List<ParamArray> start, List<ParamArray> after) {
        double[] a = values(start);
        double[] b = values(after);
        if (a.length != b.length) {
            return new double[]{Double.NaN}; // another shape is never the same gradient
        }
        for (int i = 0; i < a.length; i++) {
            a[i] = (a[i] - b[i]) / Check.GRADIENT_STEP;
        }
        return a;
    }

    /** All arrays' values end to end, as doubles. */
    static double[] values(List<ParamArray> params) {
        int n = params.stream().mapToInt(p -> p.values().length).sum();
        double[] out = new double[n];
        int k = 0;
        for (ParamArray p : params) {
            for (float v : p.values()) {
                out[k++] = v;
            }
        }
        return out;
    }
}
