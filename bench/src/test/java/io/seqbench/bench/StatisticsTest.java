package io.seqbench.bench;

import org.junit.jupiter.api.Test;

import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.*;

/** The statistics against values computed independently (scipy.stats.ttest_rel, R's p.adjust). */
class StatisticsTest {
    /** Log errors differing by 1, 2, 3, 4, 5: t = 4.2426 on 4 df, p = 0.013236 (scipy.stats.ttest_rel). */
    @Test
    void pairedTOnLogErrorMatchesScipy() {
        double[] b = {0.1, 0.2, 0.05, 1.0, 3.0};
        double[] a = IntStream.range(0, 5).mapToDouble(i -> b[i] * Math.exp(i + 1)).toArray();
        Statistics.Paired p = Statistics.pairedLog(a, b);
        assertEquals(5, p.n());
        assertEquals(0.01323559956368269, p.p(), 1e-9);
        assertEquals(Math.exp(3), p.ratio(), 1e-9, "ratio of geometric means a/b");
        assertEquals(2.8200, p.low(), 1e-3);
        assertEquals(143.057, p.high(), 1e-3);
        Statistics.Paired reversed = Statistics.pairedLog(b, a);
        assertEquals(p.p(), reversed.p(), 1e-12);
        assertEquals(1 / p.ratio(), reversed.ratio(), 1e-9);
    }

    @Test
    void identicalErrorsShowNoDifferenceAndOneSeedNoTest() {
        double[] e = {0.01, 0.02, 0.03};
        assertEquals(1, Statistics.pairedLog(e, e).p());
        assertEquals(1, Statistics.pairedLog(e, e).ratio());
        assertTrue(Double.isNaN(Statistics.pairedLog(new double[]{0.1}, new double[]{0.2}).p()), "one pair: no test");
        assertThrows(IllegalArgumentException.class, () -> Statistics.pairedLog(new double[2], new double[3]));
    }

    /** R: p.adjust(c(0.01, 0.04, 0.03, 0.005), "holm") gives 0.03 0.06 0.06 0.02. */
    @Test
    void holmMatchesR() {
        assertArrayEquals(new double[]{0.03, 0.06, 0.06, 0.02}, Statistics.holm(new double[]{0.01, 0.04, 0.03, 0.005}), 1e-12);
        assertArrayEquals(new double[]{1, 1}, Statistics.holm(new double[]{0.6, 0.9}), 1e-12, "capped at 1");
        double[] withNaN = Statistics.holm(new double[]{0.01, Double.NaN, 0.02});
        assertEquals(0.02, withNaN[0], 1e-12, "NaN is not a comparison: m = 2");
        assertTrue(Double.isNaN(withNaN[1]));
        assertEquals(0.02, withNaN[2], 1e-12);
    }

    @Test
    void summaries() {
        assertEquals(2, Statistics.mean(new double[]{1, 2, 3}));
        assertEquals(1, Statistics.sd(new double[]{1, 2, 3}), 1e-12);
        assertEquals(0, Statistics.sd(new double[]{5}));
        assertEquals(2.5, Statistics.median(new double[]{4, 1, 2, 3}));
        assertTrue(Double.isNaN(Statistics.median(new double[0])));
    }
}
