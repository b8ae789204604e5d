package io.seqbench.bench.speed;

import com.fasterxml.jackson.databind.JsonNode;
import io.seqbench.bench.cli.CliTest;
import io.seqbench.bench.report.ScalingReport;
import io.seqbench.common.result.ResultJson;
import io.seqbench.common.scaling.ScalingCurves;
import io.seqbench.common.scaling.ScalingPoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The scaling curves: real forks on two small points, and the section's sentences from planted fork times. */
public class ScalingTest {
    @Test
    void pointsAreSeededAndNamedAsTheyParse() {
        ScalingPoint p = new ScalingPoint("lstm", 16, 5, 8);
        assertEquals(p, ScalingPoint.parse(p.id()));
        assertEquals(p, ScalingCase.point(ScalingCase.id(p, "djl")));
        assertEquals("djl", SpeedCase.backendOf(ScalingCase.id(p, "djl")));
        assertArrayEquals(p.data(3).x()[7][4], p.data(3).x()[7][4]);
        assertEquals(p.data(3).y()[9][0], p.data(3).y()[9][0]);
        assertNotEquals(p.data(3).y()[9][0], p.data(4).y()[9][0]);
        assertThrows(IllegalArgumentException.class, () -> new ScalingPoint("lstm", 16, 5, ScalingPoint.ROWS + 1));
        // the centre lies on the three LSTM curves and is timed once
        List<ScalingPoint> all = ScalingCurves.points(ScalingCurves.all());
        assertEquals(all.size(), all.stream().distinct().count());
        assertEquals(7 + 6 + 6 + 5 - 2, all.size());
    }

    @Test
    void realForksOnTwoPointsWriteTheirEpochsAndThePeak(@TempDir Path tmp) throws Exception {
        List<String> progress = new ArrayList<>();
        List<String> cells = ScalingCase.cells(List.of(new ScalingPoint("lstm", 4, 3, 64), new ScalingPoint("dense", 8, 3, 64)),
                List.of("djl"));
        SpeedRunner.runScaling(cells, List.of(), SpeedRunner.Profile.SMOKE, tmp, "abc", false, progress::add);
        List<String> seen = new ArrayList<>();
        for (JsonNode n : ResultJson.mapper().readTree(tmp.resolve(SpeedRunner.SCALING_JMH).toFile())) {
            assertTrue(n.get("primaryMetric").get("score").asDouble() > 0, n.toString());
            seen.add(n.get("params").get("cell").asText());
        }
        assertEquals(cells, seen);
        assertTrue(progress.contains("scaling fork 2/2 (round 1/1): " + cells.get(1)), progress.toString());
        assertFalse(Files.exists(tmp.resolve(SpeedRunner.SCALING_FORKS)));
    }

    /** The curves' forks: the profile's whole warm-up as one iteration and 3 measured, so slow points stay bounded. */
    @Test
    void scalingForksWarmUpAsLongAndMeasureThreeIterations() {
        SpeedRunner.Iterations publish = SpeedRunner.Iterations.of(SpeedRunner.Profile.PUBLISH, 500);
        SpeedRunner.Iterations scaling = SpeedRunner.Iterations.scaling(SpeedRunner.Profile.PUBLISH);
        assertEquals(publish.warmups() * publish.warmupMs(), scaling.warmups() * scaling.warmupMs());
        assertEquals(1, scaling.warmups());
        assertEquals(3, scaling.measured());
        assertEquals(publish.measuredMs(), scaling.measuredMs());
        assertEquals(new SpeedRunner.Iterations(0, 0, 3, 0), SpeedRunner.Iterations.of(SpeedRunner.Profile.PUBLISH, 0),
                "cold start: the profile's single shots");
    }

    /**
     * The fastest point, stepped for the whole of the publish profile's scaling warm-up in one run as JMH does: the
     * guard against runaway runs must not end it (it did with a budget of 10 epochs: TensorFlow passed 500).
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"tensorflow", "djl"})
    void theFastestPointLastsTheWholeWarmUpWithinTheGuard(String backend) {
        ScalingBenchmark b = new ScalingBenchmark();
        b.cell = "scaling/lstm/" + backend + "/H=64,L=3,B=32";
        b.prepare();
        b.startRun();
        SpeedRunner.Iterations warmUp = SpeedRunner.Iterations.scaling(SpeedRunner.Profile.PUBLISH);
        long end = System.nanoTime() + warmUp.warmupMs() * 1_000_000L;
        try {
            while (System.nanoTime() < end) {
                assertTrue(Double.isFinite(b.epoch()));
            }
        } finally {
            b.endRun();
        }
    }

    /**
     * Planted: djl twice as fast as dl4j at 8 and 16 units, dl4j twice as fast from 128, the two alike between. The
     * sentence names the crossover between the last point djl wins and the first dl4j wins, with both verdicts.
     */
    @Test
    void theCrossoverIsNamedBetweenOppositeVerdicts(@TempDir Path tmp) throws Exception {
        Path dir = CliTest.copyFixture(tmp);
        ScalingCurves.Curve units = ScalingCurves.all().get(0);
        List<String> entries = new ArrayList<>();
        for (int i = 0; i < units.values().size(); i++) {
            int h = units.values().get(i);
            double djl = h;
            double dl4j = h <= 16 ? 2 * h : h >= 128 ? h / 2.0 : h;
            entries.add(SpeedTest.entry("ScalingBenchmark.epoch", "cell", ScalingCase.id(units.points().get(i), "djl"),
                    "ms/op", forks(djl)));
            entries.add(SpeedTest.entry("ScalingBenchmark.epoch", "cell", ScalingCase.id(units.points().get(i), "dl4j"),
                    "ms/op", forks(dl4j)));
        }
        Files.writeString(dir.resolve(SpeedRunner.SCALING_JMH), "[" + String.join(",", entries) + "]");
        String md = ScalingReport.markdown(dir);
        assertTrue(md.contains("## Scaling"), md);
        assertTrue(md.matches("(?s).*- dl4j overtakes djl between H=16 \\(djl faster by 2\\.00x \\[[^]]+\\]\\) and H=128 "
                + "\\(dl4j faster by 2\\.00x \\[[^]]+\\]\\)\\..*"), md);
        assertTrue(Files.exists(dir.resolve("plots/scaling-lstm-units.png")));
        assertTrue(md.contains("| 512 | dl4j | 256 ["), md);
        assertFalse(md.contains("### Sequence length"), "no curve without points");
    }

    /** Four forks around a value, spread by 2%. */
    public static double[][] forks(double v) {
        return new double[][]{{v * 0.98, v * 0.98}, {v * 1.02, v * 1.02}, {v, v}, {v * 1.01, v * 0.99}};
    }
}
