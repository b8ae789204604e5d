package io.seqbench.bench.verify;

import io.seqbench.bench.cli.Cli;
import io.seqbench.bench.cli.VerifyCommand;
import io.seqbench.bench.report.EquivalenceSection;
import io.seqbench.bench.FakeBackend;
import io.seqbench.bench.verify.Check;
import io.seqbench.common.Backend;
import io.seqbench.common.Backends;
import io.seqbench.common.Experiment;
import io.seqbench.common.Precision;
import io.seqbench.common.TrainSettings;
import io.seqbench.common.TrainedModel;
import io.seqbench.common.TrainingListener;
import io.seqbench.common.model.InitialParameters;
import io.seqbench.common.model.ModelSpec;
import io.seqbench.common.model.Optimizer;
import io.seqbench.common.model.ParamArray;
import io.seqbench.common.tasks.Task;
import io.seqbench.common.tasks.Tasks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The real DL4J and DJL backends train the same model from the same start: bit-identical initial arrays, the same
 * answer where only the initial weights decide it, and the {@code verify} command's checks, verdicts and errors.
 */
public class EquivalenceTest {
    public static final Backend DL4J = backend("dl4j");
    public static final Backend DJL = backend("djl");

    @TempDir
    Path tmp;

    public static Backend backend(String id) {
        return Backends.discover().stream().filter(b -> b.id().equals(id)).findFirst().orElseThrow();
    }

    /** The parameters a backend holds before training: one epoch at learning rate 0 leaves them as loaded. */
    public static List<ParamArray> initial(Backend b, Experiment e, long seed) {
        ModelSpec still = e.spec().withEpochs(1).withOptimizer(new Optimizer(Optimizer.Kind.SGD, 0));
        try (TrainedModel m = b.train(still, e.train(), new TrainSettings(seed), TrainingListener.NONE)) {
            return m.parameters().orElseThrow();
        }
    }

    @Test
    void sameSeedBitIdenticalInitialArraysOnEveryNeuralBackend() {
        for (String[] c : new String[][]{{"sum3", "bidirectional"}, {"progression", "wide-log"}, {"square", "relu-stack"},
                {"product2", "stacked"}}) {
            Task t = Tasks.byId(c[0]);
            Experiment e = Experiment.prepare(t, c[1], Map.of(), 4);
            List<ParamArray> shared = InitialParameters.draw(e.spec(), e.train().timesteps(), e.train().features(), 4);
            List<ParamArray> dl4j = initial(DL4J, e, 4);
            List<ParamArray> djl = initial(DJL, e, 4);
            for (int i = 0; i < shared.size(); i++) {
                assertTrue(shared.get(i).sameAs(dl4j.get(i)), "dl4j " + c[0] + "/" + c[1] + " " + shared.get(i).name());
                assertTrue(shared.get(i).sameAs(djl.get(i)), "djl " + c[0] + "/" + c[1] + " " + shared.get(i).name());
            }
        }
    }

    /**
     * lastsum2's probe lies off the training line, so a linear model's answer there is set by its initial weights
     * (see the backends' own tests). From the same weights DL4J and DJL now give the same answer; before the shared
     * arrays they gave 76.67 and 3.09 on the same seed.
     */
    @Test
    void lastsum2LinearModelsAgreeAtTheSourcesProbe() {
        for (String model : new String[]{"linear", "linear-adam"}) {
            Experiment e = Experiment.prepare(Tasks.byId("lastsum2"), model, Map.of(), 1);
            double a;
            double b;
            try (TrainedModel m = DL4J.train(e.spec(), e.train(), new TrainSettings(1), TrainingListener.NONE)) {
                a = e.probes(m).stream().filter(o -> o.reportedOnly()).findFirst().orElseThrow().prediction()[0];
            }
            try (TrainedModel m = DJL.train(e.spec(), e.train(), new TrainSettings(1), TrainingListener.NONE)) {
                b = e.probes(m).stream().filter(o -> o.reportedOnly()).findFirst().orElseThrow().prediction()[0];
            }
            assertEquals(a, b, 0.01 * Math.abs(a), model + ": dl4j " + a + ", djl " + b);
        }
    }

