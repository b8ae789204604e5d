package io.seqbench.dl4j;

import io.seqbench.common.Backend;
import io.seqbench.common.ResidentMemory;
import io.seqbench.common.Backends;
import io.seqbench.common.EpochEvent;
import io.seqbench.common.Experiment;
import io.seqbench.common.Support;
import io.seqbench.common.TrainSettings;
import io.seqbench.common.TrainedModel;
import io.seqbench.common.TrainingListener;
import io.seqbench.common.model.InitialParameters;
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
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** DL4J learns, reports losses honestly, is deterministic, supports the catalogue and releases native memory. */
class Dl4jBackendTest {
    final Dl4jBackend backend = new Dl4jBackend();

    record Run(Experiment e, TrainedModel m, List<EpochEvent> events) {
    }

    Run train(String task, String model, int epochs, long seed) {
        Task t = Tasks.byId(task);
        TaskModel tm = t.model(model);
        Experiment e = Experiment.prepare(t, tm, Map.of(), seed, epochs);
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
        Run r = train(task, "linear", Tasks.byId(task).model("linear").spec().epochs(), 1);
        try (TrainedModel m = r.m()) {
            double err = r.e().worstProbeError(m);
            assertTrue(err < 0.02, task + ": probe error " + err);
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
        Run adagrad = train("lastsum2", "linear", 1000, 1);
        Run adam = train("lastsum2", "linear-adam", 1000, 1);
        Run otherSeed = train("lastsum2", "linear", 1000, 2);
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

    /** The relu LSTM recipe learns sum3 on DL4J (the article's Keras run was 4.6% off; this asks for 2%). */
    @Test
    void sum3RecipeLstmLearns() {
        Run r = train("sum3", "lstm", 400, 1);
        try (TrainedModel m = r.m()) {
            assertTrue(r.e().worstProbeError(m) < 0.02, "probe error " + r.e().worstProbeError(m));
            assertTrue(r.events().get(399).loss() < r.events().get(0).loss() / 100, "loss falls");
            assertEquals(10451, m.parameterCount(), "Keras: LSTM(50) on 1 feature 10400 + Dense(1) 51");
        }
    }

    @Test
    void divergedLossIsReportedNotHidden() {
        Experiment e = Experiment.prepare(Tasks.byId("sumpairs"), "linear", Map.of(), 1);
        ModelSpec exploding = ModelSpec.of(List.of(new Layer.Dense(1, io.seqbench.common.model.Activation.LINEAR)),
                new Optimizer(Optimizer.Kind.SGD, 1e6), Loss.MSE, 50, 100, 0.2);
        List<Double> losses = new ArrayList<>();
        try (TrainedModel m = backend.train(exploding, e.train(), new TrainSettings(1), (ev, p) -> {
            losses.add(ev.loss());
            return Double.isFinite(ev.loss());
        })) {
            assertFalse(Double.isFinite(losses.get(losses.size() - 1)), "last loss " + losses);
            assertTrue(losses.size() < 50, "stopped when the listener said so");
        }
    }

    @Test
    void reportedLossIsTheSpecsLossIncludingSequenceOutputs() {
        // one epoch at a learning rate too small to move: the reported loss is the MSE of the initial model
        for (String task : new String[]{"sum3", "progression"}) {
            Task t = Tasks.byId(task);
            TaskModel base = task.equals("sum3") ? t.model("lstm") : t.model("wide-log");
            ModelSpec frozen = new ModelSpec(base.spec().layers(), Optimizer.adam(1e-12), Loss.MSE, 1, 1000,
                    base.spec().heldOutFraction());
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
                        double d = pred[i][j] - e.train().y()[i][j];
                        sum += d * d;
                        n++;
                    }
                }
                assertEquals(sum / n, reported[0], 1e-3 * (sum / n), task);
            }
        }
    }

    @Test
    void sameSeedSamePredictionsDifferentSeedDifferent() {
        double[][] a;
        double[][] b;
        double[][] c;
        Run r1 = train("sum3", "lstm", 20, 5);
        Run r2 = train("sum3", "lstm", 20, 5);
        Run r3 = train("sum3", "lstm", 20, 6);
        try (TrainedModel m1 = r1.m(); TrainedModel m2 = r2.m(); TrainedModel m3 = r3.m()) {
            a = m1.predict(r1.e().train().x());
            b = m2.predict(r1.e().train().x());
            c = m3.predict(r1.e().train().x());
        }
        for (int i = 0; i < a.length; i++) {
            assertArrayEquals(a[i], b[i], "same seed, same threads: identical");
        }
        assertNotEquals(a[0][0], c[0][0]);
    }

    @Test
    void everyCatalogueModelKindBuildsTrainsAndPredictsTheRightShape() {
        for (Task t : Tasks.all()) {
            for (TaskModel tm : t.models()) {
                Support s = backend.support(tm.spec());
                if (tm.spec().layers().get(0) instanceof Layer.FactorizationMachine) {
                    assertEquals(Support.Level.UNSUPPORTED, s.level());
                    continue;
                }
                assertEquals(Support.Level.EXACT, s.level(), t.id() + "/" + tm.name());
            }
        }
        // one epoch of each distinct kind, on small data
        for (String[] c : new String[][]{{"sum3", "bidirectional", "1"}, {"product2", "stacked", "1"},
                {"progression", "question", "3"}, {"next2", "stacked", "2"}}) {
            Run r = train(c[0], c[1], 1, 1);
            try (TrainedModel m = r.m()) {
                double[][] p = m.predict(r.e().train().x());
                assertEquals(r.e().train().size(), p.length);
                assertEquals(Integer.parseInt(c[2]), p[0].length, c[0] + "/" + c[1]);
            }
        }
        Experiment small = Experiment.prepare(Tasks.byId("meanones"), Tasks.byId("meanones").model("lstm"),
                Map.of("L", "20", "N", "21"), 1, 1);
        try (TrainedModel m = backend.train(small.spec(), small.train(), new TrainSettings(1), TrainingListener.NONE)) {
            assertEquals(1, m.predict(small.heldOut().x())[0].length);
            assertTrue(m.details().containsKey("masking"));
        }
    }

    /**
     * The graph holds exactly the shared initial arrays (bit for bit, read back in Keras' layout through the gate
     * permutation), on every kind of layer: dense, LSTM, stacked, bidirectional, the encoder-decoder and masking.
     * Training at learning rate 0 for one epoch leaves them as loaded.
     */
    @Test
    void loadsTheSharedInitialArraysBitForBit() {
        for (String[] c : new String[][]{{"sum3", "bidirectional"}, {"sum3", "stacked"}, {"progression", "question"},
                {"square", "relu-stack"}, {"next2", "stacked"}}) {
            Task t = Tasks.byId(c[0]);
            Experiment e = Experiment.prepare(t, c[1], Map.of(), 7);
            ModelSpec still = e.spec().withEpochs(1).withOptimizer(new Optimizer(Optimizer.Kind.SGD, 0));
            List<ParamArray> initial = InitialParameters.draw(still, e.train().timesteps(), e.train().features(), 7);
            try (TrainedModel m = backend.train(still, e.train(), new TrainSettings(7), TrainingListener.NONE)) {
                List<ParamArray> loaded = m.parameters().orElseThrow();
                assertEquals(initial.size(), loaded.size());
                for (int i = 0; i < initial.size(); i++) {
                    assertTrue(initial.get(i).sameAs(loaded.get(i)), c[0] + "/" + c[1] + " " + initial.get(i).name());
                }
            }
        }
    }

    /**
     * Keras' Masking skips masked steps, so a row with leading masked zeros must predict exactly what the same row
     * without them predicts, also after training has made the biases non-zero. DL4J's own masking failed this (19
     * leading zeros: 0.373 against 0.181); with the unmasked steps moved to the front it holds. A row masked
     * throughout predicts what Keras does: the head on the LSTM's zero initial state.
     */
    @Test
    void leadingMaskedStepsAreSkippedAsKerasSkipsThem() {
        Experiment e = Experiment.prepare(Tasks.byId("meanones"), Tasks.byId("meanones").model("lstm"),
                Map.of("L", "20", "N", "21"), 1, 5);
        try (TrainedModel m = backend.train(e.spec(), e.train(), new TrainSettings(1), TrainingListener.NONE)) {
            for (int zeros : new int[]{5, 12, 19}) {
                double[][][] masked = new double[1][20][1];
                double[][][] trimmed = new double[1][20 - zeros][1];
                for (int s = 0; s < 20; s++) {
                    masked[0][s][0] = s < zeros ? 0 : 1;
                }
                for (double[] step : trimmed[0]) {
                    step[0] = 1;
                }
                assertEquals(m.predict(trimmed)[0][0], m.predict(masked)[0][0], 1e-6, zeros + " leading zeros");
            }
            // masked throughout: Keras' LSTM gives its zero initial state, so the prediction is the Dense(1, relu)
            // head on zeros, relu(bias); DL4J alone gave 0.095 where that is 0.043
            List<ParamArray> p = m.parameters().orElseThrow();
            double head = Math.max(0, p.get(p.size() - 1).values()[0]);
            assertTrue(head > 0, "the check needs a head that is not 0 on a zero state");
            assertEquals(head, m.predict(new double[1][20][1])[0][0], 1e-6, "a row masked throughout");
        }
        ModelSpec bi = ModelSpec.of(List.of(new Layer.Masking(0), Layer.Lstm.of(4, io.seqbench.common.model.Activation.TANH)
                .bidirectionalLayer(), new Layer.Dense(1, io.seqbench.common.model.Activation.LINEAR)), Optimizer.adam(), Loss.MSE,
                1, 1, 0.1);
        assertEquals(Support.Level.APPROXIMATE, backend.support(bi).level(), "moving steps would change a backward pass");
    }

    @Test
    void gatePermutationRoundTrips() {
        float[] v = new float[2 * 12];
        for (int i = 0; i < v.length; i++) {
            v[i] = i;
        }
        ParamArray keras = new ParamArray("k", new int[]{2, 12}, v);
        float[] dl4j = Dl4jWeights.permute(keras, false);
        // row 0, DL4J's first block is Keras' c (block 2): values 6, 7, 8
        assertArrayEquals(new float[]{6, 7, 8, 3, 4, 5, 9, 10, 11, 0, 1, 2}, java.util.Arrays.copyOf(dl4j, 12));
        assertArrayEquals(v, Dl4jWeights.permute(new ParamArray("k", new int[]{2, 12}, dl4j), true));
    }

    /** 200 consecutive trainings in one JVM: the resident set must not keep growing. */
    @Test
    void nativeMemoryIsReleasedPerModel() throws Exception {
        Experiment e = Experiment.prepare(Tasks.byId("sum3"), Tasks.byId("sum3").model("lstm"), Map.of(), 1, 2);
        long afterWarmup = 0;
        for (int i = 0; i < 200; i++) {
            try (TrainedModel m = backend.train(e.spec(), e.train(), new TrainSettings(i), TrainingListener.NONE)) {
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

    @Test
    void provenanceNamesVersionsNativesAndThreads() {
        Map<String, String> p = backend.provenance();
        assertTrue(p.get("framework").contains("1.0.0-M2.1"), p.toString());
        assertTrue(p.get("native").startsWith("nd4j-native-1.0.0-M2.1-linux-x86_64"), p.toString());
        assertTrue(p.get("threads").contains("omp=1"), p.toString());
        assertTrue(Backends.discover().stream().map(Backend::id).anyMatch("dl4j"::equals));
    }
}
