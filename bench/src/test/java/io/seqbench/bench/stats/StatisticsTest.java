package io.seqbench.bench.stats;

import org.junit.jupiter.api.Test;

import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.*;

/** The statistics against values computed independently (scipy.stats.ttest_rel, R's p.adjust). */
public class StatisticsTest {
    /** Log errors differing by 1, 2, 3, 4, 5: t = 4.2426 on 4 df, p = 0.013236 (scipy.stats.ttest_rel). */
    @Test
    void pairedTOnLogErrorMatchesScipy() {
        double[] b = {0.1, 0.2, 0.05, 1.0, 3.0};
        double[] a = IntStream.range(0, 5).mapToDouble(i -> b[i] * Math.exp(i + 1)).toArray();
        Statistics.Paired p = Statistics.pairedLog(a, b, Statistics.FLOAT32_EPSILON);
        assertEquals(5, p.n());
        assertEquals(0.01323559956368269, p.p(), 1e-9);
        assertEquals(Math.exp(3), p.ratio(), 1e-9, "ratio of geometric means a/b");
        assertEquals(2.8200, p.low(), 1e-3);
        assertEquals(143.057, p.high(), 1e-3);
        Statistics.Paired reversed = Statistics.pairedLog(b, a, Statistics.FLOAT32_EPSILON);
        assertEquals(p.p(), reversed.p(), 1e-12);
        assertEquals(1 / p.ratio(), reversed.ratio(), 1e-9);
    }

    @Test
    void identicalErrorsShowNoDifferenceAndOneSeedNoTest() {
        double[] e = {0.01, 0.02, 0.03};
        assertEquals(1, Statistics.pairedLog(e, e, Statistics.FLOAT32_EPSILON).p(), "distinct replicates, no difference");
        assertEquals(1, Statistics.pairedLog(e, e, Statistics.FLOAT32_EPSILON).ratio());
        assertTrue(Double.isNaN(Statistics.pairedLog(new double[]{0.1}, new double[]{0.2}, 1e-7).p()), "one pair: no test");
        assertThrows(IllegalArgumentException.class, () -> Statistics.pairedLog(new double[2], new double[3], 1e-7));
    }

    /**
     * Errors below float32 resolution are rounding: a float64 backend's 1e-12 against a float32 backend's 1e-8 is no
     * difference (before the floor, this pair read as a 10,000x ratio with p = 0).
     */
    @Test
    void errorsBelowTheFloorAreEqual() {
        double[] float64 = {1e-12, 3e-13, 2e-12};
        double[] float32 = {1e-8, 4e-8, 9e-9};
        Statistics.Paired p = Statistics.pairedLog(float64, float32, Statistics.FLOAT32_EPSILON);
        assertEquals(1, p.ratio());
        assertEquals(1, p.n(), "every seed gives the pair (floor, floor): one replicate, equal");
        assertThrows(IllegalArgumentException.class, () -> Statistics.pairedLog(float64, float32, 0));
    }

    /**
     * scipy: ttest_ind(log a, log b, equal_var=False) gives t = -7.43008, p = 0.0027109 on 3.5691 df; the 95% interval
     * of the ratio of geometric means, exp(d ± t(0.975, df)·se), is [0.321841, 0.609576] around 0.442929.
     */
    @Test
    void welchOnLogTimesMatchesScipy() {
        Statistics.LogRatio r = Statistics.welchLog(new double[]{1.2, 1.5, 1.1}, new double[]{2.5, 2.9, 3.3, 2.7}, 0.05);
        assertEquals(0.0027109415729396117, r.p(), 1e-9);
        assertEquals(0.4429293602388505, r.ratio(), 1e-9);
        assertEquals(0.32184097025858216, r.low(), 1e-6);
        assertEquals(0.6095756485073109, r.high(), 1e-6);
        assertEquals(3, r.na());
        assertEquals(4, r.nb());
        assertTrue(Double.isNaN(Statistics.welchLog(new double[]{1}, new double[]{2, 3}, 0.05).p()), "one fork: no test");
    }


    @Test
    void summaries() {
        assertEquals(2, Statistics.mean(new double[]{1, 2, 3}));
        assertEquals(1, Statistics.sd(new double[]{1, 2, 3}), 1e-12);
        assertEquals(0, Statistics.sd(new double[]{5}));
        assertEquals(2.5, Statistics.median(new double[]{4, 1, 2, 3}));
        assertTrue(Double.isNaN(Statistics.median(new double[0])));
    }

    /** Equal values on every seed are one replicate: no test, where the zero spread once gave p = 0. */
    @Test
    void seedInvariantValuesAreOneReplicate() {
        Statistics.Paired p = Statistics.pairedLog(new double[]{0.2, 0.2, 0.2, 0.2, 0.2}, new double[]{0.3, 0.3, 0.3, 0.3, 0.3},
                1e-7);
        assertEquals(1, p.n());
        assertEquals(5, p.seeds());
        assertTrue(Double.isNaN(p.p()), "no test: " + p);
        // a pair that repeats on some seeds only (both at the floor, say) is a replicate like any other
        Statistics.Paired three = Statistics.pairedLog(new double[]{1e-9, 1e-9, 0.4}, new double[]{1e-9, 1e-9, 0.5}, 1e-7);
        assertEquals(3, three.n());
        assertEquals(Math.exp(Math.log(0.8) / 3), three.ratio(), 1e-12, "the ratio of geometric means over all seeds");
    }

    /** A fork that measured nothing (0 or NaN) has no logarithm: no test, not an exception. */
    @Test
    void welchWithAZeroOrNaNForkIsNoTest() {
        assertTrue(Double.isNaN(Statistics.welchLog(new double[]{0, 1.2, 1.1}, new double[]{2.5, 2.9, 3.3}, 0.05).p()));
        assertTrue(Double.isNaN(Statistics.welchLog(new double[]{1.0, 1.2, 1.1}, new double[]{Double.NaN, 2.9, 3.3}, 0.05).p()));
    }
}
