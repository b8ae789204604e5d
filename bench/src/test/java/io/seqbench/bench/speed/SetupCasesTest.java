package io.seqbench.bench.speed;

import io.seqbench.common.scaling.ScalingCurves;
import io.seqbench.common.scaling.ScalingPoint;
import org.junit.jupiter.api.Test;

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
            List<String> scaling = cases.stream().filter(c -> c.startsWith(ScalingCase.PREFIX + "/")).toList();
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
    void theDefaultCurvesAtSizeAreKnownCurvesAndLeaveOutTheLongestSequences() {
        List<String> factors = ScalingCurves.named(SetupComparison.AT_SIZE_FACTORS).stream().map(ScalingCurves.Curve::factor).toList();
        assertEquals(SetupComparison.AT_SIZE_FACTORS, factors);
        assertTrue(!factors.contains("lstm-length"), factors.toString());
    }

    @Test
    void everySetUpAtSizeIsAMeasuredSetUp() {
        for (String name : SetupComparison.AT_SIZE) {
            assertTrue(SetupComparison.SETUPS.stream().anyMatch(s -> s.name().equals(name)), name);
        }
    }
}
