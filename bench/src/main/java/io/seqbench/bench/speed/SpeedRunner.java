package io.seqbench.bench.speed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.seqbench.common.result.ResultJson;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Runs the JMH benchmarks with real forks and merges their JSON into {@code jmh.json}.
 *
 * <p>Under {@code mvn exec:java} the JVM's {@code java.class.path} is Maven's launcher, so JMH's forks could not find
 * {@code ForkedMain} (and Maven still said BUILD SUCCESS). The runner therefore rebuilds the class path from the
 * project class loader that exec:java installs before it starts JMH. Any benchmark error fails the run.
 */
public final class SpeedRunner {
    /**
     * quick: 1 fork, short measured iterations; full: 3 forks, publication grade; smoke: one short iteration (tests).
     * quick still warms up for 4 s per case: a backend running 2 threads on this 2-core machine competes with the JIT
     * compiler until it settles, and with 1 s of warm-up DJL's 2-thread dense stack was still falling from 22 to 14
     * ms/epoch during measurement (steady state: 12).
     */
    public enum Profile {
        QUICK(1, 4, 1000, 5, 500, 3), FULL(3, 3, 2000, 5, 2000, 5), SMOKE(1, 0, 200, 1, 200, 1);

        final int forks;
        final int warmups;
        final int warmupMs;
        final int iterations;
        final int iterationMs;
        final int coldShots;

        Profile(int forks, int warmups, int warmupMs, int iterations, int iterationMs, int coldShots) {
            this.forks = forks;
            this.warmups = warmups;
            this.warmupMs = warmupMs;
            this.iterations = iterations;
            this.iterationMs = iterationMs;
            this.coldShots = coldShots;
        }

        /** What the README says about the profile. */
        public String describe() {
            return String.format(java.util.Locale.ROOT, "%d fork%s; %d warm-up iterations of %d ms and %d measured of %d ms "
                            + "per case (inference: half as long); cold start %d single shots; native load %d forks of one shot",
                    forks, forks == 1 ? "" : "s", warmups, warmupMs, iterations, iterationMs, coldShots, nativeForks());
        }

        int nativeForks() {
            return Math.max(forks, coldShots);
        }
    }

