package io.seqbench.bench.report;

import io.seqbench.bench.results.ResultStore;
import io.seqbench.bench.speed.SpeedVerdicts;
import com.fasterxml.jackson.databind.JsonNode;
import io.seqbench.common.result.CellResult;
import io.seqbench.common.result.CellStatus;
import io.seqbench.common.result.ResultJson;
import io.seqbench.common.result.ProbeOutcome;
import io.seqbench.common.tasks.Target;
import io.seqbench.common.tasks.Tasks;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The published results say what their rows say: every cell's targetMet is its final model's metric against the
 * task's threshold, the run has at least 5 seeds, the verdicts file has its fields, the README opens with the verdicts,
 * and the page is there.
 */
public class PublishedResultsTest {
    public static final Path RESULTS = Path.of("..", "results");

    /**
     * Every ok cell's final metric, recomputed here from what the cell recorded of its final model (the target probes'
     * truths and predictions, or the held-out RMSE), not with the harness's expression; and targetMet is that metric
     * under the task's threshold.
     */
    @Test
    void targetMetAgreesWithTheFinalModelInEveryCell() throws Exception {
        List<CellResult> cells = new ResultStore(RESULTS).readCells().cells();
        assertFalse(cells.isEmpty(), "results/cells.jsonl has cells");
        int checked = 0;
        for (CellResult c : cells) {
            if (c.status() != CellStatus.OK) {
                continue;
            }
            Target target = Tasks.byId(c.task()).target();
            double metric;
            if (target.metric() == Target.Metric.PROBE_RELATIVE_ERROR) {
                metric = 0;
                for (ProbeOutcome o : c.probes()) {
                    for (int k = 0; !o.reportedOnly() && k < o.truth().length; k++) {
                        metric = Math.max(metric, Math.abs(o.prediction()[k] - o.truth()[k]) / Math.abs(o.truth()[k]));
                    }
                }
            } else {
                metric = c.heldOut().rmse();
            }
            double recorded = Verdicts.finalMetric(c);
            assertEquals(metric, recorded, 1e-9 * Math.max(1, Math.abs(metric)), c.key() + ": the last check is the final model's");
            assertEquals(metric < target.threshold(), c.targetMet(), c.key() + ": " + metric + " against " + target.threshold());
            assertEquals(c.epochsRun(), c.checks().get(c.checks().size() - 1).epoch(), c.key());
            checked++;
        }
        assertTrue(checked >= 700, "every ok cell of the 5-seed run: " + checked);
    }

    /** verdicts.json is what the code computes from cells.jsonl, value for value (a stale file fails). */
    @Test
    void publishedVerdictsAreRecomputedFromTheCells() throws Exception {
        List<CellResult> cells = new ResultStore(RESULTS).readCells().cells();
        List<Verdicts.Comparison> published = List.of(ResultJson.mapper().readValue(RESULTS.resolve(Verdicts.FILE).toFile(),
                Verdicts.Comparison[].class));
        assertEquals(Verdicts.compare(cells), published);
    }

    /**
     * The README's provenance line is what the files record (one commit and one machine: {@link OnePublicationTest}).
     */
    @Test
    void theProvenanceLineAgreesWithTheFiles() throws Exception {
        io.seqbench.bench.results.ResultsProvenance made = io.seqbench.bench.results.ResultsProvenance.of(RESULTS);
        assertFalse(made.commits().isEmpty());
        assertTrue(java.nio.file.Files.readString(RESULTS.resolve("README.md")).contains(made.markdown().strip()),
                made.markdown());
    }

    /** speed-verdicts.json is what the code computes from jmh.json's fork means, value for value. */
    @Test
    void publishedSpeedVerdictsAreRecomputedFromJmh() throws Exception {
        JsonNode jmh = ResultJson.mapper().readTree(RESULTS.resolve(io.seqbench.bench.speed.SpeedReport.JMH).toFile());
        List<SpeedVerdicts.Verdict> published = List.of(ResultJson.mapper().readValue(
                RESULTS.resolve(SpeedVerdicts.FILE).toFile(), SpeedVerdicts.Verdict[].class));
        assertEquals(SpeedVerdicts.compare(jmh), published);
    }

