package io.seqbench.bench.speed;

import io.seqbench.bench.cli.CliTest;
import io.seqbench.bench.run.Profile;
import com.fasterxml.jackson.databind.JsonNode;
import io.seqbench.bench.speed.Flops;
import io.seqbench.bench.speed.Peak;
import io.seqbench.bench.speed.SetupComparison;
import io.seqbench.bench.speed.SpeedReport;
import io.seqbench.bench.speed.SpeedRunner;
import io.seqbench.common.result.ResultJson;
import io.seqbench.common.tasks.Tasks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/** FLOP counting, and JMH with real forks (a smoke run: one short iteration per case). */
public class SpeedTest {

    @Test
    void flopsOfKnownShapes() {
        // sum3 recipe: LSTM(50) on 1 feature over 3 steps, then Dense(50 -> 1)
        assertEquals(8.0 * 50 * (1 + 50) * 3 + 2 * 50, Flops.forwardPerSample(Tasks.byId("sum3").model("lstm").spec(), 3, 1));
        // bidirectional doubles the LSTM
        assertEquals(2 * 8.0 * 50 * 51 * 3 + 2 * 100, Flops.forwardPerSample(Tasks.byId("sum3").model("bidirectional").spec(), 3, 1));
        // linear on next2: the flattened window (3 x 2) to 2 outputs
        assertEquals(2.0 * 6 * 2, Flops.forwardPerSample(Tasks.byId("next2").model("linear").spec(), 3, 2));
        // encoder-decoder: LSTM(1) over 3 steps, repeat, LSTM(1) over 3 steps, TD Dense(1 -> 1) over 3 steps
        assertEquals(8.0 * 1 * (3 + 1) * 3 + 8.0 * 1 * (1 + 1) * 3 + 2.0 * 3,
                Flops.forwardPerSample(Tasks.byId("progression").model("question").spec(), 3, 3));
        assertEquals(3 * 24.0 * 12, Flops.trainEpoch(Tasks.byId("next2").model("linear").spec(), 12, 3, 2));
    }

    @Test
    void peakIsComputedFromTheCpu() {
        Peak p = Peak.compute();
        assertTrue(p.gflops() > 0, p.toString());
        assertTrue(p.method().contains("FLOP/cycle"));
        assertNotNull(p.cpuModel(), "the CPU's model name is recorded");
        assertEquals(Runtime.getRuntime().availableProcessors(), p.cores());
        assertEquals(p.mhz() * 1e6 * p.flopsPerCycle() * p.cores() / 1e9, p.gflops(), 1e-9);
    }

    @Test
    void oneTinyBenchmarkPerKindWithRealForksWritesScores(@TempDir Path tmp) throws Exception {
        List<String> progress = new java.util.ArrayList<>();
        SpeedRunner.run(new SpeedRunner.Plan(List.of("sum3/linear/djl"), List.of("sum3/linear/tribuo"), List.of("sum3/linear/tribuo"),
                List.of("sum3/linear/tribuo"), List.of("tribuo"), List.of("djl")), SpeedRunner.Profile.SMOKE, tmp, "abc", false,
                progress::add);
        Set<String> seen = new HashSet<>();
        for (JsonNode n : ResultJson.mapper().readTree(tmp.resolve("jmh.json").toFile())) {
            double score = n.get("primaryMetric").get("score").asDouble();
            assertTrue(score > 0 && Double.isFinite(score), n.toString());
            String b = n.get("benchmark").asText();
            JsonNode epochs = n.path("params").path("epochs");
            seen.add(b.substring(b.lastIndexOf('.', b.lastIndexOf('.') - 1) + 1) + (epochs.isMissingNode() ? "" : "@" + epochs.asText()));
        }
        assertEquals(Set.of("TrainEpochBenchmark.epoch", "ColdStartBenchmark.firstPrediction", "InferenceBenchmark.single",
                "InferenceBenchmark.batch", "NativeLoadBenchmark.firstCall", "TrainRunBenchmark.run@1", "TrainRunBenchmark.run@101",
                "PeakBenchmark.multiply", "StepOverheadBenchmark.epoch"), seen);
        assertTrue(progress.contains("epoch fork 1/1 (round 1/1): sum3/linear/djl"), progress.toString());
        assertTrue(progress.contains("inference fork 1/1 (round 1/1): sum3/linear/tribuo"), progress.toString());
        assertTrue(progress.contains("cold start fork 1/1 (round 1/1): sum3/linear/tribuo"), progress.toString());
        assertFalse(Files.exists(tmp.resolve(SpeedRunner.FORKS)), "the forks are merged and their directory removed");
    }

