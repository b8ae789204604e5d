package io.seqbench.bench;

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
class SpeedTest {

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
        assertEquals(Runtime.getRuntime().availableProcessors(), p.cores());
        assertEquals(p.mhz() * 1e6 * p.flopsPerCycle() * p.cores() / 1e9, p.gflops(), 1e-9);
    }

    @Test
    void oneTinyBenchmarkPerKindWithRealForksWritesScores(@TempDir Path tmp) throws Exception {
        Path json = tmp.resolve("jmh.json");
        SpeedRunner.run(new SpeedRunner.Plan(List.of("sum3/linear/djl"), List.of("sum3/linear/tribuo"), List.of("sum3/linear/tribuo"),
                List.of("sum3/linear/tribuo"), List.of("tribuo")), SpeedRunner.Profile.SMOKE, json);
        Set<String> seen = new HashSet<>();
        for (JsonNode n : ResultJson.mapper().readTree(json.toFile())) {
            double score = n.get("primaryMetric").get("score").asDouble();
            assertTrue(score > 0 && Double.isFinite(score), n.toString());
            String b = n.get("benchmark").asText();
            JsonNode epochs = n.get("params").get("epochs");
            seen.add(b.substring(b.lastIndexOf('.', b.lastIndexOf('.') - 1) + 1) + (epochs == null ? "" : "@" + epochs.asText()));
        }
        assertEquals(Set.of("TrainEpochBenchmark.epoch", "ColdStartBenchmark.firstEpoch", "InferenceBenchmark.single",
                "InferenceBenchmark.batch", "NativeLoadBenchmark.firstCall", "TrainRunBenchmark.run@1", "TrainRunBenchmark.run@101"), seen);
    }

    @Test
    void aBenchmarkErrorFailsTheRun(@TempDir Path tmp) {
        assertThrows(org.openjdk.jmh.runner.RunnerException.class, () -> SpeedRunner.run(new SpeedRunner.Plan(
                List.of(), List.of(), List.of(), List.of("sum3/no-such-model/tribuo"), List.of()), SpeedRunner.Profile.SMOKE, tmp.resolve("j.json")));
    }

    @Test
    void speedCommandRejectsADirectoryWithoutARun(@TempDir Path tmp) {
        CliTest.Result r = CliTest.run("speed", tmp.resolve("none").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("not a seqbench run directory"), r.err());
    }

    private static String entry(String benchmark, String paramName, String param, double score, double error, String unit) {
        return String.format(java.util.Locale.ROOT, "{\"benchmark\":\"io.seqbench.bench.speed.%s\",\"forks\":1,"
                + "\"params\":{\"%s\":\"%s\"},\"primaryMetric\":{\"score\":%s,\"scoreError\":%s,\"scoreUnit\":\"%s\"}}",
                benchmark, paramName, param, score, error, unit);
    }

    @Test
    void speedSectionShowsErrorRatioToFastestAndShareOfPeak(@TempDir Path tmp) throws Exception {
        Path dir = CliTest.copyFixture(tmp);
        Files.writeString(dir.resolve("jmh.json"), "[" + String.join(",",
                entry("TrainEpochBenchmark.epoch", "cell", "sum3/linear/ok", 2.0, 0.1, "ms/op"),
                entry("TrainEpochBenchmark.epoch", "cell", "sum3/linear/slow", 5.0, 0.5, "ms/op"),
                entry("TrainEpochBenchmark.epoch", "cell", "sum3/linear/close", 2.1, 0.1, "ms/op"),
                entry("NativeLoadBenchmark.firstCall", "backend", "ok", 1500, 20, "ms/op"),
                entry("TrainRunBenchmark.run", "cell", "sum3/linear/whole", 3.0, 0.3, "ms/op")
                        .replace("\"params\":{", "\"params\":{\"epochs\":\"1\","),
                entry("TrainRunBenchmark.run", "cell", "sum3/linear/whole", 403.0, 0.4, "ms/op")
                        .replace("\"params\":{", "\"params\":{\"epochs\":\"101\",")) + "]");
        Peak peak = new Peak(1000, 8, "SSE", 1, 8.0, "test peak");
        ResultJson.mapper().writeValue(dir.resolve("speed.json").toFile(),
                new SpeedReport.SpeedInfo("quick", "1 fork", SpeedRunner.FORK_JVM_ARGS, peak, "abc123", "now"));
        CliTest.Result r = CliTest.run("report", dir.toString());
        assertEquals(0, r.code(), r.err());
        String md = Files.readString(dir.resolve("README.md"));
        // sum3 linear on the fixture's data: 3 * 2 * 3 FLOPs per training sample; the fixture task has a known size
        var e = io.seqbench.common.Experiment.prepare(Tasks.byId("sum3"), Tasks.byId("sum3").model("linear"), java.util.Map.of(), 1, 1);
        double gflops = Flops.trainEpoch(e.spec(), e.train().size(), 3, 1) / 0.002 / 1e9;
        assertTrue(md.contains(String.format(java.util.Locale.ROOT, "| sum3 | - | linear | ok | 2.00 ± 0.100 | 1.00 | %.3f | %.2f%% |",
                gflops, 100 * gflops / 8.0)), md);
        assertTrue(md.contains("| sum3 | - | linear | slow | 5.00 ± 0.500 | 2.50 |"), md);
        // 2.1 ± 0.1 against 2.0 ± 0.1: the intervals overlap, so the ratio is marked as not separated
        assertTrue(md.contains("| sum3 | - | linear | close | 2.10 ± 0.100 | 1.05 ≈ |"), md);
        assertTrue(md.contains("| ok | 1500 ± 20.00 |"), md);
        // a backend without per-epoch steps: (403 - 3) / 100 = 4 ms, error sqrt(0.3² + 0.4²) / 100 = 0.005
        assertTrue(md.contains("| sum3 | - | linear | whole | 4.00 ± 0.00500 † | 2.00 |"), md);
        assertTrue(md.contains("Profile `quick`: 1 fork."), md);
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
    void setupComparisonRendersRatiosToTheDefault(@TempDir Path tmp) throws Exception {
        String a = entry("TrainEpochBenchmark.epoch", "cell", "sum3/lstm/dl4j", 4.0, 0.2, "ms/op");
        String withSetup1 = a.replace("\"cell\":\"sum3/lstm/dl4j\"", "\"cell\":\"sum3/lstm/dl4j\",\"setup\":\"default\"");
        String withSetup2 = entry("TrainEpochBenchmark.epoch", "cell", "sum3/lstm/dl4j", 6.0, 0.3, "ms/op")
                .replace("\"cell\":\"sum3/lstm/dl4j\"", "\"cell\":\"sum3/lstm/dl4j\",\"setup\":\"2 threads\"");
        String withSetup3 = entry("TrainEpochBenchmark.epoch", "cell", "sum3/lstm/dl4j", 3.7, 0.2, "ms/op")
                .replace("\"cell\":\"sum3/lstm/dl4j\"", "\"cell\":\"sum3/lstm/dl4j\",\"setup\":\"generic natives\"");
        Files.writeString(tmp.resolve(SetupComparison.JSON), "[" + withSetup1 + "," + withSetup2 + "," + withSetup3 + "]");
        String md = SetupComparison.markdown(tmp);
        assertTrue(md.contains("| sum3/lstm/dl4j | default | 4.00 ± 0.200 | 1.00 |"), md);
        assertTrue(md.contains("| sum3/lstm/dl4j | 2 threads | 6.00 ± 0.300 | 1.50 |"), md);
        assertTrue(md.contains("| sum3/lstm/dl4j | generic natives | 3.70 ± 0.200 | 0.93 ≈ |"), md);
        assertTrue(md.contains("the two 99.9% error intervals overlap"), md);
    }
}
