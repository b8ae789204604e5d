package io.seqbench.bench.speed;

import io.seqbench.common.Backend;
import io.seqbench.common.TrainSettings;
import io.seqbench.common.TrainingRun;
import io.seqbench.common.data.Dataset;
import io.seqbench.common.model.ModelSpec;
import io.seqbench.common.scaling.ScalingPoint;
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
 * The epoch of {@link TrainEpochBenchmark} on a scaling point instead of a task: the backend's own loop stepped one
 * epoch per invocation, every iteration a fresh run from the shared initial weights whose first epoch is not timed.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1) // the forks' JVM arguments are SpeedRunner.FORK_JVM_ARGS, set by the runner
public class ScalingBenchmark {
    /** {@code scaling/family/backend/H=..,L=..,B=..}; see {@link ScalingCase}. */
    @Param({"scaling/lstm/dl4j/H=8,L=3,B=32"})
    public String cell;

    private Backend backend;
    private ModelSpec spec;
    private Dataset data;
    private TrainingRun run;
    private GuardedEpochs epochs;

    @Setup(Level.Trial)
    public void prepare() {
        ScalingPoint point = ScalingCase.point(cell);
        backend = SpeedCase.backend(SpeedCase.backendOf(cell));
        spec = point.spec();
        data = point.data(1);
    }

    @Setup(Level.Iteration)
    public void startRun() {
        run = backend.start(spec, data, new TrainSettings(1));
        epochs = new GuardedEpochs(run, cell, spec.epochs());
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
