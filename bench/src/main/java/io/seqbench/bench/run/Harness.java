package io.seqbench.bench.run;

import io.seqbench.common.Experiment;
import io.seqbench.common.Support;
import io.seqbench.common.TrainSettings;
import io.seqbench.common.TrainedModel;
import io.seqbench.common.TrainingListener;
import io.seqbench.common.result.CellResult;
import io.seqbench.common.result.CellStatus;
import io.seqbench.common.result.EpochPoint;
import io.seqbench.common.result.FirstMet;
import io.seqbench.common.result.HeldOut;
import io.seqbench.common.result.ProbeOutcome;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs one cell and always returns a result: an exception, a NaN or infinite loss, or a cell over its time limit
 * becomes a FAILED, DIVERGED or TIMEOUT record with the reason, and an unsupported spec becomes UNSUPPORTED (n/a).
 * The target metric is checked every {@code max(1, epochs / 50)} epochs and on the final model; that time is not
 * training time. The cell meets its target if its final model does; the first check that met it is kept apart.
 */
public final class Harness {
    public static final int CHECKS_PER_CELL = 50;

    private final String runId;
    private final Profile profile;
    private final long limitNanos;

    public Harness(String runId, Profile profile, long cellLimitSeconds) {
        this.runId = runId;
        this.profile = profile;
        this.limitNanos = cellLimitSeconds * 1_000_000_000L;
    }

    public CellResult run(CellPlan plan) {
        Experiment e = Experiment.prepare(plan.task(), plan.model(), plan.userParams(), plan.seed(), plan.epochs());
        Support support = plan.backend().support(e.spec());
        Recorder rec = new Recorder(e, plan.epochs(), limitNanos);
        if (!support.runnable()) {
            return result(plan, e, support, CellStatus.UNSUPPORTED, support.reason(), rec, null, null, List.of(), 0, 0, Map.of());
        }
        TrainedModel model;
        // the backend's provenance loads its engine and native libraries, which a worker does once: the memory baseline
        // is taken after that, so that the first cell of a worker is not charged with them
        plan.backend().provenance();
        MemorySampler memory = MemorySampler.start();
        try {
            model = plan.backend().train(e.spec(), e.train(), new TrainSettings(plan.seed()), rec);
        } catch (Throwable t) {
            if (memory != null) {
                memory.close();
            }
            return result(plan, e, support, CellStatus.FAILED, describe(t), rec, null, null, List.of(), 0, 0, Map.of());
        }
        try (model; memory) {
            long start = System.nanoTime();
            HeldOut held = e.heldOutMetrics(model);
            List<ProbeOutcome> probes = e.probes(model);
            double predictMs = (System.nanoTime() - start) / 1e6;
            rec.finalCheck(model);
            Boolean met = rec.targetMet();
            CellStatus status = rec.diverged ? CellStatus.DIVERGED : rec.timedOut ? CellStatus.TIMEOUT : CellStatus.OK;
            String reason = rec.diverged ? "training loss became " + rec.lastLoss + " at epoch " + rec.epochsRun
                    : rec.timedOut ? "over the cell limit of " + limitNanos / 1_000_000_000L + " s after epoch " + rec.epochsRun
                    : "";
            return result(plan, e, support, status, reason, rec, met, held, probes, predictMs, model.parameterCount(),
                    model.details()).withMemory(memory == null ? null : memory.stop())
                    .withRoundingTwin(status == CellStatus.OK && twinned(plan, support) ? roundingTwin(plan, e) : null);
        } catch (Throwable t) {
            return result(plan, e, support, CellStatus.FAILED, "after training: " + describe(t), rec, null, null, List.of(), 0,
                    0, Map.of());
        }
    }

    /**
     * Whether the cell is trained a second time from nudged initial arrays: when planned so (seed 1 of a run with
     * replicates, once per task, model and backend, which is enough to size rounding's effect without doubling the
     * grid), on a backend that loads the shared arrays (an exact one).
     */
    static boolean twinned(CellPlan plan, Support support) {
        return plan.roundingTwin() && support.level() == Support.Level.EXACT;
    }

    /**
     * The final target metric of the cell trained again from initial arrays nudged by one float32 ulp: a change only
     * rounding could make, so the distance between this and the cell's own metric is how far rounding alone moves the
     * result (the accuracy verdicts' rounding band). Outside the memory sampling; its time is not the cell's. It has a
     * time limit of its own, the cell's; null if it went over.
     */
    private Double roundingTwin(CellPlan plan, Experiment e) {
        long start = System.nanoTime();
        boolean[] stopped = {false};
        TrainingListener limit = (ev, p) -> {
            stopped[0] = System.nanoTime() - start > limitNanos;
            return !stopped[0];
        };
        try (TrainedModel twin = plan.backend().train(e.spec(), e.train(), new TrainSettings(plan.seed()).nudge(), limit)) {
            return stopped[0] ? null : e.targetMetric(twin); // a twin cut short is not the same training
        }
    }

