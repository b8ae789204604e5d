package io.seqbench.bench.speed;

import io.seqbench.common.Experiment;
import io.seqbench.common.TrainSettings;
import io.seqbench.common.TrainedModel;
import io.seqbench.common.TrainingListener;
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

import java.util.concurrent.TimeUnit;

/**
 * A whole training run of a given number of epochs, for backends whose trainer runs all epochs in one call (Tribuo)
 * and so cannot be stepped an epoch at a time. Run at 1 and at {@link #LONG} epochs, the difference divided by
 * {@code LONG - 1} is the steady-state time of one epoch: data conversion and model construction are in both runs
 * and cancel.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1) // the forks' JVM arguments are SpeedRunner.FORK_JVM_ARGS, set by the runner
public class TrainRunBenchmark {
    /** The longer of the two runs. */
    public static final int LONG = 101;

    /** {@code task/model/backend[/params]}; see {@link SpeedCase}. */
    @Param({"sum3/linear/tribuo"})
    public String cell;

    /** 1 or {@link #LONG}. */
    @Param({"1"})
    public int epochs;

    private SpeedCase c;
    private Experiment e;

    @Setup(Level.Trial)
    public void setUp() {
        c = SpeedCase.parse(cell);
        e = c.experiment(epochs);
    }

    @Benchmark
    public long run() {
        try (TrainedModel m = c.backend().train(e.spec(), e.train(), new TrainSettings(1), TrainingListener.NONE)) {
            return m.parameterCount();
        }
    }
}
