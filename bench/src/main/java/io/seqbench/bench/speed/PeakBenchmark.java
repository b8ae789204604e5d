package io.seqbench.bench.speed;

import io.seqbench.common.MatrixProduct;
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
 * The machine's achievable single-precision throughput: one {@value #N} x {@value #N} matrix product per invocation
 * on a backend's native engine (2·N³ FLOPs), large enough for the engine's best GEMM kernel to reach steady state.
 * "% of peak" divides by the best engine's GFLOP/s.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1) // the forks' JVM arguments are SpeedRunner.FORK_JVM_ARGS, set by the runner
public class PeakBenchmark {
    public static final int N = 2048;

    /** A backend with a native engine. */
    @Param({"dl4j"})
    public String backend;

    private MatrixProduct product;

    @Setup(Level.Trial)
    public void setUp() {
        product = SpeedCase.backend(backend).matrixProduct(N, 1);
    }

    @Benchmark
    public double multiply() {
        return product.multiply();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        product.close();
    }

    /** GFLOP/s of a product that took {@code ms} milliseconds. */
    public static double gflops(double ms) {
        return 2.0 * N * N * N / (ms / 1000) / 1e9;
    }
}
