package io.seqbench.bench.report;

import io.seqbench.bench.speed.ScalingCase;
import io.seqbench.bench.speed.ScalingTest;
import io.seqbench.bench.speed.SetupComparison;
import io.seqbench.bench.speed.SpeedRunner;
import io.seqbench.bench.speed.SpeedTest;
import io.seqbench.common.scaling.ScalingCurves;
import io.seqbench.common.scaling.ScalingPoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The recommendation's line for larger models follows the planted curve and set-up times, and says what is missing. */
class LargerModelsTest {
    private static final ScalingCurves.Curve UNITS = ScalingCurves.all().get(0);
    private static final ScalingPoint H512 = UNITS.points().get(UNITS.points().size() - 1);
    private static final ScalingPoint WIDTH4096 = ScalingCurves.all().get(3).points().get(4);

    private static String epoch(ScalingPoint p, String backend, double ms) {
        return SpeedTest.entry("ScalingBenchmark.epoch", "cell", ScalingCase.id(p, backend), "ms/op", ScalingTest.forks(ms));
    }

    private static String setup(ScalingPoint p, String backend, String setup, double ms) {
        return SpeedTest.setup(epoch(p, backend, ms), ScalingCase.id(p, backend), setup);
    }

    /**
     * Planted: djl twice as fast as tensorflow at every point up to 256 units, tensorflow twice as fast at 512, where
     * dl4j is within 1% of it; DJL's 2 threads twice as fast as its default at 512 units and alike at width 4,096; DL4J's
     * 2 threads twice as slow.
     */
    @Test
    void theOrderAtTheLargestPointsAndTheSetUpsThatPayOffThereAreSaid(@TempDir Path dir) throws Exception {
        List<String> curve = new ArrayList<>();
        for (ScalingPoint p : UNITS.points()) {
            boolean largest = p.equals(H512);
            curve.add(epoch(p, "djl", p.units()));
            curve.add(epoch(p, "tensorflow", largest ? p.units() / 2.0 : 2.0 * p.units()));
        }
        curve.add(epoch(H512, "dl4j", H512.units() / 2.0 * 1.01));
        Files.writeString(dir.resolve(SpeedRunner.SCALING_JMH), "[" + String.join(",", curve) + "]");
        Recommendation.Line line = LargerModels.line(dir);
        assertTrue(line.why().contains("(≈: no difference detected against the fastest): LSTM hidden units at H=512: "
                + "tensorflow 1.00x, dl4j 1.01x ≈, djl 2.00x (at H=8, djl was fastest). "), line.why());
        assertTrue(line.why().endsWith("Whether more threads or other natives pay off at size is not measured in these "
                + "results."), line.why());

        Files.writeString(dir.resolve(SetupComparison.JSON), "[" + String.join(",",
                setup(H512, "djl", "default", 40), setup(H512, "djl", "2 threads", 20),
                setup(WIDTH4096, "djl", "default", 40), setup(WIDTH4096, "djl", "2 threads", 40.2),
                setup(H512, "dl4j", "default", 20), setup(H512, "dl4j", "2 threads", 40)) + "]");
        assertTrue(LargerModels.line(dir).why().endsWith("djl with 2 threads is faster than its default at 1 of 2 points "
                + "(2.00x); dl4j with 2 threads is faster than its default at 0 of 1 point, slower at 1."), LargerModels.line(dir).why());

        Files.delete(dir.resolve(SpeedRunner.SCALING_JMH));
        assertTrue(LargerModels.line(dir).why().startsWith("the scaling curves are not in these results. "),
                LargerModels.line(dir).why());
        Files.delete(dir.resolve(SetupComparison.JSON));
        assertNull(LargerModels.line(dir), "nothing measured at size, no line");
    }
}
