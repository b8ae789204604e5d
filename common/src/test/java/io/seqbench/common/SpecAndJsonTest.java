package io.seqbench.common;

import io.seqbench.common.model.Activation;
import io.seqbench.common.model.Layer;
import io.seqbench.common.model.Loss;
import io.seqbench.common.model.ModelSpec;
import io.seqbench.common.model.Optimizer;
import io.seqbench.common.result.CellResult;
import io.seqbench.common.result.CellStatus;
import io.seqbench.common.result.EpochPoint;
import io.seqbench.common.result.FirstMet;
import io.seqbench.common.result.HeldOut;
import io.seqbench.common.result.ProbeOutcome;
import io.seqbench.common.result.ResultJson;
import io.seqbench.common.tasks.Task;
import io.seqbench.common.tasks.TaskModel;
import io.seqbench.common.tasks.Tasks;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** Model specs validate their shape rules; result records have one stable JSON form. */
class SpecAndJsonTest {

    @Test
    void everyCatalogueSpecIsValidAndDescribable() {
        for (Task t : Tasks.all()) {
            for (TaskModel m : t.models()) {
                assertFalse(m.spec().describe().isBlank());
                assertTrue(m.quickEpochs() <= m.spec().epochs());
            }
        }
        assertEquals("BiLSTM(50,relu) > Dense(1)", Tasks.byId("sum3").model("bidirectional").spec().describe());
        assertEquals(3, Tasks.byId("progression").model("question").spec().outputSteps());
        assertEquals(2, Tasks.byId("next2").model("lstm").spec().outputWidth());
    }

    @Test
    void invalidSpecsAreRejected() {
        Layer seq = Layer.Lstm.of(4, Activation.TANH).returningSequences();
        assertThrows(IllegalArgumentException.class, () -> spec(seq, new Layer.Dense(1, Activation.LINEAR)));
        assertThrows(IllegalArgumentException.class, () -> spec(new Layer.Dense(2, Activation.RELU),
                new Layer.Masking(0), new Layer.Dense(1, Activation.LINEAR)));
        assertThrows(IllegalArgumentException.class, () -> spec(Layer.Lstm.of(4, Activation.TANH)));
        assertThrows(IllegalArgumentException.class, () -> Layer.Lstm.of(4, Activation.SIGMOID));
        String msg = assertThrows(IllegalArgumentException.class, () -> ModelSpec.of(
                List.of(new Layer.Dense(1, Activation.LINEAR)), Optimizer.adam(), Loss.MSE, -1, 5, 0.2)).getMessage();
        assertTrue(msg.contains("epochs must be >= 1, got -1"), msg);
        assertThrows(IllegalArgumentException.class, () -> new Layer.Dense(0, Activation.LINEAR));
    }

    static ModelSpec spec(Layer... layers) {
        return ModelSpec.of(List.of(layers), Optimizer.adam(), Loss.MSE, 1, 1, 0);
    }

    @Test
    void cellResultJsonRoundTripsIncludingNaN() throws Exception {
        CellResult r = new CellResult("run-1", "quick", "sum3", "-", "dl4j", "lstm", "recipe", "raw", 1,
                CellStatus.DIVERGED, "loss NaN at epoch 3", "exact", "LSTM(50,relu) > Dense(1)", 1000, 32, 3,
                new HeldOut(Double.NaN, 1, 0.5, 2, 3),
                List.of(new ProbeOutcome("p", new double[]{153}, new double[]{150}, new double[]{3}, new double[]{0.0196}, false)),
                new float[]{0.5f, Float.NaN}, new float[]{1.2f, 2.4f},
                List.of(new EpochPoint(1, 0.5, 1.2, null), new EpochPoint(2, Double.NaN, 2.4, 0.3)), "probe error < 1%",
                false, new FirstMet(2, 2.4), 12.5, 0.1, 10451, Map.of("threads", "1", "lstm", "fused"),
                new io.seqbench.common.result.CellMemory(400_000, 12_000, 80_000), 2.5e-7);
        String line = ResultJson.line(r);
        assertFalse(line.contains("\n"));
        assertTrue(line.startsWith("{\"runId\":\"run-1\",\"profile\":\"quick\",\"task\":\"sum3\""), line);
        assertTrue(line.indexOf("\"lstm\"") < line.indexOf("\"threads\""), "map keys sorted");
        CellResult back = ResultJson.parseCell(line);
        assertEquals(line, ResultJson.line(back));
        assertTrue(Double.isNaN(back.heldOut().rmse()));
        assertTrue(Double.isNaN(back.checks().get(1).loss()));
        assertTrue(Float.isNaN(back.lossCurve()[1]));
        assertEquals(new FirstMet(2, 2.4), back.firstMet());
        assertFalse(back.targetMet());
    }
}
