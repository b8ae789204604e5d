package io.seqbench.bench.speed;

import io.seqbench.common.TrainingRun;

/**
 * What a timed invocation does: one epoch of a {@link TrainingRun} on the benchmark's own thread, then the guard.
 * A loss that is not finite (a diverged model) or an epoch past {@link #bound} ends the benchmark with an error, so
 * that nothing is timed on a model the accuracy harness would never train. The same code times the no-op run of
 * {@link StepOverheadBenchmark}, which is how the machinery's own cost per epoch is measured.
 */
public final class GuardedEpochs {
    /** How many budgets of the spec one run may step before the benchmark fails. */
    public static final int BUDGETS = 50;

    private final TrainingRun run;
    private final String what;
    private final long bound;
    private long epochs;

    /** @param budget the spec's epoch budget; the run may step {@link #BUDGETS} x that many epochs */
    public GuardedEpochs(TrainingRun run, String what, int budget) {
        this.run = run;
        this.what = what;
        this.bound = (long) BUDGETS * budget;
    }

    /** Runs one epoch, checks it and returns its loss (for JMH to consume). */
    public double next() {
        double loss = run.epoch();
        epochs++;
        if (!Double.isFinite(loss)) {
            throw new IllegalStateException(what + ": the training loss is " + loss + " at epoch " + epochs
                    + " of the run; a diverged model is not timed");
        }
        if (epochs > bound) {
            throw new IllegalStateException(what + ": " + epochs + " epochs in one run, past the bound of " + bound
                    + " (" + BUDGETS + " x the spec's budget); shorten the iterations");
        }
        return loss;
    }

    public long epochs() {
        return epochs;
    }
}
