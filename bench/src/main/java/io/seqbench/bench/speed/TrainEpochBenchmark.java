package io.seqbench.bench.speed;

import io.seqbench.common.Experiment;
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
 * Steady-state training time of one epoch on the task's real data and batch size: the backend's own loop, one
 * epoch per invocation. Data conversion, model construction and the first epoch happen in {@code @Setup}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1) // the forks' JVM arguments are SpeedRunner.FORK_JVM_ARGS, set by the runner
public class TrainEpochBenchmark {
    /** {@code task/model/backend[/params]}; see {@link SpeedCase}. */
    @Param({"sum3/linear/dl4j"})
    public String cell;

    private SteppedTraining training;

    @Setup(Level.Trial)
    public void setUp() throws InterruptedException {
        SpeedCase c = SpeedCase.parse(cell);
        Experiment e = c.experiment(1);
        training = SteppedTraining.start(c.backend(), e);
    }

    @Benchmark
    public double epoch() throws InterruptedException {
        return training.epoch();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws InterruptedException {
        training.close();
    }
}
