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
 * Cold start: model construction plus the first epoch, as a single shot. The native library is loaded in
 * {@code @Setup} (by asking the backend for its provenance), so its load time is not in the score.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1) // the forks' JVM arguments are SpeedRunner.FORK_JVM_ARGS, set by the runner
public class ColdStartBenchmark {
    @Param({"sum3/linear/dl4j"})
    public String cell;

    private SpeedCase c;
    private Experiment e;

    @Setup(Level.Trial)
    public void setUp() {
        c = SpeedCase.parse(cell);
        c.backend().provenance();
        e = c.experiment(1);
    }

    @Benchmark
    public long firstEpoch() {
        try (TrainedModel m = c.backend().train(e.spec(), e.train(), new TrainSettings(1), TrainingListener.NONE)) {
            return m.parameterCount();
        }
    }
}