    @Test
    void fiveSeedsVerdictsFirstAndThePage() throws Exception {
        JsonNode run = ResultJson.mapper().readTree(RESULTS.resolve(ResultStore.RUN).toFile());
        assertTrue(run.path("config").path("seeds").asInt() >= 5, "at least 5 seeds: " + run.path("config"));
        JsonNode verdicts = ResultJson.mapper().readTree(RESULTS.resolve(Verdicts.FILE).toFile());
        assertTrue(verdicts.size() > 0);
        for (String field : new String[]{"task", "model", "metric", "a", "b", "estimate", "low", "high", "p", "verdict"}) {
            assertTrue(verdicts.get(0).has(field), field);
        }
        String readme = Files.readString(RESULTS.resolve(Reports.README));
        assertTrue(readme.startsWith(TaskTables.title() + "**Provenance.** "), "the provenance line first");
        assertTrue(readme.indexOf("\n## ") == readme.indexOf("\n## Recommendation\n"), "then the answer");
        assertTrue(Files.size(RESULTS.resolve(HtmlPage.FILE)) > 10_000, "results/index.html");
        assertTrue(Files.exists(RESULTS.resolve("index.png")), "the page's screenshot");
        for (String page : new String[]{Reports.README, HtmlPage.FILE}) {
            assertFalse(java.util.regex.Pattern.compile("[\\s(`'\"=:;,]/(work|root|home|tmp|usr|opt)/")
                    .matcher(Files.readString(RESULTS.resolve(page))).find(), "no local path in results/" + page);
        }
    }

    /**
     * The published speed verdicts: every case's DL4J/DJL comparison has at least 3 forks a side, and every verdict is
     * what its interval says (the backend it names is the faster side of an interval that excludes 1, "no difference
     * detected" only when it spans 1), on the cases the speed issue names among them.
     */
    @Test
    void speedVerdictsFollowTheirIntervalsWithThreeForks() throws Exception {
        JsonNode verdicts = ResultJson.mapper().readTree(RESULTS.resolve(io.seqbench.bench.speed.SpeedVerdicts.FILE).toFile());
        java.util.Set<String> cases = new java.util.HashSet<>();
        for (JsonNode v : verdicts) {
            for (String field : new String[]{"task", "model", "a", "b", "ratio", "low", "high", "verdict"}) {
                assertTrue(v.has(field), field + " in " + v);
            }
            boolean epoch = v.path("measure").asText("epoch").equals("epoch");
            if (epoch && java.util.Set.of(v.get("a").asText(), v.get("b").asText()).equals(java.util.Set.of("dl4j", "djl"))) {
                cases.add(v.get("task").asText() + "/" + v.get("model").asText());
                assertTrue(v.get("forksA").asInt() >= 3 && v.get("forksB").asInt() >= 3, v.toString());
            }
            double low = v.get("low").asDouble();
            double high = v.get("high").asDouble();
            String verdict = v.get("verdict").asText();
            if (verdict.startsWith("no test")) {
                assertTrue(Math.min(v.get("forksA").asInt(), v.get("forksB").asInt()) < 3, "untested with 3 forks: " + v);
            } else if (low > 1) {
                assertTrue(verdict.startsWith(v.get("b").asText() + " faster by "), "a/b above 1: b is faster: " + v);
            } else if (high < 1) {
                assertTrue(verdict.startsWith(v.get("a").asText() + " faster by "), "a/b below 1: a is faster: " + v);
            } else {
                assertTrue(verdict.startsWith("no difference detected"), v.toString());
            }
        }
        assertTrue(cases.containsAll(List.of("sum3/lstm", "sum3/stacked", "sum3/bidirectional", "square/relu-stack",
                "meanones/lstm")), cases.toString());
    }

    /** DL4J's SameDiff API against its layer API and against DJL, with intervals, on the cases its issue names. */
    @Test
    void samediffIsComparedWithBothOtherNeuralBackends() throws Exception {
        JsonNode verdicts = ResultJson.mapper().readTree(RESULTS.resolve(io.seqbench.bench.speed.SpeedVerdicts.FILE).toFile());
        for (String other : List.of("dl4j", "djl")) {
            java.util.Set<String> cases = new java.util.HashSet<>();
            for (JsonNode v : verdicts) {
                if (java.util.Set.of(v.get("a").asText(), v.get("b").asText()).equals(java.util.Set.of(other, "dl4j-samediff"))
                        && v.get("forksA").asInt() >= 3 && v.get("forksB").asInt() >= 3
                        && Double.isFinite(v.get("low").asDouble()) && Double.isFinite(v.get("high").asDouble())
                        && v.get("low").asDouble() < v.get("high").asDouble()) {
                    cases.add(v.get("task").asText() + "/" + v.get("model").asText());
                }
            }
            assertTrue(cases.containsAll(List.of("sum3/lstm", "sum3/stacked", "sum3/bidirectional", "square/relu-stack",
                    "meanones/lstm")), other + ": " + cases);
        }
    }
}