    /**
     * square's relu-stack is where float32 hid whether DL4J and DJL train the same model: their float32 curves part by
     * 8% within 20 epochs, from different roundings of the same operations that relu units switching on and off
     * amplify. In float64 with the same hyper-parameters the three neural backends give the same curve, which is why
     * {@code verify}'s loss-curve check runs in float64.
     */
    @Test
    void squareReluStackTrainsTheSameCurveOnEveryNeuralBackendInFloat64() {
        Experiment e = Experiment.prepare(Tasks.byId("square"), "relu-stack", Map.of(), 1);
        ModelSpec spec = e.spec().withEpochs(20);
        double[] djl = null;
        for (String id : List.of("djl", "dl4j", "dl4j-samediff")) {
            List<Double> losses = new ArrayList<>();
            try (TrainedModel m = backend(id).train(spec, e.train(), new TrainSettings(1, Precision.FLOAT64), (ev, p) -> {
                losses.add(ev.loss());
                return true;
            })) {
                assertEquals("float64", m.details().get("precision"), id);
            }
            double[] curve = losses.stream().mapToDouble(Double::doubleValue).toArray();
            assertEquals(20, curve.length, id);
            if (djl == null) {
                djl = curve;
            } else {
                double d = Check.relativeDifferencePerValue(djl, curve);
                assertTrue(Check.LOSS_CURVE.passes(d), id + " against djl: " + d);
            }
        }
    }

    public record Result(int code, String out, String err) {
    }