    /**
     * The record of a cell that ended without a result from its worker (it crashed, or was ended at the time limit):
     * no metrics, the status and the reason.
     */
    public CellResult abnormal(CellPlan plan, CellStatus status, String reason) {
        Experiment e = Experiment.prepare(plan.task(), plan.model(), plan.userParams(), plan.seed(), plan.epochs());
        return result(plan, e, plan.backend().support(e.spec()), status, reason, new Recorder(e, plan.epochs(), limitNanos),
                null, null, List.of(), 0, 0, Map.of());
    }

    private CellResult result(CellPlan plan, Experiment e, Support support, CellStatus status, String reason, Recorder rec,
                              Boolean targetMet, HeldOut held, List<ProbeOutcome> probes, double predictMs, long params,
                              Map<String, String> details) {
        HeldOut h = held != null ? held : new HeldOut(Double.NaN, Double.NaN, Double.NaN, Double.NaN, e.heldOut().size());
        return new CellResult(runId, profile.id(), plan.task().id(), e.data().params().toString(), plan.backend().id(),
                plan.model().name(), plan.model().role().name().toLowerCase(), plan.model().preprocessing().id(),
                plan.seed(), status, reason, support.toString(), e.spec().describe(), plan.epochs(), e.spec().batchSize(),
                rec.epochsRun, h, probes, rec.lossCurve(), rec.elapsedCurve(), rec.checks,
                plan.task().target().describe(), targetMet, rec.firstMet, rec.trainMs(), predictMs, params, details, null, null);
    }

    public static String describe(Throwable t) {
        String msg = t.getMessage();
        return t.getClass().getSimpleName() + (msg == null ? "" : ": " + msg.lines().findFirst().orElse(""));
    }

    /** The listener: curves, periodic target checks, divergence and the time limit. */
    public static final class Recorder implements TrainingListener {
        private final Experiment e;
        private final int every;
        private final long limitNanos;
        private final long wallStart = System.nanoTime();
        private final List<Float> losses = new ArrayList<>();
        private final List<Float> elapsed = new ArrayList<>();
        public final List<EpochPoint> checks = new ArrayList<>();
        int epochsRun;
        double lastLoss;
        long lastElapsedNanos;
        boolean diverged;
        boolean timedOut;
        public FirstMet firstMet;

        public Recorder(Experiment e, int epochs, long limitNanos) {
            this.e = e;
            this.every = Math.max(1, epochs / CHECKS_PER_CELL);
            this.limitNanos = limitNanos;
        }

        @Override
        public boolean onEpoch(io.seqbench.common.EpochEvent ev, io.seqbench.common.Predictor current) {
            epochsRun = ev.epoch();
            lastLoss = ev.loss();
            lastElapsedNanos = ev.elapsedNanos();
            losses.add((float) ev.loss());
            elapsed.add((float) (ev.elapsedNanos() / 1e6));
            if (!Double.isFinite(ev.loss())) {
                diverged = true;
                return false;
            }
            if (ev.epoch() % every == 0) {
                check(current);
            }
            if (System.nanoTime() - wallStart > limitNanos) {
                timedOut = true;
                return false;
            }
            return true;
        }

        private void check(io.seqbench.common.Predictor p) {
            double metric = e.targetMetric(p);
            checks.add(new EpochPoint(epochsRun, lastLoss, lastElapsedNanos / 1e6, metric));
            if (firstMet == null && e.meetsTarget(metric)) {
                firstMet = new FirstMet(epochsRun, lastElapsedNanos / 1e6);
            }
        }

        /**
         * A check on the final model, unless the last epoch was just checked: either way the last check is the final
         * model's, which decides whether the cell meets its target.
         */
        public void finalCheck(io.seqbench.common.Predictor p) {
            if (epochsRun > 0 && (checks.isEmpty() || checks.get(checks.size() - 1).epoch() != epochsRun)) {
                check(p);
            }
        }

        /** Whether the last check, the final model's once {@link #finalCheck} ran, meets the target; null if none ran. */
        public Boolean targetMet() {
            return checks.isEmpty() ? null : e.meetsTarget(checks.get(checks.size() - 1).targetMetric());
        }

        public double trainMs() {
            return lastElapsedNanos / 1e6;
        }

        float[] lossCurve() {
            return toArray(losses);
        }

        float[] elapsedCurve() {
            return toArray(elapsed);
        }

        private static float[] toArray(List<Float> l) {
            float[] a = new float[l.size()];
            for (int i = 0; i < a.length; i++) {
                a[i] = l.get(i);
            }
            return a;
        }
    }
}
