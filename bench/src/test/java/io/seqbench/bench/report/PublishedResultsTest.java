package io.seqbench.bench.report;

import io.seqbench.bench.results.ResultStore;
import io.seqbench.bench.speed.SpeedVerdicts;
import com.fasterxml.jackson.databind.JsonNode;
import io.seqbench.common.result.CellResult;
import io.seqbench.common.result.CellStatus;
import io.seqbench.common.result.ResultJson;
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

    @Test
    void targetMetAgreesWithTheFinalMetricInEveryCell() throws Exception {
        List<CellResult> cells = new ResultStore(RESULTS).readCells().cells();
        assertFalse(cells.isEmpty(), "results/cells.jsonl has cells");
        for (CellResult c : cells) {
            if (c.status() == CellStatus.UNSUPPORTED || c.status() == CellStatus.FAILED || c.checks().isEmpty()) {
                continue;
            }
            double last = Verdicts.finalMetric(c);
            double threshold = Tasks.byId(c.task()).target().threshold();
            assertEquals(last < threshold, c.targetMet(), c.key() + ": final metric " + last + " against " + threshold);
            assertEquals(c.epochsRun(), c.checks().get(c.checks().size() - 1).epoch(), c.key() + ": the last check is the final model's");
        }
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
        assertTrue(Files.readString(RESULTS.resolve(Reports.README)).startsWith(TaskTables.title() + "## Verdicts\n"));
        assertTrue(Files.size(RESULTS.resolve(HtmlPage.FILE)) > 10_000, "results/index.html");
        assertTrue(Files.exists(RESULTS.resolve("index.png")), "the page's screenshot");
    }

    /**
     * The published speed verdicts: every case's DL4J/DJL comparison has at least 3 forks a side, and each verdict is
     * what its interval says (faster when it excludes 1, "no difference detected" only when it spans 1), on the
     * cases the speed issue names among them.
     */
    @Test
    void speedVerdictsFollowTheirIntervalsWithThreeForks() throws Exception {
        JsonNode verdicts = ResultJson.mapper().readTree(RESULTS.resolve(io.seqbench.bench.speed.SpeedVerdicts.FILE).toFile());
        java.util.Set<String> cases = new java.util.HashSet<>();
        for (JsonNode v : verdicts) {
            for (String field : new String[]{"task", "model", "a", "b", "ratio", "low", "high", "verdict"}) {
                assertTrue(v.has(field), field + " in " + v);
            }
            if (!java.util.Set.of(v.get("a").asText(), v.get("b").asText()).equals(java.util.Set.of("dl4j", "djl"))) {
                continue;
            }
            cases.add(v.get("task").asText() + "/" + v.get("model").asText());
            assertTrue(v.get("forksA").asInt() >= 3 && v.get("forksB").asInt() >= 3, v.toString());
            double low = v.get("low").asDouble();
            double high = v.get("high").asDouble();
            String verdict = v.get("verdict").asText();
            if (low > 1 || high < 1) {
                assertTrue(verdict.contains(" faster by "), v.toString());
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
                        && v.get("low").asDouble() <= v.get("ratio").asDouble()
                        && v.get("ratio").asDouble() <= v.get("high").asDouble()) {
                    cases.add(v.get("task").asText() + "/" + v.get("model").asText());
                }
            }
            assertTrue(cases.containsAll(List.of("sum3/lstm", "sum3/stacked", "sum3/bidirectional", "square/relu-stack",
                    "meanones/lstm")), other + ": " + cases);
        }
    }
}
