package io.seqbench.common;

import io.seqbench.common.data.Dataset;
import io.seqbench.common.data.Preprocessing;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** Preprocessing is fitted on the training split only and its inverse restores original units. */
class PreprocessingTest {
    static final Dataset TRAIN = new Dataset(
            new double[][][]{{{1, 10}, {2, 20}}, {{3, 30}, {4, 40}}},
            new double[][]{{100, 5}, {300, 7}});

    @Test
    void standardiseUsesTrainingMomentsPerFeature() {
        Preprocessing.Fitted f = Preprocessing.STANDARDISE.fit(TRAIN);
        double[][][] x = f.transformX(TRAIN.x());
        // feature 0 over all steps of all samples: 1,2,3,4 -> mean 2.5, sd sqrt(1.25)
        assertEquals((1 - 2.5) / Math.sqrt(1.25), x[0][0][0], 1e-12);
        assertEquals((40 - 25) / Math.sqrt(125), x[1][1][1], 1e-12);
        double[][] y = f.transformY(TRAIN.y());
        assertEquals(-1, y[0][0], 1e-12);
        assertEquals(1, y[1][1], 1e-12);
        // a value outside training is mapped with the same moments (no refit)
        assertEquals((500 - 200) / 100.0, f.transformY(new double[][]{{500, 6}})[0][0], 1e-12);
    }

    @Test
    void everyKindRoundTrips() {
        double[][] y = {{100, 5}, {300, 7}, {12345, 0.5}};
        for (Preprocessing p : new Preprocessing[]{Preprocessing.RAW, Preprocessing.STANDARDISE, Preprocessing.LOG,
                Preprocessing.scale(1000, 1e6)}) {
            Preprocessing.Fitted f = p.fit(TRAIN);
            double[][] back = f.inverseY(f.transformY(y));
            for (int i = 0; i < y.length; i++) {
                assertArrayEquals(y[i], back[i], 1e-9 * 12345, p.id());
            }
        }
    }

    @Test
    void scaleDividesByTheGivenConstants() {
        Preprocessing.Fitted f = Preprocessing.scale(2000, 4000).fit(TRAIN);
        assertEquals(0.001, f.transformX(TRAIN.x())[0][1][0], 1e-15);
        assertEquals(0.025, f.transformY(TRAIN.y())[0][0], 1e-15);
    }

    @Test
    void logCompressesMagnitudes() {
        Dataset wide = new Dataset(new double[][][]{{{1}}, {{2}}}, new double[][]{{170}, {555555}});
        Preprocessing.Fitted f = Preprocessing.LOG.fit(wide);
        double[][] t = f.transformY(wide.y());
        assertEquals(-1, t[0][0], 1e-12);
        assertEquals(1, t[1][0], 1e-12);
    }

    @Test
    void constantFeatureDoesNotDivideByZero() {
        Dataset constant = new Dataset(new double[][][]{{{5}}, {{5}}}, new double[][]{{1}, {1}});
        double[][][] x = Preprocessing.STANDARDISE.fit(constant).transformX(constant.x());
        assertEquals(0, x[0][0][0]);
    }

    @Test
    void rejectsBadDivisors() {
        assertThrows(IllegalArgumentException.class, () -> Preprocessing.scale(0, 1));
    }
}
