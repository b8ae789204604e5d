package io.seqbench.common;

import io.seqbench.common.metrics.Metrics;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** Metric maths on vectors with known answers. */
class MetricsTest {

    @Test
    void knownVector() {
        double[][] truth = {{1}, {2}, {3}, {4}};
        double[][] pred = {{1}, {2}, {3}, {6}};
        Metrics.Regression m = Metrics.regression(truth, pred);
        assertEquals(1.0, m.rmse(), 1e-12); // sqrt(4/4)
        assertEquals(0.5, m.mae(), 1e-12);
        assertEquals(2.0, m.maxAbsError(), 0);
        // SS_tot = 5, SS_res = 4
        assertEquals(1 - 4.0 / 5.0, m.r2(), 1e-12);
        assertEquals(4, m.samples());
    }

    @Test
    void perfectAndMeanPredictions() {
        double[][] truth = {{1, 10}, {3, 30}};
        assertEquals(1.0, Metrics.r2(truth, truth), 0);
        assertEquals(0.0, Metrics.regression(truth, truth).rmse(), 0);
        double[][] mean = {{2, 20}, {2, 20}};
        assertEquals(0.0, Metrics.r2(truth, mean), 1e-12);
        // multi-output R^2 is the average of per-output R^2: (1 + 0) / 2
        double[][] half = {{1, 20}, {3, 20}};
        assertEquals(0.5, Metrics.r2(truth, half), 1e-12);
    }

    @Test
    void rmseOverOutputs() {
        double[][] truth = {{0, 0}};
        double[][] pred = {{3, 4}};
        assertEquals(Math.sqrt(12.5), Metrics.regression(truth, pred).rmse(), 1e-12);
        assertTrue(Double.isNaN(Metrics.regression(truth, pred).r2()), "one sample: R^2 undefined");
    }

    @Test
    void probeErrors() {
        assertArrayEquals(new double[]{3, 1}, Metrics.absoluteErrors(new double[]{150, 50}, new double[]{153, 49}), 1e-12);
        assertArrayEquals(new double[]{0.02, 0.02}, Metrics.relativeErrors(new double[]{150, 50}, new double[]{153, 49}), 1e-12);
        assertEquals(Double.POSITIVE_INFINITY, Metrics.relativeErrors(new double[]{0}, new double[]{1})[0]);
        assertEquals(0.0, Metrics.relativeErrors(new double[]{0}, new double[]{0})[0]);
        assertTrue(Double.isNaN(Metrics.max(new double[]{1, Double.NaN})));
    }

    @Test
    void nanPredictionsGiveNanMetrics() {
        Metrics.Regression m = Metrics.regression(new double[][]{{1}, {2}}, new double[][]{{Double.NaN}, {2}});
        assertTrue(Double.isNaN(m.rmse()));
        assertTrue(Double.isNaN(m.maxAbsError()));
    }

    @Test
    void shapeMismatchIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> Metrics.regression(new double[][]{{1}}, new double[][]{{1, 2}}));
    }
}
