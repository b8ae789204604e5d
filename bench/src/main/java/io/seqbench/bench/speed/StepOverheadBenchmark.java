package io.seqbench.bench.speed;

import io.seqbench.common.Predictor;
import io.seqbench.common.TrainedModel;
import io.seqbench.common.TrainingRun;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.concurrent.TimeUnit;

/**
 * What the stepping machinery costs per timed epoch: {@link TrainEpochBenchmark}'s invocation ({@link GuardedEpochs}
 * over a {@link TrainingRun}) on a run whose epoch does nothing, so that everything measured is overhead. The speed
 * section states it as a share of each timed epoch.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1) // the forks' JVM arguments are SpeedRunner.FORK_JVM_ARGS, set by the runner
public class StepOverheadBenchmark {
    private GuardedEpochs epochs;

    @Setup(Level.Iteration)
    public void startRun() {
        epochs = new GuardedEpochs(new NoOpRun(), "no-op run", Integer.MAX_VALUE / GuardedEpochs.BUDGETS);
    }

    @Benchmark
    public double epoch() {
        return epochs.next();
    }

    /** A training run whose epoch does no work: an opaque counter keeps the call from being folded away. */
    public static final class NoOpRun implements TrainingRun {
        private long calls;

        public double epoch() {
            return ++calls;
        }

        public Predictor current() {
            throw new UnsupportedOperationException("a no-op run has no model");
        }

        public TrainedModel finish() {
            throw new UnsupportedOperationException("a no-op run has no model");
        }

        public void close() {
        }
    }
}
