package io.seqbench.dl4j;

import io.seqbench.common.Experiment;
import io.seqbench.common.ResidentMemory;
import io.seqbench.common.Support;
import io.seqbench.common.TrainSettings;
import io.seqbench.common.TrainedModel;
import io.seqbench.common.TrainingListener;
import io.seqbench.common.model.Activation;
import io.seqbench.common.model.Layer;
import io.seqbench.common.model.Loss;
import io.seqbench.common.model.ModelSpec;
import io.seqbench.common.model.Optimizer;
import io.seqbench.common.model.ParamArray;
import io.seqbench.common.tasks.Task;
import io.seqbench.common.tasks.TaskModel;
import io.seqbench.common.tasks.Tasks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * DL4J's SameDiff API: learns sum3 and scale15 to the target (the linear fix; sum3's bidirectional LSTM), is
 * deterministic, holds the shared arrays bit for bit before training, says what it cannot run, releases its memory.
 */
class SameDiffBackendTest {
    final SameDiffBackend backend = new SameDiffBackend();

    TrainedModel train(Experiment e, long seed) {
        return backend.train(e.spec(), e.train(), new TrainSettings(seed), TrainingListener.NONE);
    }

    static Experiment experiment(String task, String model) {
        Task t = Tasks.byId(task);
        TaskModel tm = t.model(model);
        return Experiment.prepare(t, tm, Map.of(), 1, tm.spec().epochs());
    }

    @ParameterizedTest
    @CsvSource({"sum3, linear", "scale15, linear", "sum3, bidirectional"})
    void fixesReachTheTargetOnTheirBudget(String task, String model) {
        Experiment e = experiment(task, model);
        try (TrainedModel m = train(e, 1)) {
            double err = e.worstProbeError(m);
            assertTrue(err < Tasks.byId(task).target().threshold(), task + " " + model + ": probe error " + err);
        }
    }

    /**
     * A minibatch of one row through hidden dense layers and into a one-unit output: the two shapes whose backward
     * pass fails in one of SameDiff's two dense forms (see {@link SameDiffGraph#dense}). Trained as the layer API
     * trains it, loss for loss.
     */
    @Test
    void aMinibatchOfOneRowTrainsAsTheLayerApiDoes() {
        Experiment e = experiment("product2", "mlp-std");
        int n = e.train().size();
        var spec = e.spec().withEpochs(3).withBatchSize(n - 1);
        List<Double> samediff = new java.util.ArrayList<>();
        List<Double> layers = new java.util.ArrayList<>();
        try (TrainedModel m = backend.train(spec, e.train(), new TrainSettings(1), (ev, p) -> samediff.add(ev.loss()))) {
            assertEquals(3, samediff.size());
        }
        try (TrainedModel m = new Dl4jBackend().train(spec, e.train(), new TrainSettings(1), (ev, p) -> layers.add(ev.loss()))) {
            assertEquals(3, layers.size());
        }
        for (int i = 0; i < 3; i++) {
            assertEquals(layers.get(i), samediff.get(i), 1e-5 * Math.abs(layers.get(i)), "epoch " + (i + 1));
        }
    }

    @Test
    void sameSeedSamePredictions() {
        Experiment e = Experiment.prepare(Tasks.byId("sum3"), Tasks.byId("sum3").model("bidirectional"), Map.of(), 1, 20);
        double[][] a;
        double[][] b;
        try (TrainedModel m = train(e, 3)) {
            a = m.predict(e.heldOut().x());
        }
        try (TrainedModel m = train(e, 3)) {
            b = m.predict(e.heldOut().x());
        }
        assertArrayEquals(a, b);
    }

