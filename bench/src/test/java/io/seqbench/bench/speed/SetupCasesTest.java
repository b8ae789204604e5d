package io.seqbench.bench.speed;

import io.seqbench.common.scaling.ScalingCurves;
import io.seqbench.common.scaling.ScalingPoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Which cases each set-up runs: the set-ups that may pay off only at size, and the default they are compared with, also
 * run on each curve's largest point; the others only on the fixed cases.
 */
class SetupCasesTest {
    private static SetupComparison.Setup setup(String backend, String name) {
        return SetupComparison.SETUPS.stream().filter(s -> s.backend().equals(backend) && s.name().equals(name))
                .findFirst().orElseThrow();
    }

    @Test
    void threadsAndNativesRunAlsoOnEachCurvesLargestPointBesideTheDefault() {
        List<ScalingCurves.Curve> curves = ScalingCurves.all();
        List<String> stepped = List.of("dl4j", "djl");
        for (String name : List.of("default", "2 threads", "oneDNN natives")) {
            List<String> cases = SetupComparison.cases(setup("dl4j", name), curves, stepped);
            List<String> scaling = cases.stream().filter(ScalingCase::is).toList();
            assertEquals(SetupComparison.CASES.get("dl4j"), cases.subList(0, cases.size() - scaling.size()), name);
            assertEquals(curves.size(), scaling.size(), name + ": " + cases);
            for (int i = 0; i < curves.size(); i++) {
                List<ScalingPoint> points = curves.get(i).points();
                assertEquals(points.get(points.size() - 1), ScalingCase.point(scaling.get(i)), name);
                assertTrue(scaling.get(i).contains("/dl4j/"), scaling.get(i));
            }
        }
        assertEquals(SetupComparison.CASES.get("dl4j"), SetupComparison.cases(setup("dl4j", "workspaces NONE"), curves, stepped));
        assertEquals(SetupComparison.CASES.get("djl"), SetupComparison.cases(setup("djl", "EasyTrain loop"), curves, stepped));
        assertEquals(SetupComparison.CASES.get("tensorflow"),
                SetupComparison.cases(setup("tensorflow", "2 threads"), curves, stepped), "not a stepped backend here");
        assertEquals(SetupComparison.CASES.get("dl4j"),
                SetupComparison.cases(setup("dl4j", "2 threads"), List.of(), stepped), "no curves chosen");
    }

    @Test
    void theDefaultCurvesAtSizeLeaveOutTheLongestSequences() {
        List<String> factors = ScalingCurves.named(SetupComparison.AT_SIZE_FACTORS).stream().map(ScalingCurves.Curve::factor).toList();
        assertEquals(SetupComparison.AT_SIZE_FACTORS, factors);
        assertTrue(!factors.contains("lstm-length"), factors.toString());
    }

    /**
     * An interrupted comparison resumes from the forks it kept: here every fork of a one-round comparison is kept, so
     * resuming runs no JMH at all, pools the kept forks, and removes them.
     */
    @Test
    void aResumedComparisonUsesTheForksItKept(@TempDir Path dir) throws Exception {
        SpeedRunner.Profile quick = SpeedRunner.Profile.named("quick");
        List<SetupComparison.Setup> tensorflow = SetupComparison.SETUPS.stream().filter(s -> s.backend().equals("tensorflow")).toList();
        Path kept = dir.resolve(SetupComparison.FORKS);
        List<String> plan = tensorflow.stream().flatMap(s -> SetupComparison.CASES.get("tensorflow").stream()
                .map(c -> c + "|" + s.name())).toList();
        SpeedRunner.keepForks(kept, new SpeedRunner.State("quick", "abc", new SpeedRunner.Plan(plan, List.of(), List.of(),
                List.of(), List.of("tensorflow"), List.of())), false, "test");
        for (SetupComparison.Setup s : tensorflow) {
            String entries = SetupComparison.CASES.get("tensorflow").stream().map(c -> SpeedTest.setup(SpeedTest.entry(
                    "TrainEpochBenchmark.epoch", "cell", c, "ms/op", new double[]{s.name().equals("default") ? 1.0 : 2.0}), c, s.name()))
                    .collect(java.util.stream.Collectors.joining(","));
            Files.writeString(kept.resolve("round-1-tensorflow-" + SetupComparison.SETUPS.indexOf(s) + ".json"), "[" + entries + "]");
        }
        List<String> said = new java.util.ArrayList<>();
        SetupComparison.run(List.of("tensorflow"), List.of(), List.of(), quick, dir, "abc", java.util.Map.of(), null, true, said::add);
        assertEquals(tensorflow.size(), said.stream().filter(l -> l.endsWith("(kept from the interrupted run)")).count(), said.toString());
        assertEquals(tensorflow.size() * SetupComparison.CASES.get("tensorflow").size(), SetupResults.read(dir).entries().size());
        assertTrue(!Files.exists(kept), "the kept forks are removed once the comparison is written");
        IllegalArgumentException other = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> {
            SpeedRunner.keepForks(kept, new SpeedRunner.State("quick", "abc", new SpeedRunner.Plan(plan, List.of(), List.of(),
                    List.of(), List.of("tensorflow"), List.of())), false, "test");
            SetupComparison.run(List.of("tensorflow"), List.of(), List.of(), quick, dir, "def", java.util.Map.of(), null, true, said::add);
        });
        assertTrue(other.getMessage().contains("cannot resume the set-up comparison") && other.getMessage().contains("commit abc"),
                other.getMessage());
    }

    @Test
    void everySetUpAtSizeIsAMeasuredSetUp() {
        for (String name : SetupComparison.AT_SIZE) {
            assertTrue(SetupComparison.SETUPS.stream().anyMatch(s -> s.name().equals(name)), name);
        }
    }
}
