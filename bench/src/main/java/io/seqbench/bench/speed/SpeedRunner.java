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
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Runs the JMH benchmarks with real forks and merges their JSON into {@code jmh.json}.
 *
 * <p>Under {@code mvn exec:java} the JVM's {@code java.class.path} is Maven's launcher, so JMH's forks could not find
 * {@code ForkedMain} (and Maven still said BUILD SUCCESS). The runner therefore rebuilds the class path from the
 * project class loader that exec:java installs before it starts JMH. Any benchmark error fails the run.
 *
 * <p>The fork is the unit of replication: every fork is a fresh JVM, and {@link SpeedVerdicts} compares backends on
 * their fork means.
 */
public final class SpeedRunner {
    /**
     * quick: 1 fork, short iterations, a survey; publish: 4 forks of each case of the benchmarks the verdicts compare
     * (epoch, inference, cold start), 1 of the others (peak, overhead, Tribuo's whole runs); full: 5 forks of longer
     * iterations (3 of the others); smoke: one short iteration (tests). Every profile warms up for at least 1 s per
     * iteration: a backend running 2 threads on this 2-core machine competes with the JIT compiler until it settles,
     * and with shorter warm-up DJL's 2-thread dense stack was still falling during measurement. Verdicts need at least
     * {@link SpeedVerdicts#MIN_FORKS} forks per backend.
     */
    public enum Profile {
        QUICK(1, 1, 4, 1000, 5, 500, 3), PUBLISH(4, 1, 3, 1000, 5, 500, 3), FULL(5, 3, 3, 2000, 5, 2000, 5),
        SMOKE(1, 1, 0, 200, 1, 200, 1);

        /** Forks per case of the benchmarks the verdicts compare: epoch, inference and cold start. */
        final int forks;
        /** Forks of the other benchmarks (peak, overhead, Tribuo's whole runs). */
        final int auxForks;
        final int warmups;
        final int warmupMs;
        final int iterations;
        final int iterationMs;
        /** Single shots per cold-start fork, each a new JVM. */
        final int coldShots;

        Profile(int forks, int auxForks, int warmups, int warmupMs, int iterations, int iterationMs, int coldShots) {
            this.forks = forks;
            this.auxForks = auxForks;
            this.warmups = warmups;
            this.warmupMs = warmupMs;
            this.iterations = iterations;
            this.iterationMs = iterationMs;
            this.coldShots = coldShots;
        }

        /** What the README says about the profile. */
        public String describe() {
            return String.format(java.util.Locale.ROOT, "epoch, inference and cold-start benchmarks: %d fork%s per case, "
                            + "the forks of a case's backends interleaved round by round; the other benchmarks %d fork%s; "
                            + "%d warm-up iterations of %d ms and %d measured of %d ms per fork (inference: half as long); "
                            + "cold start %d single shot%s per fork, each a new JVM; native load %d forks of one shot",
                    forks, forks == 1 ? "" : "s", auxForks, auxForks == 1 ? "" : "s", warmups, warmupMs, iterations,
                    iterationMs, coldShots, coldShots == 1 ? "" : "s", nativeForks());
        }

        public int nativeForks() {
            return Math.max(auxForks, coldShots);
        }

        /** The profile named on the command line. */
        public static Profile named(String name) {
            return valueOf(name.toUpperCase(java.util.Locale.ROOT));
        }
    }

