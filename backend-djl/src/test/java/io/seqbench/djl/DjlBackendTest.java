package io.seqbench.djl;

import io.seqbench.common.Backend;
import io.seqbench.common.ResidentMemory;
import io.seqbench.common.Backends;
import io.seqbench.common.EpochEvent;
import io.seqbench.common.Experiment;
import io.seqbench.common.Support;
import io.seqbench.common.TrainSettings;
import io.seqbench.common.TrainedModel;
import io.seqbench.common.TrainingListener;
import io.seqbench.common.model.Activation;
import io.seqbench.common.model.Layer;
import io.seqbench.common.model.Loss;
import io.seqbench.common.model.ModelSpec;
import io.seqbench.common.model.Optimizer;
import io.seqbench.common.tasks.Task;
import io.seqbench.common.tasks.TaskModel;
import io.seqbench.common.tasks.Tasks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** DJL learns offline, reports MSE (not L2Loss' half), is deterministic, and frees every array it makes. */
class DjlBackendTest {
    final DjlBackend backend = new DjlBackend();

    record Run(Experiment e, TrainedModel m, List<EpochEvent> events) {
    }

    /** A {@code task/model} experiment with the data seed 1 and the given epoch budget. */
    static Experiment experiment(String taskModel, int epochs) {
        String[] parts = taskModel.split("/");
        Task t = Tasks.byId(parts[0]);
        return Experiment.prepare(t, t.model(parts[1]), Map.of(), 1, epochs);
    }

    Run train(String task, String model, int epochs, long seed, Map<String, String> params) {
        Task t = Tasks.byId(task);
        Experiment e = Experiment.prepare(t, t.model(model), params, seed, epochs);
        List<EpochEvent> events = new ArrayList<>();
        TrainedModel m = backend.train(e.spec(), e.train(), new TrainSettings(seed), (ev, p) -> {
            events.add(ev);
            return Double.isFinite(ev.loss());
        });
        return new Run(e, m, events);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sum3", "scale15", "next2", "sumpairs"})
    void linearFixReachesTheProbeWithinTwoPercentOnItsBudget(String task) {
        Run r = train(task, "linear", Tasks.byId(task).model("linear").spec().epochs(), 1, Map.of());
        try (TrainedModel m = r.m()) {
            assertTrue(r.e().worstProbeError(m) < 0.02, task + ": " + r.e().worstProbeError(m));
        }
    }

    /**
     * lastsum2's source probe is not determined by the training data (see common's TasksTest): a gradient update of a linear
     * model never leaves the span of the training windows, so the model's answer at the probe is set by its random
     * initial weights. AdaGrad and Adam both fit the held-out split, and they agree at the probe; another seed does
     * not. This is why no fix model is claimed to reach lastsum2's probe.
     */
    @Test
    void lastsum2LinearProbeAnswerIsSetByTheInitialWeights() {
        Run adagrad = train("lastsum2", "linear", 1000, 1, Map.of());
        Run adam = train("lastsum2", "linear-adam", 1000, 1, Map.of());
        Run otherSeed = train("lastsum2", "linear", 1000, 2, Map.of());
        try (TrainedModel a = adagrad.m(); TrainedModel b = adam.m(); TrainedModel c = otherSeed.m()) {
            assertTrue(adagrad.e().heldOutMetrics(a).rmse() < 0.5, "held-out RMSE " + adagrad.e().heldOutMetrics(a).rmse());
            assertTrue(adam.e().heldOutMetrics(b).rmse() < 0.5, "held-out RMSE " + adam.e().heldOutMetrics(b).rmse());
            double pa = adagrad.e().probes(a).stream().filter(o -> o.reportedOnly()).findFirst().orElseThrow().prediction()[0];
            double pb = adam.e().probes(b).stream().filter(o -> o.reportedOnly()).findFirst().orElseThrow().prediction()[0];
            double pc = otherSeed.e().probes(c).stream().filter(o -> o.reportedOnly()).findFirst().orElseThrow().prediction()[0];
            assertEquals(pa, pb, 0.1, "same initial weights, same probe answer");
            assertTrue(Math.abs(pa - pc) > 1, "seed 1 " + pa + ", seed 2 " + pc);
        }
    }

    @Test
    void reluRecipeLstmLearnsSum3WithTheExplicitCell() {
        Run r = train("sum3", "lstm", 400, 1, Map.of());
        try (TrainedModel m = r.m()) {
            assertTrue(r.e().worstProbeError(m) < 0.02, "probe error " + r.e().worstProbeError(m));
            assertEquals(10451, m.parameterCount(), "the same count as Keras and DL4J");
            assertTrue(m.details().get("lstm").contains("explicit cell"), m.details().toString());
        }
    }

    @Test
    void tanhLstmRunsThePathTheMachineCheckChoseAndMaskedLstmRunsItOnTheUnmaskedSteps() {
        FusedLstmCheck.Path chosen = FusedLstmCheck.onThisMachine().path();
        String unmasked = chosen == FusedLstmCheck.Path.EXPLICIT_CELL ? "explicit cell" : chosen.label;
        Run fused = train("progression", "wide-log", 2, 1, Map.of());
        try (TrainedModel m = fused.m()) {
            // each LSTM's line ends with its path's label: "fused torch.lstm" alone is also the start of another label
            assertTrue(Arrays.stream(m.details().get("lstm").split("; ")).allMatch(k -> k.endsWith(": " + unmasked)),
                    chosen + ": " + m.details());
            assertEquals(3, m.predict(fused.e().train().x())[0].length);
        }
        Run masked = train("meanones", "lstm", 1, 1, Map.of("L", "20", "N", "21"));
        try (TrainedModel m = masked.m()) {
            assertTrue(m.details().get("lstm").contains(chosen == FusedLstmCheck.Path.EXPLICIT_CELL ? "explicit cell"
                    : chosen.label + " on each row's unmasked steps where they are one run"), chosen + ": " + m.details());
        }
    }

    /**
     * meanones' rows are zeros in front of ones. All rows at once (each padded differently) run the fused kernel on each
     * group of rows with the same unmasked steps, one row at a time on its own, and the explicit cell steps through
     * every padded step: all three must be Keras' masked LSTM, the float64 reference.
     */
    @Test
    void maskedLstmFusedOnTheUnmaskedStepsIsTheReference() {
        io.seqbench.common.tasks.Task t = Tasks.byId("meanones");
        Experiment e = Experiment.prepare(t, t.model("lstm"), Map.of("L", "30", "N", "31"), 1, 1);
        // the recipe's LSTM with a linear output (its relu output is 0 on every row of an untrained model)
        ModelSpec spec = ModelSpec.of(List.of(e.spec().layers().get(0), e.spec().layers().get(1),
                new Layer.Dense(1, Activation.LINEAR)), e.spec().optimizer(), e.spec().loss(), 1, 1, 0.2);
        // non-zero biases and a larger kernel, so that a masked step would move the state if it were run
        var params = io.seqbench.common.model.InitialParameters.draw(spec, 30, 1, 5).stream()
                .map(a -> new io.seqbench.common.model.ParamArray(a.name(), a.shape(), perturbed(a.values()))).toList();
        double[][][] x = e.train().x();
        var reference = io.seqbench.common.model.ReferenceForward.compute(spec, params, x);
        var probe = new FusedLstmCheck.Probe("meanones", spec, params, x);
        double[][] together = DjlBackend.untrainedPredictions(probe, FusedLstmCheck.onThisMachine().path());
        double[][] explicit = DjlBackend.untrainedPredictions(probe, FusedLstmCheck.Path.EXPLICIT_CELL);
        double[][] oneByOne = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            oneByOne[i] = DjlBackend.untrainedPredictions(new FusedLstmCheck.Probe("row", spec, params,
                    new double[][][]{x[i]}), FusedLstmCheck.onThisMachine().path())[0];
        }
        assertTrue(reference.difference(together) < io.seqbench.common.model.ReferenceForward.FLOAT32_TOLERANCE,
                "fused by groups of rows: " + reference.difference(together));
        assertTrue(reference.difference(explicit) < io.seqbench.common.model.ReferenceForward.FLOAT32_TOLERANCE,
                "explicit: " + reference.difference(explicit));
        assertTrue(reference.difference(oneByOne) < io.seqbench.common.model.ReferenceForward.FLOAT32_TOLERANCE,
                "fused on the unmasked steps: " + reference.difference(oneByOne));
        assertTrue(java.util.Arrays.stream(together).mapToDouble(r -> r[0]).distinct().count() > 10,
                "the outputs differ by row, so a wrong slice would show");
        // rows of two runs interleaved, each run's rows with different values: a wrong order of rows would show
        double[][][] interleaved = {x[0], x[1], scaled(x[0], 0.5), scaled(x[1], 2), x[2]};
        double[][] grouped = DjlBackend.untrainedPredictions(new FusedLstmCheck.Probe("interleaved", spec, params,
                interleaved), FusedLstmCheck.onThisMachine().path());
        double gap = io.seqbench.common.model.ReferenceForward.compute(spec, params, interleaved).difference(grouped);
        assertTrue(gap < io.seqbench.common.model.ReferenceForward.FLOAT32_TOLERANCE, "interleaved runs: " + gap);
    }

    private static double[][] scaled(double[][] row, double factor) {
        return java.util.Arrays.stream(row).map(step -> java.util.Arrays.stream(step).map(v -> v * factor).toArray())
                .toArray(double[][]::new);
    }

    private static float[] perturbed(float[] v) {
        float[] out = v.clone();
        boolean zero = true;
        for (float f : v) {
            zero &= f == 0;
        }
        for (int i = 0; i < out.length; i++) {
            out[i] = zero ? 0.2f * (i % 5 - 1) : out[i] * 30;
        }
        return out;
    }

    /** On the same weights, the fused and explicit LSTMs must compute the same function. */
    @Test
    void reportedLossIsMseNotHalfOfIt() {
        Task t = Tasks.byId("progression");
        TaskModel base = t.model("wide-log");
        ModelSpec frozen = new ModelSpec(base.spec().layers(), Optimizer.adam(1e-12), Loss.MSE, 1, 1000, 0.2);
        Experiment e = Experiment.prepare(t, new TaskModel("frozen", base.role(), frozen, base.preprocessing(),
                base.dataParams(), "test", 1), Map.of(), 3, 1);
        double[] reported = new double[1];
        try (TrainedModel m = backend.train(e.spec(), e.train(), new TrainSettings(3), (ev, p) -> {
            reported[0] = ev.loss();
            return true;
        })) {
            double[][] pred = m.predict(e.train().x());
            double sum = 0;
            int n = 0;
            for (int i = 0; i < pred.length; i++) {
                for (int j = 0; j < pred[i].length; j++) {
                    sum += Math.pow(pred[i][j] - e.train().y()[i][j], 2);
                    n++;
                }
            }
            assertEquals(sum / n, reported[0], 1e-3 * sum / n);
        }
    }

    @Test
    void divergedLossIsReported() {
        Experiment e = Experiment.prepare(Tasks.byId("sumpairs"), "linear", Map.of(), 1);
        ModelSpec exploding = ModelSpec.of(List.of(new Layer.Dense(1, Activation.LINEAR)),
                new Optimizer(Optimizer.Kind.SGD, 1e6), Loss.MSE, 50, 100, 0.2);
        List<Double> losses = new ArrayList<>();
        try (TrainedModel m = backend.train(exploding, e.train(), new TrainSettings(1), (ev, p) -> {
            losses.add(ev.loss());
            return Double.isFinite(ev.loss());
        })) {
            assertFalse(Double.isFinite(losses.get(losses.size() - 1)), losses.toString());
        }
    }

    @Test
    void sameSeedSamePredictions() {
        Run a = train("sum3", "bidirectional", 5, 4, Map.of());
        Run b = train("sum3", "bidirectional", 5, 4, Map.of());
        Run c = train("sum3", "bidirectional", 5, 5, Map.of());
        try (TrainedModel ma = a.m(); TrainedModel mb = b.m(); TrainedModel mc = c.m()) {
            double[][] x = ma.predict(a.e().train().x());
            double[][] y = mb.predict(a.e().train().x());
            for (int i = 0; i < x.length; i++) {
                assertArrayEquals(x[i], y[i]);
            }
            assertNotEquals(x[0][0], mc.predict(a.e().train().x())[0][0]);
        }
    }

    /**
     * The EasyTrain loop (the measured alternative) trains exactly what the manual loop trains: the same losses
     * epoch by epoch and the same predictions, for Adam on the fused encoder-decoder LSTM (progression), Adam on the
     * explicit relu cell (sum3) and AdaGrad on the linear model (sum3), and it leaves no arrays behind as epochs go by.
     * So the set-up comparison times the loop and nothing else.
     */
    @ParameterizedTest
    @ValueSource(strings = {"progression/wide-log", "sum3/lstm-std", "sum3/linear"})
    void easyTrainLoopTrainsWhatTheManualLoopTrains(String taskModel) {
        Experiment e = experiment(taskModel, 20);
        List<Double> manualLoss = new ArrayList<>();
        assertEquals(taskModel.startsWith("progression"), e.spec().layers().get(0) instanceof Layer.Lstm l
                && l.activation() == Activation.TANH, "the progression case is the fused LSTM");
        List<Double> easyLoss = new ArrayList<>();
        try (TrainedModel manual = new DjlBackend(false, true).train(e.spec(), e.train(), new TrainSettings(3), (ev, p) -> manualLoss.add(ev.loss()));
             TrainedModel easy = new DjlBackend(true, false).train(e.spec(), e.train(), new TrainSettings(3), (ev, p) -> easyLoss.add(ev.loss()));
             TrainedModel shorter = new DjlBackend(true, false).train(e.spec().withEpochs(5), e.train(), new TrainSettings(3), TrainingListener.NONE)) {
            assertEquals(20, easyLoss.size());
            for (int i = 0; i < 20; i++) {
                assertEquals(manualLoss.get(i), easyLoss.get(i), 1e-5 * Math.max(1, manualLoss.get(i)),
                        "epoch " + (i + 1) + "; manual " + manualLoss + "; EasyTrain " + easyLoss);
            }
            double[][] a = manual.predict(e.heldOut().x());
            double[][] b = easy.predict(e.heldOut().x());
            for (int i = 0; i < a.length; i++) {
                assertArrayEquals(a[i], b[i], 1e-4);
            }
            assertEquals(((DjlModel) shorter).managedArrays(), ((DjlModel) easy).managedArrays(), "5 or 20 epochs, the same arrays");
        }
    }

    /**
     * One optimizer call over the flat parameter array (the default) trains bit for bit what one call per parameter
     * trains, for Adam on the fused LSTM (progression), Adam on the explicit cell (sum3, bidirectional: eight
     * parameters), AdaGrad on the linear model, and the parameters move: the update reaches the arrays the forward pass
     * reads. Equal losses, not close ones: the update is elementwise, so the same arithmetic reaches every element.
     * Predictions agree to float32's rounding ({@code FusedLstmCheckTest}'s bound, 1e-5 of the largest output), not bit
     * for bit: on the fused LSTM, PyTorch's inference kernel rounds progression's differently in the last bits with the
     * weights held as views (measured: 3 units in the last place; aligning each view to 64 bytes did not change it), while
     * every loss, from the training kernel, is equal.
     */
    @ParameterizedTest
    @ValueSource(strings = {"progression/wide-log", "sum3/bidirectional", "sum3/linear"})
    void oneUpdateOverAllParametersTrainsWhatOnePerParameterTrains(String taskModel) {
        Experiment e = experiment(taskModel, 20);
        List<Double> flatLoss = new ArrayList<>();
        List<Double> eachLoss = new ArrayList<>();
        try (TrainedModel flat = new DjlBackend(false, true).train(e.spec(), e.train(), new TrainSettings(3), (ev, p) -> flatLoss.add(ev.loss()));
             TrainedModel each = new DjlBackend(false, false).train(e.spec(), e.train(), new TrainSettings(3), (ev, p) -> eachLoss.add(ev.loss()));
             TrainedModel oneEpoch = new DjlBackend(false, true).train(e.spec().withEpochs(1), e.train(), new TrainSettings(3), TrainingListener.NONE)) {
            assertEquals(eachLoss, flatLoss);
            double[][] a = flat.predict(e.heldOut().x());
            double[][] b = each.predict(e.heldOut().x());
            double[][] u = oneEpoch.predict(e.heldOut().x());
            for (int i = 0; i < a.length; i++) {
                assertArrayEquals(b[i], a[i], FusedLstmCheckTest.FLOAT32_TOLERANCE
                        * Math.max(1, java.util.Arrays.stream(b[i]).map(Math::abs).max().orElse(0)), "row " + i);
            }
            assertNotEquals(u[0][0], a[0][0], "the updates reach the arrays the forward pass reads");
        }
    }

    /** Training and prediction do not grow the model's manager, and 200 trainings keep the resident set flat. */
    @Test
    void noArrayOrNativeMemoryLeaks() throws Exception {
        Experiment e = Experiment.prepare(Tasks.byId("sum3"), Tasks.byId("sum3").model("lstm"), Map.of(), 1, 2);
        try (TrainedModel m = backend.train(e.spec(), e.train(), new TrainSettings(1), TrainingListener.NONE)) {
            int before = ((DjlModel) m).managedArrays();
            for (int i = 0; i < 100; i++) {
                m.predict(e.heldOut().x());
            }
            assertEquals(before, ((DjlModel) m).managedArrays(), "100 forward passes leave no arrays behind");
        }
        long afterWarmup = 0;
        for (int i = 0; i < 200; i++) {
            try (TrainedModel m = backend.train(e.spec(), e.train(), new TrainSettings(i), TrainingListener.NONE)) {
                m.predict(e.heldOut().x());
            }
            if (i == 49) {
                afterWarmup = ResidentMemory.ofThisJvmKb();
            }
        }
        long grown = ResidentMemory.ofThisJvmKb() - afterWarmup;
        assertTrue(grown < 64 * 1024, "RSS grew " + grown / 1024 + " MB over 150 trainings");
    }

    @Test
    void supportIsExactExceptFactorizationMachines() {
        for (Task t : Tasks.all()) {
            for (TaskModel tm : t.models()) {
                boolean fm = tm.spec().layers().get(0) instanceof Layer.FactorizationMachine;
                assertEquals(fm ? Support.Level.UNSUPPORTED : Support.Level.EXACT, backend.support(tm.spec()).level(),
                        t.id() + "/" + tm.name());
            }
        }
    }

    @Test
    void offlineProvenanceAndCacheUnderTheBuildDirectory() {
        Map<String, String> p = backend.provenance();
        assertEquals("true", System.getProperty("ai.djl.offline"));
        assertEquals("true", p.get("offline"));
        assertTrue(p.get("framework").contains("DJL 0.35.1") && p.get("framework").contains("PyTorch 2.7.1"), p.toString());
        assertTrue(p.get("native").contains("target/djl-cache"), "libtorch unpacked under the build dir: " + p);
        assertTrue(Backends.discover().stream().map(Backend::id).anyMatch("djl"::equals));
    }
}