    @Test
    void aBenchmarkErrorFailsTheRun(@TempDir Path tmp) {
        assertThrows(org.openjdk.jmh.runner.RunnerException.class, () -> SpeedRunner.run(new SpeedRunner.Plan(
                List.of(), List.of(), List.of(), List.of("sum3/no-such-model/tribuo"), List.of(), List.of()),
                SpeedRunner.Profile.SMOKE, tmp, "abc", false, line -> { }));
    }

    @Test
    void resumingAnotherSpeedRunIsRefusedWithOneLineAndTouchesNothing(@TempDir Path tmp) throws Exception {
        Path dir = CliTest.copyFixture(tmp);
        Path forks = dir.resolve(SpeedRunner.FORKS);
        Files.createDirectories(forks);
        Files.writeString(forks.resolve("state.json"), "{\"profile\":\"publish\",\"gitCommit\":\"0000000\",\"plan\":"
                + "{\"epochCells\":[],\"runCells\":[],\"coldCells\":[],\"inferenceCells\":[],\"backends\":[],\"nativeEngines\":[]}}");
        Files.writeString(forks.resolve("PeakBenchmark.json"), "[]");
        CliTest.Result r = CliTest.run("speed", dir.toString(), "--resume", "--profile", "publish", "--tasks", "sum3",
                "--models", "linear", "--backends", "ok");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("cannot resume the speed run") && r.err().contains("commit 0000000"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(Files.exists(forks.resolve("PeakBenchmark.json")), "the interrupted run's forks are kept");
        assertFalse(Files.exists(dir.resolve("jmh.json")));
    }

    @Test
    void unknownSpeedProfileIsBadInput(@TempDir Path tmp) throws Exception {
        CliTest.Result r = CliTest.run("speed", CliTest.copyFixture(tmp).toString(), "--profile", "fastest");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("use quick, publish or full"), r.err());
    }

    @Test
    void speedCommandRejectsADirectoryWithoutARun(@TempDir Path tmp) {
        CliTest.Result r = CliTest.run("speed", tmp.resolve("none").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("not a seqbench run directory"), r.err());
    }

    /** A JMH entry with one raw-data array per fork; score and error as JMH would give them. */
    public static String entry(String benchmark, String paramName, String param, String unit, double[]... forks) {
        var stats = new org.apache.commons.math3.stat.descriptive.DescriptiveStatistics();
        StringBuilder raw = new StringBuilder("[");
        for (double[] f : forks) {
            raw.append(raw.length() > 1 ? "," : "").append(java.util.Arrays.toString(f));
            java.util.Arrays.stream(f).forEach(stats::addValue);
        }
        raw.append("]");
        double error = stats.getN() > 1 ? new org.apache.commons.math3.distribution.TDistribution(stats.getN() - 1)
                .inverseCumulativeProbability(0.9995) * stats.getStandardDeviation() / Math.sqrt(stats.getN()) : Double.NaN;
        return String.format(java.util.Locale.ROOT, "{\"benchmark\":\"io.seqbench.bench.speed.%s\",\"forks\":%d,"
                + "\"params\":{\"%s\":\"%s\"},\"primaryMetric\":{\"score\":%s,\"scoreError\":%s,\"scoreUnit\":\"%s\","
                + "\"rawData\":%s}}", benchmark, forks.length, paramName, param, stats.getMean(),
                Double.isNaN(error) ? "\"NaN\"" : error, unit, raw);
    }

