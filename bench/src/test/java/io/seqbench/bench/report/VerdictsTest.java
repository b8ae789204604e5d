package io.seqbench.bench.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.seqbench.common.result.CellResult;
import io.seqbench.common.result.ResultJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Paired verdicts from cells: a clear difference is called, a noisy one is "no difference detected". */
public class VerdictsTest {
    @TempDir
    Path tmp;

    /** A sum3 lstm cell of {@code backend} on {@code seed} whose final model's probe error is {@code error}. */
    public static CellResult cell(String backend, long seed, double error, String model) throws Exception {
        ObjectNode n = (ObjectNode) ResultJson.mapper().valueToTree(ReportsTest.cellWithLstm(null));
        n.put("backend", backend).put("seed", seed).put("model", model).put("targetMet", error < 0.01);
        ArrayNode checks = (ArrayNode) n.get("checks");
        ((ObjectNode) checks.get(checks.size() - 1)).put("targetMetric", error);
        return ResultJson.mapper().treeToValue(n, CellResult.class);
    }

    public static List<CellResult> cells() throws Exception {
        double[] noise = {1.3, 0.8, 1.1, 0.9, 1.2};
        List<CellResult> cells = new ArrayList<>();
        for (int s = 1; s <= 5; s++) {
            cells.add(cell("djl", s, 0.001 * noise[s - 1], "lstm"));
            cells.add(cell("dl4j", s, 0.05 * noise[s - 1] * noise[5 - s], "lstm"));   // 50x worse, consistently
            cells.add(cell("djl", s, 0.01 * noise[s - 1], "stacked"));
            cells.add(cell("dl4j", s, 0.01 * noise[5 - s], "stacked"));                // the same, reshuffled
        }
        return cells;
    }

    @Test
    void clearDifferenceIsCalledNoisyOneIsNot() throws Exception {
        List<Verdicts.Comparison> v = Verdicts.compare(cells());
        assertEquals(2, v.size());
        Verdicts.Comparison lstm = v.stream().filter(c -> c.model().equals("lstm")).findFirst().orElseThrow();
        assertEquals("djl better", lstm.verdict());
        assertTrue(lstm.high() < 1 && lstm.low() > 0, "interval of the ratio below 1: " + lstm);
        assertTrue(lstm.p() >= lstm.pRaw(), "Holm never lowers a p-value");
        Verdicts.Comparison stacked = v.stream().filter(c -> c.model().equals("stacked")).findFirst().orElseThrow();
        assertEquals("no difference detected (n = 5)", stacked.verdict());
        assertTrue(stacked.low() < 1 && stacked.high() > 1, stacked.toString());
    }

    @Test
    void jsonHasTheFieldsAndTheSummaryAgreesWithTheRows() throws Exception {
        List<CellResult> cells = cells();
        List<Verdicts.Comparison> v = Verdicts.compare(cells);
        Verdicts.writeJson(tmp, v);
        String json = Files.readString(tmp.resolve(Verdicts.FILE));
        for (String field : new String[]{"task", "model", "metric", "a", "b", "estimate", "low", "high", "p", "verdict"}) {
            assertTrue(json.contains("\"" + field + "\" :"), field + " in " + json);
        }
        String md = Verdicts.markdown(cells, v);
        assertTrue(md.contains("djl better than dl4j on sum3 lstm"), md);
        assertTrue(md.contains("no difference detected in 1 of 2"), md);
        // meets the target (error < 1%): djl lstm on every seed; djl stacked where 0.01 x noise < 0.01
        assertTrue(md.contains("djl lstm 5/5"), md);
        assertTrue(md.contains("djl stacked 2/5"), md);
        assertFalse(md.contains("dl4j lstm"), "dl4j lstm never meets it: " + md);
    }
}
