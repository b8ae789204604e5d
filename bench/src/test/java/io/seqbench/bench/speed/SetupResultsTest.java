package io.seqbench.bench.speed;

import com.fasterxml.jackson.databind.JsonNode;
import io.seqbench.bench.speed.SpeedReport.SpeedInfo;
import io.seqbench.common.result.ResultJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Measuring one backend's set-ups again replaces its entries and provenance, and keeps every other backend's. */
public class SetupResultsTest {
    public static String entry(String cell, String setup, double ms) {
        return String.format(java.util.Locale.ROOT, "{\"benchmark\":\"io.seqbench.bench.speed.TrainEpochBenchmark.epoch\","
                + "\"params\":{\"cell\":\"%s\",\"setup\":\"%s\"},\"primaryMetric\":{\"score\":%s,\"scoreError\":0.1,"
                + "\"scoreUnit\":\"ms/op\",\"rawData\":[[%s,%s]]}}", cell, setup, ms, ms, ms);
    }

    public static SpeedInfo info(String profile, String commit) {
        return new SpeedInfo(profile, profile + " settings", List.of("-Xmx4g"), null, List.of(), commit, "2026-11-29T00:00Z", null, null);
    }

    @Test
    void aRunOfOneBackendReplacesItsEntriesAndKeepsTheOthers(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve(SetupComparison.JSON), "[" + entry("sum3/lstm/dl4j", "default", 4) + ","
                + entry("sum3/lstm/dl4j", "2 threads", 6) + "," + entry("sum3/lstm/djl", "default", 2) + ","
                + entry("sum3/lstm/djl", "1 thread", 3) + "]");
        // the format before per-backend provenance: one run for every backend
        ResultJson.mapper().writeValue(dir.resolve(SetupComparison.INFO).toFile(), info("publish", "old"));
        assertEquals(List.of("dl4j", "djl"), List.copyOf(SetupResults.read(dir).infoByBackend().keySet()));

        List<JsonNode> fresh = List.of(ResultJson.mapper().readTree(entry("sum3/lstm/djl", "default", 2.5)),
                ResultJson.mapper().readTree(entry("sum3/lstm/djl", "1 thread", 1.5)));
        SetupResults.replace(dir, List.of("djl"), fresh, info("full", "new"));

        SetupResults.Stored after = SetupResults.read(dir);
        assertEquals(4, after.entries().size());
        assertEquals(List.of(4.0, 6.0, 2.5, 1.5), after.entries().stream()
                .map(n -> n.get("primaryMetric").get("score").asDouble()).toList(), "dl4j's kept, djl's replaced");
        assertEquals("old", after.infoByBackend().get("dl4j").gitCommit());
        assertEquals("new", after.infoByBackend().get("djl").gitCommit());
        String described = SetupResults.describe(after.infoByBackend());
        assertTrue(described.contains("Run for **dl4j**: Profile `publish`") && described.contains(
                "Git commit old") && described.contains("Run for **djl**: Profile `full`")
                && described.contains("Git commit new"), described);

        String md = SetupComparison.markdown(dir);
        assertTrue(md.contains("| sum3/lstm/djl | 1 thread | 1 | "), md);
        assertTrue(md.contains("| sum3/lstm/dl4j | 2 threads | 1 | "), md);
    }

    @Test
    void oneRunForEveryBackendIsDescribedOnce() {
        SpeedInfo one = info("publish", "abc");
        assertEquals(SpeedReport.describeInfo(one), SetupResults.describe(java.util.Map.of("dl4j", one, "djl", one)));
    }
}
