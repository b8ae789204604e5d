package io.seqbench.bench.report;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.seqbench.common.result.CellResult;
import io.seqbench.common.result.ResultJson;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The tables say which LSTM kernel a backend ran, from the cell's recorded details. */
public class ReportsTest {
    public static CellResult cellWithLstm(String lstm) throws Exception {
        try (var in = new BufferedReader(new InputStreamReader(ReportsTest.class.getResourceAsStream("/fixture/cells.jsonl"),
                StandardCharsets.UTF_8))) {
            ObjectNode n = (ObjectNode) ResultJson.mapper().readTree(in.readLine());
            if (lstm != null) {
                ((ObjectNode) n.get("backendDetails")).put("lstm", lstm);
            }
            return ResultJson.mapper().treeToValue(n, CellResult.class);
        }
    }

    public static String label(String lstm) throws Exception {
        return Rows.backendLabel(Rows.rows(List.of(cellWithLstm(lstm))).get(0));
    }

    /** "Met, then lost" prints the final metric in the target's unit: meanones' RMSE 0.1978 is not "19.78%". */
    @Test
    void aLostTargetPrintsTheFinalMetricInItsOwnUnit() {
        double[] finals = {0.1978, 1.5};
        assertEquals("0.20, 1.50", TaskTables.fmtMetric(finals, io.seqbench.common.tasks.Target.heldOutRmseBelow(0.05)));
        assertEquals("19.78%, 150.00%", TaskTables.fmtMetric(finals, io.seqbench.common.tasks.Target.probeWithin(0.01)));
    }

    @Test
    void backendColumnNamesTheLstmKernelThatRan() throws Exception {
        assertEquals("ok", label(null));
        assertEquals("ok (explicit LSTM cell)", label("LSTM(50,relu): explicit cell"));
        assertEquals("ok (fused LSTM)", label("LSTM(32,tanh): fused torch.lstm; LSTM(32,tanh,seq): fused torch.lstm"));
        assertEquals("ok (fused + explicit LSTM)", label("LSTM(8,tanh): fused torch.lstm; LSTM(8,relu): explicit cell"));
    }

    /** Where a machine keeps its files is not published: absolute paths are cut to their last name, nothing else. */
    @Test
    void localPathsAreCutToTheirLastName() {
        assertEquals("native .../2.7.1-cpu; `--out .../grid5`; see https://github.com/a/b, 5/5 seeds, ms/epoch, plots/x.png",
                io.seqbench.common.result.LocalPaths.strip("native /work/r-grid/target/djl-cache/2.7.1-cpu; `--out /work/runs/grid5`; "
                        + "see https://github.com/a/b, 5/5 seeds, ms/epoch, plots/x.png"));
    }
}
