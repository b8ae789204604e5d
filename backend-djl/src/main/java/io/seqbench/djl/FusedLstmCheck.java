package io.seqbench.djl;

import io.seqbench.common.Experiment;
import io.seqbench.common.model.Activation;
import io.seqbench.common.model.InitialParameters;
import io.seqbench.common.model.Layer;
import io.seqbench.common.model.ModelSpec;
import io.seqbench.common.model.ParamArray;
import io.seqbench.common.model.ReferenceForward;
import io.seqbench.common.tasks.Task;
import io.seqbench.common.tasks.TaskModel;
import io.seqbench.common.tasks.Tasks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Chooses, on the machine it runs on, which computation runs a tanh LSTM without masking, by checking each
 * candidate against the float64 reference ({@link ReferenceForward}) before any model uses it.
 *
 * <p>Why: PyTorch's fused LSTM runs oneDNN's kernels, which oneDNN picks for the CPU at run time, and PyTorch asks for
 * the training kernel only while gradients are recorded. On a Zen 5 EPYC (AVX-512), the inference kernel (used for
 * predictions) computed other outputs, by up to 100% of a prediction, while the training kernel agreed with the
 * reference and with every other backend. A backend that computes another function must not publish as the same
 * model, so the first candidate that agrees on every probe runs: the fused kernel as PyTorch picks it, the fused
 * kernel with gradients recorded also for predictions (the training kernel), or the explicit per-step cell (plain
 * matrix products and activations).
 *
 * <p>The probes are the catalogue's own fused LSTMs (every task model that DJL runs fused, its untrained model on its
 * training inputs at seed 1), so the check covers the shapes and input ranges that failed, plus a bidirectional
 * one. It runs once per JVM, before the first model that could run fused.
 */
final class FusedLstmCheck {
    /** As verify's predictions check: float32 forward passes that differ only in rounding agree to about 1e-6. */
    static final double TOLERANCE = ReferenceForward.FLOAT32_TOLERANCE;

    /** How a tanh LSTM without masking runs. */
    enum Path {
        /** {@code torch.lstm} with PyTorch's own kernel choice: training mode in training, inference mode otherwise. */
        FUSED("fused torch.lstm"),
        /**
         * {@code torch.lstm} on oneDNN's training kernel for predictions too: the same equations, and the kernel every
         * training step runs. oneDNN runs it only while gradients are recorded ({@code train = true} alone still runs
         * the inference kernel), so predictions record them and discard them.
         */
        FUSED_TRAINING_KERNEL("fused torch.lstm, training kernel for predictions too (gradients recorded)"),
        /** The explicit per-step cell, as for relu or masked LSTMs. */
        EXPLICIT_CELL("explicit per-step cell");

        final String label;

        Path(String label) {
            this.label = label;
        }
    }

    /** One probe: a spec, its parameters in Keras' layout, and inputs. */
    record Probe(String name, ModelSpec spec, List<ParamArray> params, double[][][] x) {
        ReferenceForward.Outputs reference() {
            return ReferenceForward.compute(spec, params, x);
        }
    }

    /** The path chosen and the evidence for it, for the backend's provenance. */
    record Outcome(Path path, String evidence) {
    }

    private static volatile Outcome onThisMachine;

    private FusedLstmCheck() {
    }

    /** The check's outcome in this JVM, run on first use with DJL's real kernels. */
    static Outcome onThisMachine() {
        Outcome o = onThisMachine;
        if (o == null) {
            synchronized (FusedLstmCheck.class) {
                if (onThisMachine == null) {
                    onThisMachine = choose(probes(), DjlBackend::untrainedPredictions);
                }
                o = onThisMachine;
            }
        }
        return o;
    }

    /**
     * The first path whose predictions agree with the reference on every probe; the explicit cell, with the
     * evidence that it does not either, when none does.
     */
    static Outcome choose(List<Probe> probes, BiFunction<Probe, Path, double[][]> predict) {
        List<ReferenceForward.Outputs> truth = probes.stream().map(Probe::reference).toList();
        List<String> rejected = new ArrayList<>();
        for (Path path : Path.values()) {
            double worst = 0;
            String worstProbe = probes.isEmpty() ? "no probe" : probes.get(0).name();
            for (int i = 0; i < probes.size(); i++) {
                double d = truth.get(i).difference(predict.apply(probes.get(i), path));
                if (Double.isNaN(d) || d > worst) {
                    worst = d;
                    worstProbe = probes.get(i).name();
                }
            }
            String result = String.format("%s: worst %.1e (%s)", path.label, worst, worstProbe);
            if (worst <= TOLERANCE) {
                String before = rejected.isEmpty() ? "" : "; rejected on this CPU: " + String.join("; ", rejected);
                return new Outcome(path, "checked against the float64 reference on " + probes.size()
                        + " LSTMs, tolerance " + TOLERANCE + ": " + result + before);
            }
            rejected.add(result);
        }
        return new Outcome(Path.EXPLICIT_CELL, "no path agrees with the float64 reference on this CPU (tolerance "
                + TOLERANCE + "): " + String.join("; ", rejected));
    }

    /** Every catalogue model that runs a tanh LSTM without masking, plus a bidirectional one on sum3. */
    static List<Probe> probes() {
        List<Probe> probes = new ArrayList<>();
        for (Task task : Tasks.all()) {
            for (TaskModel model : task.models()) {
                if (runsFused(model.spec())) {
                    Experiment e = Experiment.prepare(task, model, Map.of(), 1, model.spec().epochs());
                    Probe p = probe(task.id() + "/" + model.name(), e, model.spec());
                    // after Masking the fused kernel runs on one row's unmasked steps: probe it on a row that has some
                    probes.add(model.spec().maskValue().isEmpty() ? p : new Probe(p.name(), p.spec(), p.params(),
                            new double[][][]{maskedRow(e.train().x(), model.spec().maskValue().get())}));
                }
            }
        }
        Experiment sum3 = Experiment.prepare(Tasks.byId("sum3"), "lstm", Map.of(), 1);
        ModelSpec bi = ModelSpec.of(List.of(Layer.Lstm.of(8, Activation.TANH).bidirectionalLayer(),
                new Layer.Dense(1, Activation.LINEAR)), sum3.spec().optimizer(), sum3.spec().loss(), 1, 100, 0.2);
        probes.add(probe("sum3/bidirectional tanh", sum3, bi));
        return probes;
    }

    private static Probe probe(String name, Experiment e, ModelSpec spec) {
        return new Probe(name, spec, InitialParameters.draw(spec, e.train().timesteps(), e.train().features(), 1),
                e.train().x());
    }

    /** Whether the spec has an LSTM that DJL runs fused: tanh, and after Masking only where it returns its last output. */
    static boolean runsFused(ModelSpec spec) {
        boolean masked = spec.maskValue().isPresent();
        return spec.layers().stream().anyMatch(l -> l instanceof Layer.Lstm lstm && lstm.activation() == Activation.TANH
                && (!masked || !lstm.returnSequences()));
    }

    /** The first row with both masked and unmasked steps (else the first row). */
    private static double[][] maskedRow(double[][][] x, double maskValue) {
        for (double[][] row : x) {
            boolean masked = java.util.Arrays.stream(row).anyMatch(step -> java.util.Arrays.stream(step).allMatch(v -> v == maskValue));
            boolean unmasked = java.util.Arrays.stream(row).anyMatch(step -> java.util.Arrays.stream(step).anyMatch(v -> v != maskValue));
            if (masked && unmasked) {
                return row;
            }
        }
        return x[0];
    }
}