    /**
     * The forks' JVM, set here rather than inherited: JMH would otherwise copy the parent's arguments, which under
     * exec:java are Maven's. The backends apply their own thread and native settings in code (see their READMEs).
     */
    public static final List<String> FORK_JVM_ARGS = List.of("-Xmx4g", "-Dai.djl.offline=true",
            "-Dorg.bytedeco.javacpp.maxPhysicalBytes=0", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");

    /** Where the forks of a run in progress are kept, one file each, so that {@code --resume} skips what is done. */
    public static final String FORKS = "jmh-forks";

    /**
     * The cases each benchmark runs. Per-epoch stepping needs a steppable backend ({@code Backend.steppable}); the
     * others' cases go to {@code runCells}, timed as whole runs of 1 and {@link TrainRunBenchmark#LONG} epochs instead.
     * {@code nativeEngines}: the backends whose engine multiplies matrices for the measured peak.
     */
    public record Plan(List<String> epochCells, List<String> runCells, List<String> coldCells, List<String> inferenceCells,
                       List<String> backends, List<String> nativeEngines) {
    }

    /** What a run in progress is, saved beside its forks; {@code --resume} continues only the same one. */
    public record State(String profile, String gitCommit, Plan plan) {
    }

    private SpeedRunner() {
    }

    /**
     * Runs every benchmark of the plan and writes {@code dir/jmh.json}. The epoch benchmark runs one fork at a time,
     * round by round: in each round every case runs one fork of each of its backends, the backends in an order that
     * rotates with the round, so that a drift of the shared machine falls on every backend alike. Each fork's JSON is
     * kept under {@link #FORKS} until the end; with {@code resume}, forks already there are not run again.
     *
     * @throws IllegalArgumentException when resuming a different plan, profile or commit
     */
    public static void run(Plan plan, Profile profile, Path dir, String gitCommit, boolean resume, Consumer<String> progress)
            throws IOException, RunnerException {
        fixForkClassPath();
        Path forks = dir.resolve(FORKS);
        keepForks(forks, new State(profile.name().toLowerCase(java.util.Locale.ROOT), gitCommit, plan), resume,
                "the speed run in " + dir);
        List<Path> parts = new ArrayList<>();
        parts.add(once(forks, "PeakBenchmark", progress, () -> runBackends(PeakBenchmark.class, plan.nativeEngines(),
                profile, profile.auxForks, profile.iterationMs * 2, forks)));
        parts.add(once(forks, "StepOverheadBenchmark", progress, () -> runOne(StepOverheadBenchmark.class, List.of(),
                profile, profile.auxForks, profile.iterationMs, FORK_JVM_ARGS, forks)));
        ArrayNode merged = ResultJson.mapper().createArrayNode();
        forkRounds(TrainEpochBenchmark.class, "epoch", plan.epochCells(), profile,
                Iterations.of(profile, profile.iterationMs), forks, progress)
                .forEach(merged::add);
        parts.add(onceForCells(forks, "TrainRunBenchmark", plan.runCells(), progress, () -> runOne(TrainRunBenchmark.class,
                plan.runCells(), profile, profile.auxForks, profile.iterationMs, FORK_JVM_ARGS, forks, "1",
                String.valueOf(TrainRunBenchmark.LONG))));
        forkRounds(InferenceBenchmark.class, "inference", plan.inferenceCells(), profile,
                Iterations.of(profile, profile.iterationMs / 2), forks, progress).forEach(merged::add);
        forkRounds(ColdStartBenchmark.class, "cold start", plan.coldCells(), profile, Iterations.of(profile, 0), forks,
                progress)
                .forEach(merged::add);
        parts.add(once(forks, "NativeLoadBenchmark", progress, () -> runBackends(NativeLoadBenchmark.class, plan.backends(),
                profile, profile.nativeForks(), 0, forks)));
        for (Path p : parts) {
            if (p != null) {
                ResultJson.mapper().readTree(p.toFile()).forEach(merged::add);
            }
        }
        write(merged, dir.resolve(SpeedReport.JMH));
        deleteTree(forks);
    }

    /**
     * The scaling curves: each case ({@link ScalingCase}) fork by fork in rotating rounds like the epoch benchmark, and
     * the engines' peak, into {@code dir/}{@link #SCALING_JMH}; resumable as {@link #run} is.
     */
    public static void runScaling(List<String> cells, List<String> engines, Profile profile, Path dir, String gitCommit,
                                  boolean resume, Consumer<String> progress) throws IOException, RunnerException {
        fixForkClassPath();
        Path forks = dir.resolve(SCALING_FORKS);
        keepForks(forks, new State(profile.name().toLowerCase(java.util.Locale.ROOT), gitCommit,
                new Plan(cells, List.of(), List.of(), List.of(), List.of(), engines)), resume, "the scaling run in " + dir);
        Path peak = once(forks, "PeakBenchmark", progress, () -> runBackends(PeakBenchmark.class, engines, profile,
                profile.auxForks, profile.iterationMs * 2, forks));
        ArrayNode merged = ResultJson.mapper().createArrayNode();
        forkRounds(ScalingBenchmark.class, "scaling", cells, profile, Iterations.scaling(profile), forks, progress)
                .forEach(merged::add);
        if (peak != null) {
            ResultJson.mapper().readTree(peak.toFile()).forEach(merged::add);
        }
        write(merged, dir.resolve(SCALING_JMH));
        deleteTree(forks);
    }

    /** Where the scaling run's JMH JSON is kept. */
    public static final String SCALING_JMH = "scaling-jmh.json";
    /** The scaling run's provenance (profile, commit, machine, machine check), as speed.json is the matrix's. */
    public static final String SCALING_INFO = "scaling.json";
    /** Where the forks of a scaling run in progress are kept. */
    public static final String SCALING_FORKS = "scaling-forks";

    /**
     * Keeps the forks of an interrupted run of the same state with {@code resume}, refusing another state; else starts
     * an empty forks directory with the state saved in it.
     */
    static void keepForks(Path forks, State state, boolean resume, String what) throws IOException {
        Path stateFile = forks.resolve("state.json");
        if (resume && Files.exists(stateFile)) {
            State saved = ResultJson.mapper().readValue(stateFile.toFile(), State.class);
            if (!saved.equals(state)) {
                throw new IllegalArgumentException("cannot resume " + what + ": it was started with "
                        + (saved.gitCommit().equals(state.gitCommit()) ? "another profile or case list"
                        : "commit " + saved.gitCommit()));
            }
        } else {
            deleteTree(forks);
            Files.createDirectories(forks);
            ResultJson.write(stateFile, state);
        }
    }

    /** A benchmark that runs in one JMH invocation, unless its JSON is already kept from an interrupted run. */
    private static Path once(Path forks, String name, Consumer<String> progress, JmhCall call)
            throws IOException, RunnerException {
        Path kept = forks.resolve(name + ".json");
        if (Files.exists(kept)) {
            return kept;
        }
        progress.accept(name);
        Path out = call.run();
        if (out == null) {
            return null;
        }
        Files.move(out, kept, StandardCopyOption.REPLACE_EXISTING);
        return kept;
    }

    /** {@link #once} for a benchmark of cases: nothing to run, and no JSON, when there is none. */
    private static Path onceForCells(Path forks, String name, List<String> cells, Consumer<String> progress, JmhCall call)
            throws IOException, RunnerException {
        return cells.isEmpty() ? null : once(forks, name, progress, call);
    }

    /** One JMH invocation that leaves its JSON at the returned path (null if it had nothing to run). */
    @FunctionalInterface
    private interface JmhCall {
        public Path run() throws IOException, RunnerException;
    }

    /**
     * A benchmark of cases (epoch, inference, cold start), fork by fork in rotating rounds: in each round every case runs
     * one fork of each of its backends, in an order that rotates with the round. One pooled entry per benchmark method
     * and case, its forks side by side ({@link ForkPool}), so that the forks are the units of the verdicts.
     */
    private static List<JsonNode> forkRounds(Class<?> benchmark, String label, List<String> cells, Profile profile,
                                             Iterations iterations, Path forks, Consumer<String> progress)
            throws IOException, RunnerException {
        Map<String, List<String>> byCase = new LinkedHashMap<>();
        cells.forEach(c -> byCase.computeIfAbsent(SpeedCase.withoutBackend(c), k -> new ArrayList<>()).add(c));
        Map<String, List<JsonNode>> done = new LinkedHashMap<>();
        int total = cells.size() * profile.forks;
        int k = 0;
        for (int round = 1; round <= profile.forks; round++) {
            for (List<String> group : byCase.values()) {
                for (String cell : rotated(group, round)) {
                    Path kept = forks.resolve(benchmark.getSimpleName() + "-" + cell.replaceAll("[^A-Za-z0-9=,.-]", "_")
                            + "-r" + round + ".json");
                    k++;
                    if (!Files.exists(kept)) {
                        progress.accept(String.format(java.util.Locale.ROOT, "%s fork %d/%d (round %d/%d): %s", label, k,
                                total, round, profile.forks, cell));
                        Path out = runOne(benchmark, List.of(cell), iterations, 1, FORK_JVM_ARGS, forks);
                        Files.move(out, kept, StandardCopyOption.REPLACE_EXISTING);
                    }
                    for (JsonNode n : ResultJson.mapper().readTree(kept.toFile())) {
                        done.computeIfAbsent(n.path("benchmark").asText() + " " + cell, x -> new ArrayList<>()).add(n);
                    }
                }
            }
        }
        List<JsonNode> pooled = new ArrayList<>();
        done.values().forEach(f -> pooled.add(ForkPool.pool(f)));
        return pooled;
    }

    /** The list rotated left by {@code round - 1}, so that each round starts with another element. */
    public static <T> List<T> rotated(List<T> list, int round) {
        List<T> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            out.add(list.get((i + round - 1) % list.size()));
        }
        return out;
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /**
     * Steady-state epoch time of the given cases under one JVM/back-end set-up (extra fork arguments), in
     * {@code forks} forks, each JMH entry tagged with the set-up's name in its params. Used to choose each backend's
     * default set-up by measurement. Task cases run {@link TrainEpochBenchmark}; scaling cases ({@link ScalingCase})
     * run {@link ScalingBenchmark} with the scaling curves' iterations, as in the scaling run.
     */
    public static ArrayNode runEpochs(List<String> cells, Profile profile, int forks, String setup, List<String> extraJvmArgs)
            throws IOException, RunnerException {
        List<String> scaling = cells.stream().filter(ScalingCase::is).toList();
        List<String> tasks = cells.stream().filter(c -> !ScalingCase.is(c)).toList();
        ArrayNode result = ResultJson.mapper().createArrayNode();
        if (!tasks.isEmpty()) {
            result.addAll(runEpochs(TrainEpochBenchmark.class, tasks, Iterations.of(profile, profile.iterationMs), forks,
                    setup, extraJvmArgs));
        }
        if (!scaling.isEmpty()) {
            result.addAll(runEpochs(ScalingBenchmark.class, scaling, Iterations.scaling(profile), forks, setup, extraJvmArgs));
        }
        return result;
    }

    private static ArrayNode runEpochs(Class<?> benchmark, List<String> cells, Iterations iterations, int forks, String setup,
                                       List<String> extraJvmArgs) throws IOException, RunnerException {
        fixForkClassPath();
        List<String> args = new ArrayList<>(FORK_JVM_ARGS);
        for (String a : extraJvmArgs) {
            String key = a.contains("=") ? a.substring(0, a.indexOf('=') + 1) : a;
            args.removeIf(x -> x.startsWith(key));
            if (!a.endsWith("=<unset>")) {
                args.add(a);
            }
        }
        Path out = runOne(benchmark, cells, iterations, forks, args, Files.createTempDirectory("seqbench-jmh"));
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
        ResultJson.write(json, entries);
    }

    private static Path runOne(Class<?> benchmark, List<String> cells, Profile profile, int forks, int iterationMs,
                               List<String> jvmArgs, Path tmp, String... epochs) throws RunnerException {
        return runOne(benchmark, cells, Iterations.of(profile, iterationMs), forks, jvmArgs, tmp, epochs);
    }

    private static Path runOne(Class<?> benchmark, List<String> cells, Iterations it, int forks, List<String> jvmArgs,
                               Path tmp, String... epochs) throws RunnerException {
        Path out = tmp.resolve(benchmark.getSimpleName() + ".out.json");
        ChainedOptionsBuilder o = options(benchmark, out, jvmArgs).forks(forks);
        if (!cells.isEmpty()) {
            o.param("cell", cells.toArray(String[]::new));
        }
        if (epochs.length > 0) {
            o.param("epochs", epochs);
        }
        if (it.measuredMs() == 0) {
            o.warmupIterations(0).measurementIterations(it.measured());
        } else {
            o.warmupIterations(it.warmups()).warmupTime(TimeValue.milliseconds(it.warmupMs()))
                    .measurementIterations(it.measured()).measurementTime(TimeValue.milliseconds(it.measuredMs()));
        }
        return execute(o, out);
    }

    /**
     * A fork's iterations: warm-ups of {@code warmupMs} and measured ones of {@code measuredMs} (0: single shots, one
     * per measured iteration).
     */
    record Iterations(int warmups, long warmupMs, int measured, long measuredMs) {
        /** The profile's, at the given iteration length (0 for the cold start's single shots). */
        static Iterations of(Profile profile, int iterationMs) {
            if (iterationMs == 0) {
                return new Iterations(0, 0, profile.coldShots, 0);
            }
            // the warm-up scales with the iteration, as inference's half-length iterations do
            return new Iterations(profile.warmups, (long) iterationMs * profile.warmupMs / profile.iterationMs,
                    profile.iterations, iterationMs);
        }

        /**
         * The scaling curves': the profile's whole warm-up time as one iteration, and at most 3 measured iterations.
         * Their largest points take seconds per epoch (DL4J's LSTM over 1,000 steps, about 10 s), so there every
         * iteration is one epoch, and the profile's 3 + 5 iterations would take the curves far past an hour; small
         * points still warm up for as long as the profile says.
         */
        static Iterations scaling(Profile profile) {
            Iterations p = of(profile, profile.iterationMs);
            return new Iterations(Math.min(1, p.warmups()), p.warmupMs() * Math.max(1, p.warmups()),
                    Math.min(3, p.measured()), p.measuredMs());
        }
    }

    /** A per-backend benchmark: one shot per fork ({@code iterationMs} 0) or the profile's iterations. */
    private static Path runBackends(Class<?> benchmark, List<String> backends, Profile profile, int forks, int iterationMs,
                                    Path tmp) throws RunnerException {
        if (backends.isEmpty()) {
            return null;
        }
        Path out = tmp.resolve(benchmark.getSimpleName() + ".out.json");
        ChainedOptionsBuilder o = options(benchmark, out, FORK_JVM_ARGS).param("backend", backends.toArray(String[]::new))
                .forks(forks);
        if (iterationMs == 0) {
            o.warmupIterations(0).measurementIterations(1);
        } else {
            o.warmupIterations(profile.warmups).warmupTime(TimeValue.milliseconds(iterationMs))
                    .measurementIterations(profile.iterations).measurementTime(TimeValue.milliseconds(iterationMs));
        }
        return execute(o, out);
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
