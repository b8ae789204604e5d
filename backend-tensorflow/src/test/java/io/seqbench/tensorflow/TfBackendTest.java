package io.seqbench.tensorflow;

import io.seqbench.common.Backend;
import io.seqbench.common.Backends;
import io.seqbench.common.Experiment;
import io.seqbench.common.Precision;
import io.seqbench.common.ResidentMemory;
import io.seqbench.common.Support;
import io.seqbench.common.TrainSettings;
import io.seqbench.common.TrainedModel;
import io.seqbench.common.TrainingListener;
import io.seqbench.common.data.Dataset;
import io.seqbench.common.model.InitialParameters;
import io.seqbench.common.model.Layer;
import io.seqbench.common.model.ModelSpec;
import io.seqbench.common.model.Optimizer;
import io.seqbench.common.model.ParamArray;
import io.seqbench.common.model.ReferenceForward;
import io.seqbench.common.tasks.Task;
import io.seqbench.common.tasks.TaskModel;
import io.seqbench.common.tasks.Tasks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * TensorFlow's graph computes Keras' forward pass (against the float64 reference, every layer kind: dense, LSTM tanh and
 * relu, bidirectional, stacked, masked, repeat and time-distributed), learns, loads and returns the shared arrays, and
 * frees its native memory.
 */
class TfBackendTest {
    final TfBackend backend = new TfBackend();

    /** An untrained model (SGD at rate 0 for one epoch leaves the shared arrays as they are) against the reference. */
    @ParameterizedTest
    @CsvSource({"sum3,lstm", "sum3,stacked", "sum3,bidirectional", "sum3,linear", "next2,lstm", "meanones,lstm",
            "echo,window3-lstm", "square,relu-stack", "progression,question"})
    void untrainedForwardPassIsTheFloat64Reference(String task, String model) {
        Task t = Tasks.byId(task);
        Map<String, String> params = task.equals("meanones") ? Map.of("L", "30", "N", "31") : Map.of();
        Experiment e = Experiment.prepare(t, t.model(model), params, 1, 1);
        ModelSpec frozen = e.spec().withOptimizer(new Optimizer(Optimizer.Kind.SGD, 0));
        List<ParamArray> initial = InitialParameters.draw(frozen, e.train().timesteps(), e.train().features(), 1);
        double[][][] x = e.train().x();
        ReferenceForward.Outputs truth = ReferenceForward.compute(frozen, initial, x);
        for (Precision p : Precision.values()) {
            try (TrainedModel m = backend.train(frozen, e.train(), new TrainSettings(1, p, false), TrainingListener.NONE)) {
                double d = truth.difference(m.predict(x));
                double tolerance = p == Precision.FLOAT64 ? 1e-9 : ReferenceForward.FLOAT32_TOLERANCE;
                assertTrue(d < tolerance, task + "/" + model + " " + p + ": " + d + " from the float64 reference");
                assertEquals(initial.size(), m.parameters().orElseThrow().size());
                for (int i = 0; i < initial.size(); i++) {
                    assertArrayEquals(initial.get(i).values(), m.parameters().orElseThrow().get(i).values(), 1e-7f,
                            "the shared arrays are loaded and returned as they are: " + initial.get(i).name());
                }
            }
        }
    }

    @Test
    void learnsSum3AndTheLossFalls() {
        Experiment e = Experiment.prepare(Tasks.byId("sum3"), Tasks.byId("sum3").model("linear"), Map.of(), 1, 300);
        List<Double> losses = new ArrayList<>();
        try (TrainedModel m = backend.train(e.spec(), e.train(), new TrainSettings(1), (ev, p) -> losses.add(ev.loss()))) {
            assertEquals(300, losses.size());
            assertTrue(losses.get(299) < losses.get(0) / 10, losses.get(0) + " -> " + losses.get(299));
            assertTrue(e.worstProbeError(m) < 0.05, "probe error " + e.worstProbeError(m));
        }
    }

    @Test
    void sameSeedSameModel() {
        Experiment e = Experiment.prepare(Tasks.byId("sum3"), Tasks.byId("sum3").model("lstm"), Map.of(), 1, 5);
        double[][] a;
        try (TrainedModel m = backend.train(e.spec(), e.train(), new TrainSettings(3), TrainingListener.NONE)) {
            a = m.predict(e.train().x());
        }
        try (TrainedModel m = backend.train(e.spec(), e.train(), new TrainSettings(3), TrainingListener.NONE)) {
            assertArrayEquals(a[4], m.predict(e.train().x())[4], 0);
        }
    }

    @Test
    void nativeMemoryIsFreedAtClose() {
        Experiment e = Experiment.prepare(Tasks.byId("sum3"), Tasks.byId("sum3").model("lstm"), Map.of(), 1, 2);
        long afterWarmup = 0;
        for (int i = 0; i < 200; i++) {
            try (TrainedModel m = backend.train(e.spec(), e.train(), new TrainSettings(i), TrainingListener.NONE)) {
                m.predict(e.heldOut().size() > 0 ? e.heldOut().x() : e.train().x());
            }
            if (i == 49) {
                afterWarmup = settledKb();
            }
        }
        long grown = settledKb() - afterWarmup;
        assertTrue(grown < 64 * 1024, "RSS grew " + grown / 1024 + " MB over 150 trainings");
    }

    /**
     * Resident memory once the Java heap's garbage is collected: a graph is thousands of small Java objects, which the
     * heap keeps until a collection, so only what outlives one is a leak.
     */
    private static long settledKb() {
        System.gc();
        return ResidentMemory.ofThisJvmKb();
    }

    @Test
    void supportIsExactExceptFactorizationMachinesAndItIsFound() {
        for (Task t : Tasks.all()) {
            for (TaskModel tm : t.models()) {
                boolean fm = tm.spec().layers().get(0) instanceof Layer.FactorizationMachine;
                assertEquals(fm ? Support.Level.UNSUPPORTED : Support.Level.EXACT, backend.support(tm.spec()).level(),
                        t.id() + "/" + tm.name());
            }
        }
        assertTrue(Backends.discover().stream().map(Backend::id).anyMatch("tensorflow"::equals));
        assertTrue(backend.provenance().get("framework").contains("TensorFlow"), backend.provenance().toString());
        assertFalse(backend.nativeLibraries().isEmpty(), "the unpacked native library is found");
    }

    @Test
    void emptyDataIsRefused() {
        ModelSpec spec = Tasks.byId("sum3").model("linear").spec();
        assertThrows(IllegalArgumentException.class, () -> backend.train(spec, new Dataset(new double[0][3][1],
                new double[0][1]), new TrainSettings(1), TrainingListener.NONE));
    }
}
