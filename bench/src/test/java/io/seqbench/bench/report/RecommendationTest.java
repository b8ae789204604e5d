package io.seqbench.bench.report;

import io.seqbench.bench.speed.SpeedVerdicts;
import io.seqbench.common.result.CellResult;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The recommendation follows the verdicts in the files: change one, and the sentence changes. */
public class RecommendationTest {
    static SpeedVerdicts.Verdict speed(String model, String a, String b, double ratio, String verdict) {
        return new SpeedVerdicts.Verdict("sum3", model, "-", a, b, ratio, ratio * 0.9, ratio * 1.1, 0.05, 0.01, 4, 4, verdict, "epoch");
    }

    /** djl twice as fast on the LSTM; on the stacked LSTM, djl's time over dl4j's is {@code ratio}. */
    static List<SpeedVerdicts.Verdict> verdicts(double ratio, String stackedVerdict) {
        return List.of(speed("lstm", "djl", "dl4j", 0.5, "djl faster by 2.00x [1.80x, 2.20x]"),
                speed("stacked", "djl", "dl4j", ratio, stackedVerdict));
    }

    static List<CellResult> cells() throws Exception {
        List<CellResult> cells = new ArrayList<>();
        for (int s = 1; s <= 2; s++) {
            for (String model : List.of("lstm", "stacked")) {
                cells.add(VerdictsTest.cell("djl", s, 0.001, model));
                cells.add(VerdictsTest.cell("dl4j", s, 0.002, model));
            }
        }
        return cells;
    }

    @Test
    void theFasterBackendIsRecommendedWithItsEvidence() throws Exception {
        List<Recommendation.Line> lines = Recommendation.lines(cells(), verdicts(0.8, "djl faster by 1.25x [1.1x, 1.4x]"), null);
        assertEquals(1, lines.size(), lines.toString());
        Recommendation.Line lstm = lines.get(0);
        assertEquals("LSTM networks", lstm.job());
        assertEquals("djl", lstm.use());
        assertEquals("dl4j", lstm.runnerUp());
        assertTrue(lstm.why().contains("djl is faster than dl4j on 2 of 2 cases (1.25x to 2.00x)"), lstm.why());
        assertTrue(lstm.why().contains("final model meets the target: 4/4 cells on each"), lstm.why());
    }

    /** Two backends no verdict separates share their place: the alphabet does not pick the runner-up. */
    @Test
    void backendsNoVerdictSeparatesShareTheirPlace() throws Exception {
        List<CellResult> cells = new ArrayList<>(cells());
        for (int s = 1; s <= 2; s++) {
            for (String model : List.of("lstm", "stacked")) {
                cells.add(VerdictsTest.cell("dl4j-samediff", s, 0.001, model));
            }
        }
        List<SpeedVerdicts.Verdict> v = new ArrayList<>(verdicts(0.8, "djl faster by 1.25x [1.1x, 1.4x]"));
        v.add(speed("lstm", "djl", "dl4j-samediff", 0.5, "djl faster by 2.00x [1.80x, 2.20x]"));
        v.add(speed("stacked", "djl", "dl4j-samediff", 0.5, "djl faster by 2.00x [1.80x, 2.20x]"));
        v.add(speed("lstm", "dl4j", "dl4j-samediff", 1.0, "no difference detected (4 forks each)"));
        Recommendation.Line line = Recommendation.lines(cells, v, null).get(0);
        assertEquals("djl", line.use());
        assertEquals("dl4j or dl4j-samediff", line.runnerUp());
        v.set(v.size() - 1, speed("lstm", "dl4j", "dl4j-samediff", 1.0, "dl4j-samediff faster by 1.50x [1.2x, 1.8x]"));
        assertEquals("dl4j-samediff", Recommendation.lines(cells, v, null).get(0).runnerUp(), "a verdict between them decides");
        List<SpeedVerdicts.Verdict> even = List.of(speed("lstm", "djl", "dl4j", 1.0, "no difference detected (4 forks each)"));
        Recommendation.Line tie = Recommendation.lines(cells(), even, null).get(0);
        assertEquals("djl or dl4j", tie.use());
        assertNull(tie.runnerUp());
        assertTrue(tie.why().startsWith("No speed verdict separates djl and dl4j."), tie.why());
    }

    /** One verdict turned around in the fixture: the sentence says so, and a tie goes to fewer losses. */
    @Test
    void changingOneVerdictChangesTheSentence() throws Exception {
        Recommendation.Line before = Recommendation.lines(cells(), verdicts(0.95, "no difference detected (4 forks each)"), null).get(0);
        assertTrue(before.why().contains("faster than dl4j on 1 of 2 cases (2.00x)"), before.why());
        Recommendation.Line after = Recommendation.lines(cells(), verdicts(3.0, "dl4j faster by 3.00x [2.5x, 3.5x]"), null).get(0);
        assertTrue(after.why().contains("faster than dl4j on 1 of 2 cases (2.00x), slower on sum3/stacked "
                + "(dl4j 3.00x faster)"), after.why());
        assertNotEquals(before.why(), after.why());
        Recommendation.Line none = Recommendation.lines(cells(), List.of(), null).get(0);
        assertNull(none.use(), "no speed verdict: no choice made up");
        assertTrue(none.why().contains("no speed verdict in the result files"), none.why());
    }