    @Test
    void speedSectionGivesIntervalsOverForksVerdictsOverheadAndMeasuredPeak(@TempDir Path tmp) throws Exception {
        Path dir = CliTest.copyFixture(tmp);
        Files.writeString(dir.resolve("jmh.json"), "[" + String.join(",",
                entry("PeakBenchmark.multiply", "backend", "ok", "ms/op", new double[]{200, 200}),
                entry("StepOverheadBenchmark.epoch", "cell", "-", "ns/op", new double[]{5, 5})
                        .replace("\"params\":{\"cell\":\"-\"},", ""), // JMH writes no params for a benchmark without any
                entry("TrainEpochBenchmark.epoch", "cell", "sum3/linear/ok", "ms/op", new double[]{2.0, 2.0}, new double[]{1.9, 1.9},
                        new double[]{2.1, 2.1}),
                entry("TrainEpochBenchmark.epoch", "cell", "sum3/linear/slow", "ms/op", new double[]{5.0, 5.0}, new double[]{5.2, 5.2},
                        new double[]{4.8, 4.8}),
                entry("TrainEpochBenchmark.epoch", "cell", "sum3/linear/close", "ms/op", new double[]{1.5, 1.5},
                        new double[]{2.9, 2.9}, new double[]{2.2, 2.2}),
                entry("NativeLoadBenchmark.firstCall", "backend", "ok", "ms/op", new double[]{1500}, new double[]{1520}),
                entry("TrainRunBenchmark.run", "cell", "sum3/linear/whole", "ms/op", new double[]{3.0, 3.0})
                        .replace("\"params\":{", "\"params\":{\"epochs\":\"1\","),
                entry("TrainRunBenchmark.run", "cell", "sum3/linear/whole", "ms/op", new double[]{403.0, 403.0})
                        .replace("\"params\":{", "\"params\":{\"epochs\":\"101\","),
                entry("InferenceBenchmark.single", "cell", "sum3/linear/ok", "us/op", new double[]{10, 10}, new double[]{11, 11},
                        new double[]{9, 9}),
                entry("InferenceBenchmark.single", "cell", "sum3/linear/slow", "us/op", new double[]{30, 30},
                        new double[]{33, 33}, new double[]{27, 27}),
                entry("ColdStartBenchmark.firstPrediction", "cell", "sum3/linear/ok", "ms/op", new double[]{900, 1100},
                        new double[]{1000, 1000}, new double[]{950, 1050}),
                entry("ColdStartBenchmark.firstPrediction", "cell", "sum3/linear/slow", "ms/op", new double[]{1000, 1000},
                        new double[]{1100, 900}, new double[]{990, 1010})) + "]");
        Peak assumed = new Peak(1000, 8, "SSE", 1, 8.0, "test peak", "Test CPU");
        ResultJson.mapper().writeValue(dir.resolve("speed.json").toFile(), new SpeedReport.SpeedInfo("publish", "3 forks",
                SpeedRunner.FORK_JVM_ARGS, assumed, List.of("sum3 linear-adam as linear (optimiser adam instead of sgd differs)"),
                "abc123", "now", null, null));
        CliTest.Result r = CliTest.run("report", dir.toString());
        assertEquals(0, r.code(), r.err());
        String md = Files.readString(dir.resolve("README.md"));
        double peak = 2.0 * 2048 * 2048 * 2048 / 0.2 / 1e9;
        var e = io.seqbench.common.Experiment.prepare(Tasks.byId("sum3"), Tasks.byId("sum3").model("linear"), java.util.Map.of(), 1, 1);
        double gm = Math.cbrt(2.0 * 1.9 * 2.1);
        double gflops = Flops.trainEpoch(e.spec(), e.train().size(), 3, 1) / (gm / 1000) / 1e9;
        assertTrue(md.contains(String.format(java.util.Locale.ROOT, "| sum3 | - | linear | ok | %.2f [", gm)), md);
        assertTrue(md.contains(String.format(java.util.Locale.ROOT, "| 1.00 | %.4f%% | %.3f | %.2f%% |", 100 * 5e-6 / gm, gflops,
                100 * gflops / peak)), md);
        assertTrue(md.contains(String.format(java.util.Locale.ROOT, "ok %.1f", peak)), md);
        assertTrue(md.contains("the figure assumed from the CPU's flags and clock: 8.0 GFLOP/s (test peak)"), md);
        // slow is separated from ok by Welch on 3 + 3 forks; close spreads too widely to be told apart
        assertTrue(md.matches("(?s).*\\| linear \\| slow \\| [^|]+ \\| 2\\.50 \\|.*"), md);
        assertTrue(md.matches("(?s).*\\| linear \\| close \\| [^|]+ \\| 1\\.\\d\\d ≈ \\|.*"), md);
        assertTrue(md.contains("not compared †"), md);
        assertTrue(md.contains("Timed once, as another case with the same compute graph"), md);
        assertTrue(md.contains("Machine: Test CPU, SSE at 1000 MHz, 1 cores."), md);
        assertTrue(md.contains("**Harness overhead.**"), md);
        // cold start and a prediction: the geometric mean over forks with its interval, not one fork's 99.9% error
        double coldOk = Math.cbrt(1000.0 * 1000 * 1000);
        assertTrue(md.matches("(?s).*\\| linear \\| ok \\|( [^|]+ \\|){5} "
                + java.util.regex.Pattern.quote(String.format(java.util.Locale.ROOT, "%.2f [", Math.cbrt(10.0 * 11 * 9)))
                + ".*"), md);
        assertTrue(md.matches("(?s).*\\| sum3 \\| linear \\| ok \\| " + java.util.regex.Pattern.quote(
                String.format(java.util.Locale.ROOT, "%.0f [", coldOk)) + "[^|]+\\] \\|\n.*"), "cold start, in its own table: " + md);
        JsonNode verdicts = ResultJson.mapper().readTree(dir.resolve("speed-verdicts.json").toFile());
        assertEquals(5, verdicts.size(), "epoch: ok/slow, ok/close, slow/close (the derived epoch is not compared); one "
                + "sample: ok/slow; cold start: ok/slow");
        Set<String> seen = new HashSet<>();
        for (JsonNode v : verdicts) {
            for (String f : List.of("task", "model", "a", "b", "ratio", "low", "high", "verdict", "measure")) {
                assertTrue(v.has(f), f + " in " + v);
            }
            seen.add(v.get("measure").asText() + " " + v.get("a").asText() + "/" + v.get("b").asText() + ": "
                    + v.get("verdict").asText().replaceAll(" by.*", ""));
        }
        assertTrue(seen.contains("epoch ok/slow: ok faster"), seen.toString());
        assertTrue(seen.contains("epoch ok/close: no difference detected (3 forks each)"), seen.toString());
        assertTrue(seen.contains("1 sample ok/slow: ok faster"), seen.toString());
        assertTrue(seen.contains("cold start ok/slow: no difference detected (3 forks each)"), seen.toString());
        assertTrue(md.contains("| 1 sample | sum3 | linear | - | ok | slow | 3 + 3 |"), md);
    }