    /**
     * The forks' JVM, set here rather than inherited: JMH would otherwise copy the parent's arguments, which under
     * exec:java are Maven's. The backends apply their own thread and native settings in code (see their READMEs).
     */
    public static final List<String> FORK_JVM_ARGS = List.of("-Xmx4g", "-Dai.djl.offline=true",
            "-Dorg.bytedeco.javacpp.maxPhysicalBytes=0", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");

    /**
     * The cases each benchmark runs. Per-epoch stepping needs a per-epoch callback, which Tribuo lacks: its cases go
     * to {@code runCells}, timed as whole runs of 1 and {@link TrainRunBenchmark#LONG} epochs instead.
     */
    public record Plan(List<String> epochCells, List<String> runCells, List<String> coldCells, List<String> inferenceCells,
                       List<String> backends) {
    }

    private SpeedRunner() {
    }

    public static void run(Plan plan, Profile profile, Path jmhJson) throws IOException, RunnerException {
        fixForkClassPath();
        Path tmp = Files.createTempDirectory("seqbench-jmh");
        List<Path> parts = new ArrayList<>();
        parts.add(runOne(TrainEpochBenchmark.class, plan.epochCells(), profile, profile.iterationMs, FORK_JVM_ARGS, tmp));
        parts.add(runOne(TrainRunBenchmark.class, plan.runCells(), profile, profile.iterationMs, FORK_JVM_ARGS, tmp,
                "1", String.valueOf(TrainRunBenchmark.LONG)));
        parts.add(runOne(InferenceBenchmark.class, plan.inferenceCells(), profile, profile.iterationMs / 2, FORK_JVM_ARGS, tmp));
        parts.add(runOne(ColdStartBenchmark.class, plan.coldCells(), profile, 0, FORK_JVM_ARGS, tmp));
        parts.add(runNativeLoad(plan.backends(), profile, tmp));
        ArrayNode merged = ResultJson.mapper().createArrayNode();
        for (Path p : parts) {
            if (p != null) {
                ResultJson.mapper().readTree(p.toFile()).forEach(merged::add);
            }
        }
        write(merged, jmhJson);
    }

    /**
     * Steady-state epoch time of the given cases under one JVM/back-end set-up (extra fork arguments), in
     * {@code forks} forks, each JMH entry tagged with the set-up's name in its params. Used to choose each backend's
     * default set-up by measurement.
     */
    public static ArrayNode runEpochs(List<String> cells, Profile profile, int forks, String setup, List<String> extraJvmArgs)
            throws IOException, RunnerException {
        fixForkClassPath();
        List<String> args = new ArrayList<>(FORK_JVM_ARGS);
        for (String a : extraJvmArgs) {
            String key = a.contains("=") ? a.substring(0, a.indexOf('=') + 1) : a;
            args.removeIf(x -> x.startsWith(key));
            if (!a.endsWith("=<unset>")) {
                args.add(a);
            }
        }
        Path out = runOne(TrainEpochBenchmark.class, cells, profile, forks, profile.iterationMs, args,
                Files.createTempDirectory("seqbench-jmh"));
        ArrayNode result = ResultJson.mapper().createArrayNode();
        for (JsonNode n : ResultJson.mapper().readTree(out.toFile())) {
            ((ObjectNode) n.get("params")).put("setup", setup);
            result.add(n);
        }
        return result;
    }

    /** Writes JMH entries as one JSON array (the format jmh-visualizer reads). */
    public static void write(ArrayNode entries, Path json) throws IOException {
        Files.createDirectories(json.toAbsolutePath().getParent());
        ResultJson.mapper().writerWithDefaultPrettyPrinter().writeValue(json.toFile(), entries);
    }

    private static Path runOne(Class<?> benchmark, List<String> cells, Profile profile, int iterationMs,
                               List<String> jvmArgs, Path tmp, String... epochs) throws RunnerException {
        return runOne(benchmark, cells, profile, profile.forks, iterationMs, jvmArgs, tmp, epochs);
    }

    private static Path runOne(Class<?> benchmark, List<String> cells, Profile profile, int forks, int iterationMs,
                               List<String> jvmArgs, Path tmp, String... epochs) throws RunnerException {
        if (cells.isEmpty()) {
            return null;
        }
        Path out = tmp.resolve(benchmark.getSimpleName() + ".json");
        ChainedOptionsBuilder o = options(benchmark, out, jvmArgs).param("cell", cells.toArray(String[]::new)).forks(forks);
        if (epochs.length > 0) {
            o.param("epochs", epochs);
        }
        if (iterationMs == 0) {
            o.warmupIterations(0).measurementIterations(profile.coldShots);
        } else {
            // the warm-up scales with the iteration, as inference's half-length iterations do
            long warmupMs = (long) iterationMs * profile.warmupMs / profile.iterationMs;
            o.warmupIterations(profile.warmups).warmupTime(TimeValue.milliseconds(warmupMs))
                    .measurementIterations(profile.iterations).measurementTime(TimeValue.milliseconds(iterationMs));
        }
        return execute(o, out);
    }

    private static Path runNativeLoad(List<String> backends, Profile profile, Path tmp) throws RunnerException {
        if (backends.isEmpty()) {
            return null;
        }
        Path out = tmp.resolve(NativeLoadBenchmark.class.getSimpleName() + ".json");
        return execute(options(NativeLoadBenchmark.class, out, FORK_JVM_ARGS).param("backend", backends.toArray(String[]::new))
                .forks(profile.nativeForks()).warmupIterations(0).measurementIterations(1), out);
    }

    private static ChainedOptionsBuilder options(Class<?> benchmark, Path out, List<String> jvmArgs) {
        return new OptionsBuilder()
                .include(java.util.regex.Pattern.quote(benchmark.getName()) + "\\..*")
                .jvmArgs(jvmArgs.toArray(String[]::new))
                .shouldFailOnError(true)
                .resultFormat(ResultFormatType.JSON)
                .result(out.toString());
    }

    private static Path execute(ChainedOptionsBuilder o, Path out) throws RunnerException {
        new Runner(o.build()).run();
        if (!Files.exists(out)) {
            throw new RunnerException("JMH wrote no result to " + out);
        }
        return out;
    }

    /** Points java.class.path at the project class path when running inside exec:java (a URLClassLoader). */
    public static void fixForkClassPath() {
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        if (!(cl instanceof URLClassLoader u) || u.getURLs().length == 0) {
            return; // a plain JVM (java -cp, surefire): the class path is already right
        }
        List<String> entries = new ArrayList<>();
        for (URL url : u.getURLs()) {
            try {
                entries.add(Paths.get(url.toURI()).toString());
            } catch (URISyntaxException | IllegalArgumentException e) {
                entries.add(url.getPath());
            }
        }
        System.setProperty("java.class.path", entries.stream().collect(Collectors.joining(File.pathSeparator)));
    }
}