    /**
     * Latency and cold start have verdicts of their own: they are told apart from the epoch (they do not rank the
     * training job), said where they were tested, and left out where no verdict had the forks for a test.
     */
    @Test
    void servingVerdictsAreSaidBesideTheEpochAndNeverRankIt() throws Exception {
        List<SpeedVerdicts.Verdict> all = new ArrayList<>(verdicts(0.8, "djl faster by 1.25x [1.1x, 1.4x]"));
        all.add(new SpeedVerdicts.Verdict("sum3", "lstm", "-", "djl", "dl4j", 4.0, 3.5, 4.5, 0.05, 0.01, 4, 4,
                "dl4j faster by 4.00x [3.50x, 4.50x]", "1 sample"));
        all.add(new SpeedVerdicts.Verdict("sum3", "stacked", "-", "djl", "dl4j", 4.0, 3.5, 4.5, 0.05, 0.01, 4, 4,
                "dl4j faster by 4.00x [3.50x, 4.50x]", "1 sample"));
        all.add(new SpeedVerdicts.Verdict("sum3", "lstm", "-", "djl", "dl4j", 0.5, Double.NaN, Double.NaN, 0.05,
                Double.NaN, 1, 1, "no test (1 fork; needs 3)", "cold start"));
        Recommendation.Line line = Recommendation.lines(cells(), all, null).get(0);
        assertEquals("djl", line.use(), "the prediction verdicts do not turn the training ranking around");
        assertTrue(line.why().startsWith("To serve one prediction at a time, use **dl4j** instead"), line.why());
        assertFalse(Recommendation.lines(cells(), verdicts(0.8, "djl faster by 1.25x [1.1x, 1.4x]"), null).get(0).why()
                .contains("To serve"), "no serving pick without one-sample verdicts");
        assertTrue(line.why().contains("Per epoch, djl is faster than dl4j on 2 of 2 cases"), line.why());
        assertTrue(line.why().contains("Predicting one sample, djl is faster than dl4j on 0 of 2 cases, slower on sum3/lstm "
                + "(dl4j 4.00x faster), sum3/stacked (dl4j 4.00x faster)"), line.why());
        assertFalse(line.why().contains("first prediction"), "an untested cold start is not a claim: " + line.why());
    }

    /** Where the cells recorded their memory, the line gives each backend's median, in kB below 1 MB (not "0 MB"). */
    @Test
    void memoryIsGivenWhereTheCellsRecordedIt() throws Exception {
        List<CellResult> cells = new ArrayList<>();
        for (CellResult c : cells()) {
            long kb = c.backend().equals("djl") ? 76 : 40 * 1024;
            cells.add(c.withMemory(new io.seqbench.common.result.CellMemory(100_000, kb, 50_000)));
        }
        Recommendation.Line line = Recommendation.lines(cells, verdicts(0.8, "djl faster by 1.25x [1.1x, 1.4x]"), null).get(0);
        assertTrue(line.why().endsWith("Memory of a training cell (median peak above its worker's level): djl 76 kB, dl4j 40 MB."),
                line.why());
        assertFalse(Recommendation.lines(cells(), verdicts(0.8, "djl faster by 1.25x [1.1x, 1.4x]"), null).get(0).why()
                .contains("Memory of a training cell"), "nothing said where nothing was measured");
    }

    /** Time to target: the median epoch at which the cells first met it, times the JMH epoch time and its interval. */
    @Test
    void timeToTargetCarriesTheEpochTimesInterval() throws Exception {
        List<CellResult> cells = new ArrayList<>();
        int[] firstMet = {90, 100, 130};
        for (int s = 1; s <= 3; s++) {
            for (String backend : List.of("djl", "dl4j")) {
                com.fasterxml.jackson.databind.node.ObjectNode n = io.seqbench.common.result.ResultJson.mapper()
                        .valueToTree(VerdictsTest.cell(backend, s, 0.001, "lstm"));
                n.putObject("firstMet").put("epoch", firstMet[s - 1]).put("ms", 1.0);
                cells.add(io.seqbench.common.result.ResultJson.mapper().treeToValue(n, CellResult.class));
            }
        }
        java.util.Map<String, io.seqbench.bench.speed.SpeedReport.Timing> epochs = java.util.Map.of(
                "sum3/lstm/djl", new io.seqbench.bench.speed.SpeedReport.Timing(2.0, 1.5, 2.5, 4, false));
        Recommendation.Line line = Recommendation.lines(cells, List.of(speed("lstm", "djl", "dl4j", 0.5,
                "djl faster by 2.00x [1.80x, 2.20x]")), null, epochs).get(0);
        assertTrue(line.why().contains("Training time to the target on djl (median first-met epoch x JMH epoch time): "
                + "200 ms [150 ms, 250 ms] (sum3/lstm), over 1 case."), line.why());
        assertTrue(Recommendation.lines(cells, List.of(speed("lstm", "djl", "dl4j", 0.5, "djl faster by 2.00x [1.80x, "
                + "2.20x]")), null, java.util.Map.of("sum3/lstm/dl4j", epochs.get("sum3/lstm/djl"))).get(0).why()
                .contains("No case of these models both meets its target on djl and has a JMH epoch time"));
    }
}
