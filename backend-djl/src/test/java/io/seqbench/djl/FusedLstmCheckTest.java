package io.seqbench.djl;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import io.seqbench.common.Experiment;
import io.seqbench.common.TrainSettings;
import io.seqbench.common.TrainedModel;
import io.seqbench.common.TrainingListener;
import io.seqbench.common.model.Activation;
import io.seqbench.common.model.InitialParameters;
import io.seqbench.common.model.Layer;
import io.seqbench.common.model.ModelSpec;
import io.seqbench.common.model.Optimizer;
import io.seqbench.common.model.ReferenceForward;
import io.seqbench.common.tasks.Tasks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * DJL's LSTM paths against the float64 reference, not against each other, so that a failure says which path is
 * wrong; and the per-machine check that keeps a wrong kernel out of every result.
 */
class FusedLstmCheckTest {
    /**
     * A correct float32 pass lies within this of the float64 truth, relative to the largest output. Derived from
     * float32's unit roundoff u = 2^-24 = 6.0e-8: an n-term dot product is exact to n u times the sum of its terms'
     * magnitudes (Higham's bound), and here each gate is 10 terms (1 input, 8 recurrent, the bias) over 3 steps, then
     * 9 terms in the output layer, so rounding alone stays under (3 x 10 + 9 + a few for the activations) u = 2.6e-6 of
     * the magnitudes involved; on sum3's inputs those are at most a few times the largest output, hence 1e-5.
     * Measured on an AVX-512 EPYC (Zen 4): below 6e-7 on every path.
     */
    static final double FLOAT32_TOLERANCE = 1e-5;

    /**
     * Each path against the reference: the one the check chose on this machine and every later fallback must compute
     * it; a path before the chosen one was refused here, and its difference says so (on a Zen 5 EPYC, the fused
     * inference kernel: 1.7e-2 on the bidirectional one). On machines where the fused kernel is right, all three are checked.
     */
    @ParameterizedTest
    @EnumSource(FusedLstmCheck.Path.class)
    void everyLstmPathFromTheChosenOneComputesTheFloat64Reference(FusedLstmCheck.Path path) {
        FusedLstmCheck.Outcome chosen = FusedLstmCheck.onThisMachine();
        Experiment e = Experiment.prepare(Tasks.byId("sum3"), "lstm", Map.of(), 1);
        for (boolean bi : new boolean[]{false, true}) {
            Layer.Lstm tanh = Layer.Lstm.of(8, Activation.TANH);
            ModelSpec spec = ModelSpec.of(List.of(bi ? tanh.bidirectionalLayer() : tanh, new Layer.Dense(1, Activation.LINEAR)),
                    Optimizer.adam(1e-3), e.spec().loss(), 1, 100, 0.2);
            FusedLstmCheck.Probe probe = new FusedLstmCheck.Probe("sum3", spec,
                    InitialParameters.draw(spec, e.train().timesteps(), e.train().features(), 3), e.train().x());
            double d = probe.reference().difference(DjlBackend.untrainedPredictions(probe, path));
            if (path.ordinal() >= chosen.path().ordinal()) {
                assertTrue(d < FLOAT32_TOLERANCE, path + ", bidirectional=" + bi + ": " + d + " from the float64 reference");
            } else {
                int rejected = chosen.evidence().indexOf("rejected on this CPU: ");
                assertTrue(rejected >= 0 && chosen.evidence().substring(rejected).contains(path.label + ": worst"),
                        chosen.evidence());
            }
        }
    }

    /**
     * The fallback must run the kernel it names: oneDNN picks its LSTM training kernel only while gradients are
     * recorded, so predictions on that path are the training forward pass's outputs bit for bit. (Predicting with
     * {@code train = true} alone ran the inference kernel: on a Zen 5 EPYC both fused paths were then wrong alike.)
     */
    @Test
    void predictionsOnTheTrainingKernelPathAreATrainingForwardPassBitForBit() {
        for (FusedLstmCheck.Probe probe : FusedLstmCheck.probes()) {
            double[][] predicted = DjlBackend.untrainedPredictions(probe, FusedLstmCheck.Path.FUSED_TRAINING_KERNEL);
            double[][] training = trainingForwardPass(probe);
            for (int i = 0; i < predicted.length; i++) {
                assertArrayEquals(training[i], predicted[i], 0, probe.name() + ", row " + i);
            }
        }
    }

