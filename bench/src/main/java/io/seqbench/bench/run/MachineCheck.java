package io.seqbench.bench.run;

import io.seqbench.common.Backend;
import io.seqbench.common.Experiment;
import io.seqbench.common.Support;
import io.seqbench.common.TrainSettings;
import io.seqbench.common.TrainedModel;
import io.seqbench.common.TrainingListener;
import io.seqbench.common.data.Dataset;
import io.seqbench.common.model.ModelSpec;
import io.seqbench.common.model.Optimizer;
import io.seqbench.common.model.ParamArray;
import io.seqbench.common.model.ReferenceForward;
import io.seqbench.common.result.MachineCheckResult;
import io.seqbench.common.tasks.Task;
import io.seqbench.common.tasks.TaskModel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The check a run makes on the machine before its first cell: does every backend compute, on this CPU, the function
 * its model claims? Each backend's untrained model of each exact (task, model) of the run predicts its training
 * inputs, and the predictions are compared with the float64 reference ({@link ReferenceForward}) on the parameters the
 * backend reports. Native libraries choose their kernels per CPU (oneDNN's AVX-512 LSTM inference kernel computed
 * other outputs on a Zen 5 EPYC), so a run that passed on one machine proves nothing on the next.
 *
 * <p>A failing pair refuses the run (one line, exit 2, nothing written), since every cell of that backend would be
 * published as the same model when it is not. A backend whose models report no parameters (Tribuo's, the tests'
 * doubles) cannot be checked this way and is named as unchecked, and so is one that throws (its cells record the
 * failure). The outcome goes into {@code run.json} and {@code speed.json}.
 */
public final class MachineCheck {
    /** One model to check: a task, a model of it, the user's data parameters. */
    public record Case(Task task, TaskModel model, Map<String, String> params) {
        public String label() {
            return task.id() + "/" + model.name() + (params.isEmpty() ? "" : "@" + params);
        }
    }

    private MachineCheck() {
    }

    /** The distinct models of a plan, each once. */
    public static List<Case> casesOf(List<CellPlan> plan) {
        Map<String, Case> cases = new LinkedHashMap<>();
        for (CellPlan p : plan) {
            Case c = new Case(p.task(), p.model(), p.userParams());
            cases.putIfAbsent(c.label(), c);
        }
        return new ArrayList<>(cases.values());
    }

    /** Runs the check of every backend on every case it runs exactly; {@code progress} hears one line per backend. */
    public static MachineCheckResult run(List<Backend> backends, List<Case> cases, String machine,
                                  java.util.function.Consumer<String> progress) {
        double tolerance = ReferenceForward.FLOAT32_TOLERANCE;
        int checked = 0;
        double worst = 0;
        String worstCase = "none";
        Set<String> unchecked = new LinkedHashSet<>();
        List<String> failures = new ArrayList<>();
        for (Backend b : backends) {
            long start = System.nanoTime();
            int before = checked;
            for (Case c : cases) {
                ModelSpec spec = c.model().spec();
                Support s = b.support(spec);
                if (s.level() != Support.Level.EXACT || !ReferenceForward.supports(spec)) {
                    continue;
                }
                Experiment e = Experiment.prepare(c.task(), c.model(), c.params(), 1, spec.epochs());
                Optional<Double> d;
                try {
                    d = difference(b, e);
                } catch (RuntimeException ex) {
                    // a backend that cannot train a model computes no wrong number for it: its cells record the failure
                    unchecked.add(b.id() + " " + c.label() + " (threw: " + ex.getMessage() + ")");
                    continue;
                }
                if (d.isEmpty()) {
                    unchecked.add(b.id() + " (its models report no parameters)");
                    break;
                }
                double rel = d.get();
                checked++;
                if (Double.isNaN(rel) || rel > worst) {
                    worst = rel;
                    worstCase = b.id() + " " + c.label();
                }
                if (!(rel <= tolerance)) {
                    failures.add(String.format(java.util.Locale.ROOT, "%s %s: %.1e from the float64 reference", b.id(),
                            c.label(), rel));
                }
            }
            if (checked == before && unchecked.stream().noneMatch(u -> u.startsWith(b.id() + " "))) {
                unchecked.add(b.id() + " (no model of the run that it runs exactly)");
            }
            if (checked > before) {
                progress.accept(String.format(java.util.Locale.ROOT, "%s: %d models in %.1f s", b.id(), checked - before,
                        (System.nanoTime() - start) / 1e9));
            }
        }
        return new MachineCheckResult(machine, checked, tolerance, worst, worstCase, List.copyOf(unchecked), failures);
    }

    /**
     * The backend's untrained model (one epoch at learning rate 0 on the whole training split, as verify's), its
     * predictions against the reference on its own reported parameters; empty if it reports none.
     */
    private static Optional<Double> difference(Backend b, Experiment e) {
        Dataset train = e.train();
        ModelSpec frozen = e.spec().withEpochs(1).withBatchSize(train.size()).withOptimizer(new Optimizer(Optimizer.Kind.SGD, 0));
        try (TrainedModel m = b.train(frozen, train, new TrainSettings(1), TrainingListener.NONE)) {
            Optional<List<ParamArray>> params = m.parameters();
            if (params.isEmpty()) {
                return Optional.empty();
            }
            double[][] predicted = m.predict(train.x());
            try {
                return Optional.of(ReferenceForward.compute(e.spec(), params.get(), train.x()).difference(predicted));
            } catch (RuntimeException notTheLayout) {
                // parameters that are not the spec's Keras layout: the backend does not run the spec it claims
                return Optional.of(Double.NaN);
            }
        }
    }

    /**
     * The check before anything is run or written, with one line of outcome on the console; a backend computing
     * another function than its model on this machine refuses the command (IllegalArgumentException: one line, exit 2).
     */
    public static MachineCheckResult require(java.io.PrintStream console, List<Backend> backends, List<MachineCheck.Case> cases) {
        MachineCheckResult check = MachineCheck.run(backends, cases, Provenance.identity(),
                line -> console.println("seqbench: machine check, " + line));
        console.println("seqbench: " + check.describe());
        if (!check.passed()) {
            throw new IllegalArgumentException("on this machine (" + check.machine() + ") a backend computes another function than its "
                    + "model: " + String.join("; ", check.failures()) + " (tolerance " + check.tolerance()
                    + "); nothing was run. See `verify` for every pair.");
        }
        return check;
    }
}