    public static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Cli.execute(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Backends.discover());
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void verifyPassesExactPairsLabelsTribuoAndWritesItsFile() throws Exception {
        Result r = run("verify", "--tasks", "sum3", "--models", "lstm,linear", "--epochs", "5", "--out", tmp.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("sum3/lstm") && l.contains("djl vs dl4j ") && l.endsWith("pass")), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("sum3/linear") && l.contains("dl4j vs tribuo")
                && l.contains("differs (approximate): Tribuo starts from its own weights")), r.out());
        String json = Files.readString(tmp.resolve(VerifyCommand.FILE));
        assertTrue(json.contains("\"verdict\" : \"pass\"") && json.contains("\"ONE_STEP\""), json);
        assertTrue(io.seqbench.bench.results.ResultsProvenance.of(tmp).machines().values().stream()
                .anyMatch(files -> files.contains(VerifyCommand.FILE)), "the file names the machine it passed on: " + json);
        assertTrue(EquivalenceSection.markdown(tmp).contains("| sum3 | lstm | djl vs dl4j |"), "the README section");
    }

    @Test
    void aBackendThatThrowsIsAFailedRowAndTheRestIsStillChecked() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Cli.execute(new String[]{"verify", "--tasks", "sum3,scale15", "--models", "linear", "--epochs", "3",
                        "--out", tmp.toString()}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                List.of(new FakeBackend("ok"), new FakeBackend("throws"), new FakeBackend("ok2")));
        String console = out.toString(StandardCharsets.UTF_8);
        assertEquals(1, code, console + err);
        for (String task : List.of("sum3", "scale15")) {
            assertTrue(console.lines().anyMatch(l -> l.startsWith(task + "/linear") && l.contains("ok vs throws")
                    && l.contains("FAIL: throws threw java.lang.IllegalStateException: boom in train")), console);
            // the fakes claim exact but report no parameters: what they cannot show is not a pass
            assertTrue(console.lines().anyMatch(l -> l.startsWith(task + "/linear") && l.contains("ok vs ok2")
                    && l.contains("FAIL: ONE_STEP, GRADIENT, STEP_RULE: ok and ok2 reports no parameters")), console);
        }
        assertTrue(console.contains("6 pairs: 0 pass, 0 differ where a backend is approximate, 6 FAIL"), console);
        assertTrue(Files.readString(tmp.resolve(VerifyCommand.FILE)).contains("boom in train"));
    }

    @Test
    void verifyBadInputGetsOneLineAndExitTwo() {
        for (String[] args : new String[][]{{"verify", "--tasks", "nosuchtask"}, {"verify", "--backends", "keras"},
                {"verify", "--epochs", "1"}, {"verify", "--out", tmp.resolve("missing").toString()}}) {
            Result r = run(args);
            assertEquals(2, r.code(), String.join(" ", args) + ": " + r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
        }
    }

    @Test
    void relativeDifferencesAndTheirTolerances() {
        assertEquals(0.5, Check.relativeDifference(new double[]{1, 2}, new double[]{1, 1}));
        assertEquals(0, Check.relativeDifference(new double[]{0, 0}, new double[]{0, 0}));
        assertTrue(Double.isNaN(Check.relativeDifference(new double[]{1}, new double[]{Double.NaN})), "NaN never passes");
        assertFalse(Check.PREDICTIONS.passes(Double.NaN));
        // each epoch against its own size: a 10% difference late in a falling curve counts
        assertEquals(0.1, Check.relativeDifferencePerValue(new double[]{1, 0.01}, new double[]{1, 0.009}), 1e-12);
        // but not below the floor of 1e-6 of the first loss, where a loss is float32 rounding
        assertEquals(1e-5, Check.relativeDifferencePerValue(new double[]{1, 2e-11}, new double[]{1, 1e-11}), 1e-15);
        assertFalse(Check.LOSS_CURVE.passes(0.1));
        assertTrue(Check.ONE_STEP.passes(5e-5));
        assertFalse(Check.ONE_STEP.passes(2e-4));
    }

    /**
     * Both defaults are 1 thread, so this module's tests run DJL on 2 (bench/pom.xml): the shared-thread test below can
     * only see a backend run on the other's thread count if the counts differ.
     */
    @Test
    void theTwoBackendsRunOnDifferentThreadCountsHere() {
        assertEquals("2", DJL.provenance().get("threads").replaceAll(".*num_threads=(\\d+).*", "$1"));
    }

    /**
     * OpenMP keeps its thread count per calling thread, and ND4J sets it to DL4J's 1 thread: before each backend claimed
     * its own threads at every run, DJL trained after DL4J on the same thread ran on 1 thread, and its losses moved in
     * the last float32 digit (which 2000 epochs then amplified). Each backend on a fresh thread is the reference.
     */
    @Test
    void aThreadSharedWithTheOtherBackendChangesNeithersNumbers() throws Exception {
        Experiment e = Experiment.prepare(Tasks.byId("product2"), Tasks.byId("product2").model("mlp-std"), Map.of(), 1, 5);
        Experiment d = Experiment.prepare(Tasks.byId("sum3"), Tasks.byId("sum3").model("lstm"), Map.of(), 1, 3);
        List<Double> djlAlone = onFreshThread(() -> losses(DJL, e));
        List<Double> dl4jAlone = onFreshThread(() -> losses(DL4J, d));
        losses(DL4J, d);
        assertEquals(djlAlone, losses(DJL, e), "DJL after DL4J on the same thread");
        assertEquals(dl4jAlone, losses(DL4J, d), "DL4J after DJL on the same thread");
    }

    private static List<Double> onFreshThread(java.util.concurrent.Callable<List<Double>> work) throws Exception {
        java.util.concurrent.ExecutorService one = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            return one.submit(work).get();
        } finally {
            one.shutdown();
        }
    }

    private static List<Double> losses(Backend b, Experiment e) {
        List<Double> out = new java.util.ArrayList<>();
        try (TrainedModel m = b.train(e.spec(), e.train(), new TrainSettings(1), (ev, p) -> out.add(ev.loss()))) {
            m.parameterCount();
        }
        return out;
    }
}
