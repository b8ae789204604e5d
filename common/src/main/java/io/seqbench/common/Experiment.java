package io.seqbench.common;

import io.seqbench.common.data.Dataset;
import io.seqbench.common.data.Preprocessing;
import io.seqbench.common.data.Probe;
import io.seqbench.common.data.Split;
import io.seqbench.common.metrics.Metrics;
import io.seqbench.common.model.ModelSpec;
import io.seqbench.common.result.HeldOut;
import io.seqbench.common.result.ProbeOutcome;
import io.seqbench.common.tasks.Target;
import io.seqbench.common.tasks.Task;
import io.seqbench.common.tasks.TaskData;
import io.seqbench.common.tasks.TaskModel;
import io.seqbench.common.tasks.TaskParams;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything one cell needs before and after training, with no framework in sight: the generated data, the
 * Keras-style split, the preprocessing fitted on the training split, and the evaluation of any {@link Predictor}
 * in original units. The harness, the benchmarks and the backends' tests all use this, so every backend sees the
 * same arrays and is judged by the same code.
 *
 * @param spec the model spec with the epoch budget actually given
 */
public record Experiment(Task task, TaskModel model, TaskData data, ModelSpec spec, Split split,
                         Preprocessing.Fitted fitted, Dataset train, Dataset heldOut) {

    /**
     * Generates and splits the data for a task model. The model's own data parameters apply first, then the
     * user's overrides.
     *
     * @param epochs the epoch budget (the spec's own, or the profile's)
     */
    public static Experiment prepare(Task task, TaskModel model, Map<String, String> userParams, long seed, int epochs) {
        Map<String, String> params = new HashMap<>(model.dataParams());
        params.putAll(userParams);
        TaskParams resolved = TaskParams.resolve(task, params);
        TaskData data = task.generate(resolved, seed);
        ModelSpec spec = model.spec().withEpochs(epochs);
        Split split = data.all().splitLast(spec.heldOutFraction());
        Preprocessing.Fitted fitted = model.preprocessing().fit(split.train());
        return new Experiment(task, model, data, spec, split, fitted, fitted.transform(split.train()),
                fitted.transform(split.heldOut()));
    }

    /** With the spec's own epoch budget. */
    public static Experiment prepare(Task task, String model, Map<String, String> userParams, long seed) {
        TaskModel m = task.model(model);
        return prepare(task, m, userParams, seed, m.spec().epochs());
    }

    /** Predictions in original units. */
    public double[][] predictOriginal(Predictor p, double[][][] rawX) {
        return fitted.inverseY(p.predict(fitted.transformX(rawX)));
    }

    public HeldOut heldOutMetrics(Predictor p) {
        if (split.heldOut().size() == 0) {
            return HeldOut.of(Metrics.regression(new double[0][], new double[0][]));
        }
        return HeldOut.of(Metrics.regression(split.heldOut().y(), predictOriginal(p, split.heldOut().x())));
    }

    public List<ProbeOutcome> probes(Predictor p) {
        List<ProbeOutcome> out = new ArrayList<>();
        if (data.probes().isEmpty()) {
            return out;
        }
        double[][][] xs = data.probes().stream().map(Probe::x).toArray(double[][][]::new);
        double[][] pred = predictOriginal(p, xs);
        for (int i = 0; i < xs.length; i++) {
            Probe probe = data.probes().get(i);
            out.add(new ProbeOutcome(probe.label(), probe.truth(), pred[i],
                    Metrics.absoluteErrors(probe.truth(), pred[i]), Metrics.relativeErrors(probe.truth(), pred[i]),
                    probe.reportedOnly()));
        }
        return out;
    }

    /** The largest relative error over every target probe's outputs (NaN if any prediction is NaN). */
    public double worstProbeError(Predictor p) {
        return worst(probes(p));
    }

    /** The largest relative error over the target probes (not the reported-only ones); NaN if there are none. */
    public static double worst(List<ProbeOutcome> probes) {
        double w = 0;
        boolean any = false;
        for (ProbeOutcome o : probes) {
            if (o.reportedOnly()) {
                continue;
            }
            any = true;
            double m = Metrics.max(o.relativeError());
            if (Double.isNaN(m)) {
                return Double.NaN;
            }
            w = Math.max(w, m);
        }
        return any ? w : Double.NaN;
    }

    /** The task's target metric for this predictor: probe relative error or held-out RMSE, original units. */
    public double targetMetric(Predictor p) {
        Target t = task.target();
        return t.metric() == Target.Metric.PROBE_RELATIVE_ERROR ? worstProbeError(p) : heldOutMetrics(p).rmse();
    }

    /** Whether a measured target metric meets the task's target (NaN never does). */
    public boolean meetsTarget(double metric) {
        return metric < task.target().threshold();
    }
}