    /**
     * On any machine: a network on the training-kernel path predicts with gradients recorded exactly when it runs a
     * fused LSTM (the catalogue's, meanones' masked one included), and on the other paths never.
     */
    @Test
    void exactlyTheNetworksWithAFusedLstmPredictWithTheTrainingKernelOnItsPath() {
        for (io.seqbench.common.tasks.Task task : Tasks.all()) {
            for (io.seqbench.common.tasks.TaskModel model : task.models()) {
                ModelSpec spec = model.spec();
                if (new DjlBackend().support(spec).level() == io.seqbench.common.Support.Level.UNSUPPORTED) {
                    continue;
                }
                Experiment e = Experiment.prepare(task, model, Map.of(), 1, 1);
                int steps = e.train().timesteps();
                int features = e.train().features();
                List<io.seqbench.common.model.ParamArray> params = InitialParameters.draw(spec, steps, features, 1);
                for (FusedLstmCheck.Path path : FusedLstmCheck.Path.values()) {
                    try (NDManager root = NDManager.newBaseManager(DjlSetup.engine().defaultDevice(), DjlSetup.ENGINE)) {
                        DjlNetwork net = new DjlNetwork(spec, steps, features, root, params, DataType.FLOAT32, path,
                                DjlSetup.FLAT_UPDATE);
                        boolean expected = path == FusedLstmCheck.Path.FUSED_TRAINING_KERNEL && FusedLstmCheck.runsFused(spec);
                        assertEquals(expected, net.predictsWithTrainingKernel(), task.id() + "/" + model.name() + ", " + path);
                    }
                }
            }
        }
    }

    /** The fused network's forward pass as a training step runs it: gradients recorded, training mode. */
    private static double[][] trainingForwardPass(FusedLstmCheck.Probe probe) {
        Engine engine = DjlSetup.engine();
        DjlSetup.claimThreads();
        double[][][] x = probe.x();
        try (NDManager root = NDManager.newBaseManager(engine.defaultDevice(), DjlSetup.ENGINE)) {
            DjlNetwork net = new DjlNetwork(probe.spec(), x[0].length, x[0][0].length, root, probe.params(),
                    DataType.FLOAT32, FusedLstmCheck.Path.FUSED, DjlSetup.FLAT_UPDATE);
            try (GradientCollector recording = engine.newGradientCollector()) {
                return DjlModel.rows(net.forward(DjlModel.sequences(root, x, DataType.FLOAT32), true));
            }
        }
    }

    /** End to end, through the backend: whatever path the check chose here, every catalogue LSTM it covers is right. */
    @Test
    void theBackendsPredictionsOnEveryFusedCatalogueLstmAreTheReference() {
        DjlBackend backend = new DjlBackend();
        List<FusedLstmCheck.Probe> probes = FusedLstmCheck.probes();
        assertTrue(probes.size() >= 4, "the catalogue's fused LSTMs: " + probes.size());
        for (FusedLstmCheck.Probe p : probes) {
            double[][][] x = p.x();
            ModelSpec frozen = p.spec().withEpochs(1).withBatchSize(x.length).withOptimizer(new Optimizer(Optimizer.Kind.SGD, 0));
            try (TrainedModel m = backend.train(frozen, new io.seqbench.common.data.Dataset(x, new double[x.length][outputs(p)]),
                    new TrainSettings(1), TrainingListener.NONE)) {
                double d = p.reference().difference(m.predict(x));
                assertTrue(d <= ReferenceForward.FLOAT32_TOLERANCE, p.name() + ": " + d + " (" + FusedLstmCheck.onThisMachine() + ")");
            }
        }
        assertTrue(backend.provenance().get("lstm check").startsWith("checked against the float64 reference"),
                backend.provenance().toString());
    }

    private static int outputs(FusedLstmCheck.Probe p) {
        return p.reference().values()[0].length;
    }

    /** A planted wrong inference kernel, as on the Zen 5: the check falls back to the training kernel and says why. */
    @Test
    void aWrongInferenceKernelIsRefusedForTheTrainingModeKernel() {
        List<FusedLstmCheck.Probe> probes = FusedLstmCheck.probes();
        FusedLstmCheck.Outcome o = FusedLstmCheck.choose(probes, (probe, path) -> path == FusedLstmCheck.Path.FUSED
                ? planted(probe, probe.name().startsWith("progression")) : probe.reference().values());
        assertEquals(FusedLstmCheck.Path.FUSED_TRAINING_KERNEL, o.path());
        assertTrue(o.evidence().matches(".*rejected on this CPU: fused torch\\.lstm: worst [0-9.e+]+ \\(progression/.*"), o.evidence());
    }

    @Test
    void whenEveryFusedKernelIsWrongTheExplicitCellRuns() {
        List<FusedLstmCheck.Probe> probes = FusedLstmCheck.probes();
        FusedLstmCheck.Outcome o = FusedLstmCheck.choose(probes, (probe, path) ->
                planted(probe, path != FusedLstmCheck.Path.EXPLICIT_CELL));
        assertEquals(FusedLstmCheck.Path.EXPLICIT_CELL, o.path());
        assertTrue(o.evidence().startsWith("checked against"), o.evidence());
        FusedLstmCheck.Outcome none = FusedLstmCheck.choose(probes, (probe, path) -> planted(probe, true));
        assertTrue(none.evidence().startsWith("no path agrees"), none.evidence());
    }

    /** The reference, or (when {@code wrong}) the reference with its first output's sign turned. */
    private static double[][] planted(FusedLstmCheck.Probe probe, boolean wrong) {
        double[][] r = probe.reference().values();
        if (wrong) {
            r[0][0] = r[0][0] == 0 ? 1 : -r[0][0];
        }
        return r;
    }
}