    @Test
    void untrainedModelHoldsTheSharedArraysBitForBit() {
        for (String[] c : new String[][]{{"sum3", "bidirectional"}, {"sum3", "stacked"}, {"progression", "wide-log"},
                {"square", "relu-stack"}, {"next2", "stacked"}}) {
            Experiment e = Experiment.prepare(Tasks.byId(c[0]), Tasks.byId(c[0]).model(c[1]), Map.of(), 1, 1);
            List<ParamArray> initial = io.seqbench.common.model.InitialParameters.draw(e.spec(), e.train().timesteps(),
                    e.train().features(), 5);
            try (TrainedModel m = backend.start(e.spec(), e.train(), new TrainSettings(5)).finish()) {
                List<ParamArray> now = m.parameters().orElseThrow();
                assertEquals(initial.size(), now.size(), c[0] + " " + c[1]);
                for (int i = 0; i < initial.size(); i++) {
                    assertTrue(initial.get(i).sameAs(now.get(i)), c[0] + " " + c[1] + ": " + initial.get(i).name());
                }
            }
        }
    }

    @Test
    void oneUnitLstmsFactorizationMachinesAndMaskingItCannotPickAreUnsupportedWithAReason() {
        assertFalse(backend.support(Tasks.byId("square").model("fm").spec()).runnable());
        Support oneUnit = backend.support(Tasks.byId("progression").model("question").spec());
        assertFalse(oneUnit.runnable());
        assertTrue(oneUnit.reason().contains("one unit"), oneUnit.reason());
        ModelSpec bi = ModelSpec.of(List.of(new Layer.Masking(0), Layer.Lstm.of(4, Activation.TANH).bidirectionalLayer(),
                new Layer.Dense(1, Activation.LINEAR)), Optimizer.adam(), Loss.MSE, 1, 1, 0.1);
        assertFalse(backend.support(bi).runnable());
        assertTrue(backend.support(bi).reason().contains("Masking"), backend.support(bi).reason());
        assertEquals(Support.Level.EXACT, backend.support(Tasks.byId("meanones").model("lstm").spec()).level());
    }

    /**
     * Keras' Masking, as the layer API runs it (whose masking is tested against rows without the masked steps): after
     * training on meanones, every row, including one with 19 leading masked zeros and the row that is all masked,
     * predicts what the layer API predicts, to 1e-5 relative: above float32 rounding over 42 steps of batch 1, far
     * below what wrong masking moves (stepping through masked steps, or a non-zero state for the row masked
     * throughout, moved predictions by half).
     */
    @Test
    void maskedRowsPredictAsTheLayerApiDoes() {
        Experiment e = Experiment.prepare(Tasks.byId("meanones"), Tasks.byId("meanones").model("lstm"),
                Map.of("L", "20", "N", "21"), 1, 2);
        double[][][] rows = new double[21][20][1];
        for (int zeros = 0; zeros <= 20; zeros++) {
            for (int s = zeros; s < 20; s++) {
                rows[zeros][s][0] = 1;
            }
        }
        double[][] samediff;
        double[][] layers;
        try (TrainedModel m = train(e, 1)) {
            samediff = m.predict(rows);
        }
        try (TrainedModel m = new Dl4jBackend().train(e.spec(), e.train(), new TrainSettings(1), TrainingListener.NONE)) {
            layers = m.predict(rows);
        }
        for (int i = 0; i < rows.length; i++) {
            assertEquals(layers[i][0], samediff[i][0], 1e-5 * Math.abs(layers[i][0]), i + " leading zeros");
        }
    }

    @Test
    void residentMemoryIsFlatOver200Trainings() throws Exception {
        Experiment e = Experiment.prepare(Tasks.byId("sum3"), Tasks.byId("sum3").model("lstm"), Map.of(), 1, 2);
        long afterWarmup = 0;
        for (int i = 0; i < 200; i++) {
            try (TrainedModel m = train(e, i)) {
                m.predict(e.heldOut().x());
            }
            if (i == 49) {
                System.gc();
                afterWarmup = ResidentMemory.ofThisJvmKb();
            }
        }
        System.gc();
        long end = ResidentMemory.ofThisJvmKb();
        assertTrue(end - afterWarmup < 64 * 1024, "RSS grew " + (end - afterWarmup) / 1024 + " MB over 150 trainings");
    }
}
