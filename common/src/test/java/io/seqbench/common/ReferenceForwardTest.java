package io.seqbench.common;

import io.seqbench.common.model.Activation;
import io.seqbench.common.model.Layer;
import io.seqbench.common.model.Loss;
import io.seqbench.common.model.ModelSpec;
import io.seqbench.common.model.Optimizer;
import io.seqbench.common.model.ParamArray;
import io.seqbench.common.model.ReferenceForward;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The float64 reference against Keras' equations worked by hand, and its term-scaled difference. */
class ReferenceForwardTest {
    static ParamArray arr(String name, int[] shape, float... v) {
        return new ParamArray(name, shape, v);
    }

    static double sig(double v) {
        return 1 / (1 + Math.exp(-v));
    }

    /** One unit, two steps, then Dense(1): every gate by hand (Keras order i, f, c, o). */
    @Test
    void anLstmStepByHand() {
        ModelSpec spec = ModelSpec.of(List.of(Layer.Lstm.of(1, Activation.TANH), new Layer.Dense(1, Activation.LINEAR)),
                Optimizer.adam(1e-3), Loss.MSE, 1, 1, 0.2);
        List<ParamArray> p = List.of(
                arr("k", new int[]{1, 4}, 0.5f, -0.25f, 1f, 0.75f),
                arr("r", new int[]{1, 4}, 0.1f, 0.2f, -0.3f, 0.4f),
                arr("b", new int[]{4}, 0f, 1f, 0f, 0f),
                arr("dk", new int[]{1, 1}, 2f),
                arr("db", new int[]{1}, 0.5f));
        double h = 0;
        double c = 0;
        for (double x : new double[]{1, 3}) {
            // the parameters are float32 values: 0.1f is 0.100000001490116...
            double i = sig(0.5 * x + (double) 0.1f * h);
            double f = sig(-0.25 * x + (double) 0.2f * h + 1);
            double g = Math.tanh(x - (double) 0.3f * h);
            double o = sig(0.75 * x + (double) 0.4f * h);
            c = f * c + i * g;
            h = o * Math.tanh(c);
        }
        double[][] out = ReferenceForward.predict(spec, p, new double[][][]{{{1}, {3}}});
        assertEquals(2 * h + 0.5, out[0][0], 1e-15);
    }

    /** A masked step keeps the state; a row masked throughout gives the zero state (Keras). */
    @Test
    void maskedStepsKeepTheState() {
        ModelSpec spec = ModelSpec.of(List.of(new Layer.Masking(0), Layer.Lstm.of(1, Activation.TANH),
                new Layer.Dense(1, Activation.LINEAR)), Optimizer.adam(1e-3), Loss.MSE, 1, 1, 0.2);
        List<ParamArray> p = List.of(arr("k", new int[]{1, 4}, 0.5f, -0.25f, 1f, 0.75f),
                arr("r", new int[]{1, 4}, 0.1f, 0.2f, -0.3f, 0.4f), arr("b", new int[]{4}, 0f, 1f, 0f, 0f),
                arr("dk", new int[]{1, 1}, 1f), arr("db", new int[]{1}, 0f));
        double[][] out = ReferenceForward.predict(spec, p, new double[][][]{{{0}, {1}, {0}}, {{1}, {0}, {0}}, {{0}, {0}, {0}}});
        assertEquals(out[0][0], out[1][0], 0, "the same unmasked step, wherever it stands");
        assertEquals(0, out[2][0], 0, "masked throughout: the zero state");
    }

    /** Outputs that cancel carry the rounding of their terms: the difference is measured against the terms. */
    @Test
    void theDifferenceIsOverTheTermsThatMakeAnOutput() {
        ModelSpec spec = ModelSpec.of(List.of(new Layer.Dense(1, Activation.LINEAR)), Optimizer.adam(1e-3), Loss.MSE, 1, 1, 0.2);
        List<ParamArray> p = List.of(arr("k", new int[]{2, 1}, 1f, -1f), arr("b", new int[]{1}, 0f));
        ReferenceForward.Outputs r = ReferenceForward.compute(spec, p, new double[][][]{{{1000}, {999.99}}});
        assertEquals(0.01, r.values()[0][0], 1e-4);
        assertEquals(1999.99, r.termScale(), 1e-3);
        assertEquals(1e-5 / 1999.99, r.difference(new double[][]{{r.values()[0][0] + 1e-5}}), 1e-12);
        assertTrue(Double.isNaN(r.difference(new double[][]{{Double.NaN}})));
        assertTrue(Double.isNaN(r.difference(new double[][]{{1, 2}})), "a missing or extra value is never a pass");
    }
}
