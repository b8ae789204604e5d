package io.seqbench.bench.speed;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;

/**
 * Cold start as a server sees it: from starting a new JVM to its first prediction ({@link ColdStartProbe}: data, the
 * backend's libraries, a model built from the shared initial weights and trained one epoch, one prediction). Every
 * shot is a new process, so every shot is cold; the JVM that exits after answering is reaped outside the timed call.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1) // the forks' JVM arguments are SpeedRunner.FORK_JVM_ARGS, set by the runner
public class ColdStartBenchmark {
    @Param({"sum3/linear/dl4j"})
    public String cell;

    private Process running;

    @Benchmark
    public double firstPrediction() throws IOException {
        running = ProbeJvm.of(ColdStartProbe.class, cell).start();
        Deque<String> last = new ArrayDeque<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(running.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith(ColdStartProbe.PREFIX)) {
                    return Double.parseDouble(line.substring(ColdStartProbe.PREFIX.length()));
                }
                last.addLast(line);
                if (last.size() > 5) {
                    last.removeFirst();
                }
            }
        }
        throw new IllegalStateException("the cold-start JVM for " + cell + " ended without a prediction: "
                + String.join(" | ", last));
    }

    @TearDown(Level.Iteration)
    public void reap() throws InterruptedException {
        if (running != null && !running.waitFor(60, TimeUnit.SECONDS)) {
            running.destroyForcibly();
        }
    }
}
