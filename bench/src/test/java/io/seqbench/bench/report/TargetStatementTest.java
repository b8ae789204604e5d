package io.seqbench.bench.report;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.seqbench.common.result.CellResult;
import io.seqbench.common.result.ResultJson;
import io.seqbench.common.tasks.Tasks;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The sentence over a task's table names each model with its parameters and each shared result once. */
class TargetStatementTest {
    private static CellResult cell(String backend, String model, String params, long seed, boolean met) throws Exception {
        ObjectNode n = (ObjectNode) ResultJson.mapper().valueToTree(VerdictsTest.cell(backend, seed, met ? 0 : 1, model));
        n.put("params", params);
        return ResultJson.mapper().treeToValue(n, CellResult.class);
    }

    @Test
    void sharedResultsAreNamedOnceWithTheirParameters() throws Exception {
        List<CellResult> cells = new ArrayList<>();
        for (long s = 1; s <= 5; s++) {
            for (String b : List.of("djl", "dl4j")) {
                cells.add(cell(b, "lstm", "L=200,N=20", s, s == 1));
                cells.add(cell(b, "lstm", "L=50,N=51", s, s <= 2));
                cells.add(cell(b, "linear", "-", s, true));
            }
            cells.add(cell("tribuo", "linear", "-", s, true));
        }
        assertEquals("Meets the target (probe error < 1%) with the final model on every seed: djl, dl4j, tribuo: linear. "
                        + "On some seeds only: djl, dl4j: lstm @L=200,N=20 (1 of 5 seeds); djl, dl4j: lstm @L=50,N=51 (2 of 5 seeds).",
                TaskTables.statement(Tasks.byId("sum3"), Rows.rows(cells)));
    }
}
