package io.seqbench.bench.speed;

import io.seqbench.common.Experiment;
import io.seqbench.common.TrainSettings;
import io.seqbench.common.TrainingRun;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.util.concurrent.TimeUnit;

/**
 * Steady-state training time of one epoch on the task's real data and batch size: the backend's own loop
 * ({@link TrainingRun}), stepped one epoch per invocation on JMH's thread. Every iteration starts a fresh run from the
 * shared initial weights, in {@code @Setup} with data conversion, model construction and the first epoch, so the
 * timed epochs are epochs 2, 3, ... of a real training run; {@link GuardedEpochs} fails the benchmark on a diverged
 * loss or a run stepped far past the spec's budget.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1) // the forks' JVM arguments are SpeedRunner.FORK_JVM_ARGS, set by the runner
public class TrainEpochBenchmark {
    /** {@code task/model/backend[/params]}; see {@link SpeedCase}. */
    @Param({"sum3/linear/dl4j"})
    public String cell;

    private SpeedCase speedCase;
    private Experiment experiment;
    private TrainingRun run;
    private GuardedEpochs epochs;

    @Setup(Level.Trial)
    public void prepare() {
        speedCase = SpeedCase.parse(cell);
        experiment = speedCase.experiment(1);
    }

    @Setup(Level.Iteration)
    public void startRun() {
        run = speedCase.backend().start(experiment.spec(), experiment.train(), new TrainSettings(1));
        epochs = new GuardedEpochs(run, cell, speedCase.model().spec().epochs());
        epochs.next(); // the first epoch: one-off costs, not measured
    }

    @Benchmark
    public double epoch() {
        return epochs.next();
    }

    @TearDown(Level.Iteration)
    public void endRun() {
        run.close();
    }
}
