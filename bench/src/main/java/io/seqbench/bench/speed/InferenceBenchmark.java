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
import org.openjdk.jmh.annotations.TearDown;

import java.util.concurrent.TimeUnit;

/**
 * Inference on a trained model (3 epochs: the weights' values do not change the cost): one sample (latency), and
 * the whole held-out split, or the training split where nothing is held out (batch). Input conversion to the
 * framework's arrays is part of the cost, as it is for a caller.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1) // the forks' JVM arguments are SpeedRunner.FORK_JVM_ARGS, set by the runner
public class InferenceBenchmark {
    @Param({"sum3/linear/dl4j"})
    public String cell;

    private TrainedModel model;
    private double[][][] one;
    private double[][][] batch;

    @Setup(Level.Trial)
    public void setUp() {
        SpeedCase c = SpeedCase.parse(cell);
        Experiment e = c.experiment(3);
        model = c.backend().train(e.spec(), e.train(), new TrainSettings(1), TrainingListener.NONE);
        batch = e.heldOut().size() > 0 ? e.heldOut().x() : e.train().x();
        one = new double[][][]{batch[0]};
    }

    @Benchmark
    public double[][] single() {
        return model.predict(one);
    }

    @Benchmark
    public double[][] batch() {
        return model.predict(batch);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        model.close();
    }
}