    @Test
    void aCorruptJmhFileIsOneClearErrorAndKeepsTheReadme(@TempDir Path tmp) throws Exception {
        Path dir = CliTest.copyFixture(tmp);
        assertEquals(0, CliTest.run("report", dir.toString()).code());
        String before = Files.readString(dir.resolve("README.md"));
        Files.writeString(dir.resolve("jmh.json"), "[{\"benchmark\": tru");
        CliTest.Result r = CliTest.run("report", dir.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("jmh.json is not JMH JSON"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertEquals(before, Files.readString(dir.resolve("README.md")));
    }

    @Test
    void setupComparisonGivesRatiosToTheDefaultWithVerdicts(@TempDir Path tmp) throws Exception {
        String base = entry("TrainEpochBenchmark.epoch", "cell", "sum3/lstm/dl4j", "ms/op", new double[]{4.0}, new double[]{4.1},
                new double[]{3.9});
        String twoThreads = entry("TrainEpochBenchmark.epoch", "cell", "sum3/lstm/dl4j", "ms/op", new double[]{6.0},
                new double[]{6.1}, new double[]{5.9});
        String generic = entry("TrainEpochBenchmark.epoch", "cell", "sum3/lstm/dl4j", "ms/op", new double[]{3.0},
                new double[]{4.6}, new double[]{3.9});
        Files.writeString(tmp.resolve(SetupComparison.JSON), "[" + setup(base, "default") + "," + setup(twoThreads, "2 threads")
                + "," + setup(generic, "generic natives") + "]");
        String md = SetupComparison.markdown(tmp);
        assertTrue(md.contains("| sum3/lstm/dl4j | default | 3 | "), md);
        assertTrue(md.matches("(?s).*\\| sum3/lstm/dl4j \\| 2 threads \\| 3 \\| [^|]+ \\| 1\\.50 \\[[^|]+\\] \\| default faster by 1\\.50x.*"), md);
        assertTrue(md.contains("no difference detected (3 forks each)"), md);
    }

    /** A set-up measured at size gets its verdicts there said outside the table, one line per backend and set-up. */
    @Test
    void setUpsAtSizeHaveTheirVerdictsOnTheCurvesLargestPointsSaid(@TempDir Path tmp) throws Exception {
        String cell = "scaling/lstm/dl4j/H=512,L=30,B=32";
        String base = setup(entry("ScalingBenchmark.epoch", "cell", cell, "ms/op", new double[]{40.0}, new double[]{41},
                new double[]{39}), cell, "default");
        String twoThreads = setup(entry("ScalingBenchmark.epoch", "cell", cell, "ms/op", new double[]{20.0},
                new double[]{20.5}, new double[]{19.5}), cell, "2 threads");
        Files.writeString(tmp.resolve(SetupComparison.JSON), "[" + base + "," + twoThreads + "]");
        String md = SetupComparison.markdown(tmp);
        assertTrue(md.matches("(?s).*\\*\\*At size\\*\\*.*\n- dl4j, 2 threads: lstm/H=512,L=30,B=32: 2 threads faster by 2\\.00x \\[.*"), md);
        Files.writeString(tmp.resolve(SetupComparison.JSON), "[" + base + "]");
        assertFalse(SetupComparison.markdown(tmp).contains("At size"), "nothing measured at size, nothing said");
    }

    /** The JMH entry of {@code cell} tagged with the set-up it ran under, as a set-up comparison writes it. */
    public static String setup(String entry, String cell, String name) {
        return entry.replace("\"cell\":\"" + cell + "\"", "\"cell\":\"" + cell + "\",\"setup\":\"" + name + "\"");
    }

    private static String setup(String entry, String name) {
        return setup(entry, "sum3/lstm/dl4j", name);
    }
}
