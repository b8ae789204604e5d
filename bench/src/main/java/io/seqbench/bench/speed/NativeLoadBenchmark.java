package io.seqbench.bench.speed;

import io.seqbench.common.Backend;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Native library load, reported apart from the cold start: the first call into a backend in a fresh JVM (for DL4J
 * and DJL it loads ND4J's or libtorch's natives and reads their versions). Only the first call of a JVM is cold, so
 * every fork measures exactly one shot, and the error bar comes from the forks.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 0)
@Measurement(iterations = 1)
@Fork(3) // the forks' JVM arguments are SpeedRunner.FORK_JVM_ARGS, set by the runner
public class NativeLoadBenchmark {
    /** A backend id. */
    @Param({"dl4j"})
    public String backend;

    private Backend chosen;

    @Setup(Level.Trial)
    public void setUp() {
        chosen = SpeedCase.backend(backend);
    }

    @Benchmark
    public Map<String, String> firstCall() {
        return chosen.provenance();
    }
}
