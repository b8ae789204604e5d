package io.seqbench.bench.verify;

import io.seqbench.bench.cli.Cli;
import io.seqbench.bench.run.AvailableBackends;
import io.seqbench.common.Backend;
import io.seqbench.common.EpochEvent;
import io.seqbench.common.Support;
import io.seqbench.common.TrainSettings;
import io.seqbench.common.TrainedModel;
import io.seqbench.common.TrainingListener;
import io.seqbench.common.data.Dataset;
import io.seqbench.common.model.ModelSpec;
import io.seqbench.common.model.Optimizer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * verify against planted differences: the real DJL backend beside a copy of itself with one difference planted,
 * which claims to be exact. verify must exit 1 on each and name a check that caught it. A difference that the
 * checks cannot see would pass here, which is what this test is for.
 */
public class PlantedDifferenceTest {
    /** One difference at a time. */
    enum Plant {
        /** The gradient twice as large, the loss reported right: under plain SGD, twice the learning rate. */
        GRADIENT_X2,
        /** The learning rate 5% higher. */
        LEARNING_RATE_PLUS_5_PERCENT,
        /** Every reported loss twice as large (half of Keras' MSE was a real bug of DJL's L2Loss). */
        LOSS_X2,
        /** Two epochs fewer than asked. */
        TWO_EPOCHS_FEWER,
        /** Adam's (and AdaGrad's) epsilon at 1e-6 instead of Keras' 1e-7. */
        EPSILON_1E_6,
        /** AdaGrad's accumulator starting at epsilon (DL4J's own default) instead of 0. */
        ADAGRAD_ACCUMULATOR_AT_EPSILON
    }

    /** A real backend with one planted difference, claiming exact. */
    record Planted(Backend real, Plant plant) implements Backend {
        public String id() {
            return "planted";
        }

        public Map<String, String> provenance() {
            return real.provenance();
        }

        public Support support(ModelSpec spec) {
            return real.support(spec);
        }

        public TrainedModel train(ModelSpec spec, Dataset train, TrainSettings settings, TrainingListener listener) {
            Optimizer o = spec.optimizer();
            ModelSpec planted = switch (plant) {
                case GRADIENT_X2 -> o.kind() == Optimizer.Kind.SGD
                        ? spec.withOptimizer(new Optimizer(o.kind(), 2 * o.learningRate())) : spec;
                case LEARNING_RATE_PLUS_5_PERCENT -> spec.withOptimizer(new Optimizer(o.kind(), 1.05 * o.learningRate()));
                case TWO_EPOCHS_FEWER -> spec.withEpochs(Math.max(1, spec.epochs() - 2));
                case EPSILON_1E_6 -> spec.withOptimizer(o.withEpsilon(1e-6));
                case ADAGRAD_ACCUMULATOR_AT_EPSILON -> o.kind() == Optimizer.Kind.ADAGRAD
                        ? spec.withOptimizer(o.withInitialAccumulator(o.epsilon())) : spec;
                case LOSS_X2 -> spec;
            };
            TrainingListener reported = plant != Plant.LOSS_X2 ? listener
                    : (e, p) -> listener.onEpoch(new EpochEvent(e.epoch(), 2 * e.loss(), e.elapsedNanos()), p);
            return real.train(planted, train, settings, reported);
        }
    }

    @ParameterizedTest
    @EnumSource(Plant.class)
    void verifyFailsOnThePlantedDifferenceAndNamesTheCheck(Plant plant) {
        Backend djl = AvailableBackends.all().stream().filter(b -> b.id().equals("djl")).findFirst().orElseThrow();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        // sum3's linear fix (AdaGrad, whose steps do not show a gradient's size) and its Adam twin
        int code = Cli.execute(new String[]{"verify", "--tasks", "sum3", "--models", "linear,linear-adam", "--epochs", "5"},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                List.of(djl, new Planted(djl, plant)));
        String console = out.toString(StandardCharsets.UTF_8);
        assertEquals(1, code, plant + ": " + console + err);
        List<String> failed = console.lines().filter(l -> l.contains("djl vs planted") && l.contains("FAIL")).toList();
        // AdaGrad's accumulator is planted in the AdaGrad model only: Adam has none
        assertEquals(plant == Plant.ADAGRAD_ACCUMULATOR_AT_EPSILON ? 1 : 2, failed.size(), plant + " fails: " + console);
        String expected = switch (plant) {
            case GRADIENT_X2 -> "gradient";
            case LEARNING_RATE_PLUS_5_PERCENT -> "one step";
            case LOSS_X2 -> "init loss";
            case TWO_EPOCHS_FEWER -> "LOSS_CURVE: djl reported 5 epochs, planted 3";
            case EPSILON_1E_6, ADAGRAD_ACCUMULATOR_AT_EPSILON -> "step rule";
        };
        for (String line : failed) {
            assertTrue(caughtBy(console, line, expected), plant + " caught by " + expected + ": " + console);
        }
    }

    /**
     * Whether the row names the check in its reasons, or its value in the named column (right-aligned under the
     * column's header, 11 wide) is beyond the tolerance.
     */
    static boolean caughtBy(String console, String row, String column) {
        if (row.contains(column)) {
            return true;
        }
        String header = console.lines().filter(l -> l.startsWith("task/model")).findFirst().orElseThrow();
        int end = header.indexOf(column) + column.length();
        double v = Double.parseDouble(row.substring(end - 11, end).trim());
        Check check = switch (column) {
            case "init loss" -> Check.INITIAL_LOSS;
            case "one step" -> Check.ONE_STEP;
            case "gradient" -> Check.GRADIENT;
            case "step rule" -> Check.STEP_RULE;
            default -> throw new IllegalArgumentException("no column " + column);
        };
        return !check.passes(v);
    }
}
