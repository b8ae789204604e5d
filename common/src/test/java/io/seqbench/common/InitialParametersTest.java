package io.seqbench.common;

import io.seqbench.common.model.Activation;
import io.seqbench.common.model.Init;
import io.seqbench.common.model.InitialParameters;
import io.seqbench.common.model.Layer;
import io.seqbench.common.model.Loss;
import io.seqbench.common.model.ModelSpec;
import io.seqbench.common.model.Optimizer;
import io.seqbench.common.model.ParamArray;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The shared initial parameters follow Keras' layout and initialisers, and depend on the seed alone. */
class InitialParametersTest {
    static final ModelSpec BI = ModelSpec.of(List.of(Layer.Lstm.of(50, Activation.RELU).bidirectionalLayer(),
            new Layer.Dense(1, Activation.LINEAR)), Optimizer.adam(), Loss.MSE, 1, 32, 0.2);

    @Test
    void kerasLayoutNamesAndShapes() {
        List<ParamArray> p = InitialParameters.draw(BI, 3, 1, 1);
        assertEquals(List.of("L0.kernel", "L0.recurrent_kernel", "L0.bias", "L0.backward.kernel",
                "L0.backward.recurrent_kernel", "L0.backward.bias", "L1.kernel", "L1.bias"),
                p.stream().map(ParamArray::name).toList());
        assertArrayEquals(new int[]{1, 200}, p.get(0).shape());
        assertArrayEquals(new int[]{50, 200}, p.get(1).shape());
        assertArrayEquals(new int[]{200}, p.get(2).shape());
        assertArrayEquals(new int[]{100, 1}, p.get(6).shape(), "the dense layer sees both directions");
        assertEquals(10451 * 2 - 51 + 50, p.stream().mapToInt(a -> a.values().length).sum(), "Keras' count: 2 x 10400 + 101");
    }

    @Test
    void glorotLimitUsesKerasFanInAndFanOut() {
        // LSTM(50) kernel on 1 feature: fan_in 1, fan_out 200, limit sqrt(6 / 201); DL4J's own LSTM init is wider
        float[] k = InitialParameters.draw(BI, 3, 1, 1).get(0).values();
        double limit = Math.sqrt(6.0 / 201);
        double max = 0;
        for (float v : k) {
            max = Math.max(max, Math.abs(v));
        }
        assertTrue(max <= limit && max > 0.9 * limit, "max " + max + " against the limit " + limit);
    }

    @Test
    void recurrentKernelHasOrthonormalRowsAndForgetBiasIsOne() {
        List<ParamArray> p = InitialParameters.draw(BI, 3, 1, 2);
        float[] r = p.get(1).values();
        for (int i = 0; i < 50; i++) {
            for (int j = 0; j < 50; j++) {
                double dot = 0;
                for (int k = 0; k < 200; k++) {
                    dot += (double) r[i * 200 + k] * r[j * 200 + k];
                }
                assertEquals(i == j ? 1 : 0, dot, 1e-5);
            }
        }
        float[] b = p.get(2).values();
        for (int i = 0; i < 200; i++) {
            assertEquals(i >= 50 && i < 100 ? 1f : 0f, b[i], "gates i, f, c, o: only f starts at 1");
        }
    }

    @Test
    void orthogonalKernelCarriesTheSpecsGain() {
        ModelSpec masked = ModelSpec.of(List.of(new Layer.Masking(0), new Layer.Lstm(10, Activation.TANH, false, false,
                Init.orthogonal(0.5), false), new Layer.Dense(1, Activation.RELU)), Optimizer.adam(), Loss.MSE, 1, 1, 0.1);
        List<ParamArray> p = InitialParameters.draw(masked, 20, 1, 3);
        float[] k = p.get(0).values(); // (1, 40): one row, norm = gain
        double norm = 0;
        for (float v : k) {
            norm += (double) v * v;
        }
        assertEquals(0.25, norm, 1e-6);
        for (float v : p.get(2).values()) {
            assertEquals(0f, v, "no forget-bias trick");
        }
    }

    @Test
    void sameSeedSameArraysOtherSeedOthers() {
        List<ParamArray> a = InitialParameters.draw(BI, 3, 1, 5);
        List<ParamArray> b = InitialParameters.draw(BI, 3, 1, 5);
        List<ParamArray> c = InitialParameters.draw(BI, 3, 1, 6);
        for (int i = 0; i < a.size(); i++) {
            assertTrue(a.get(i).sameAs(b.get(i)));
        }
        assertFalse(a.get(0).sameAs(c.get(0)));
    }

    /** The rounding twin's start: every non-zero value one float32 ulp up, zeros (the biases) untouched. */
    @Test
    void nudgedArraysMoveEveryNonZeroValueByOneUlp() {
        List<ParamArray> plain = InitialParameters.draw(BI, 3, 1, new TrainSettings(7));
        List<ParamArray> nudged = InitialParameters.draw(BI, 3, 1, new TrainSettings(7).nudge());
        int moved = 0;
        for (int i = 0; i < plain.size(); i++) {
            float[] a = plain.get(i).values();
            float[] b = nudged.get(i).values();
            assertArrayEquals(plain.get(i).shape(), nudged.get(i).shape());
            for (int k = 0; k < a.length; k++) {
                assertEquals(a[k] == 0 ? 0f : Math.nextUp(a[k]), b[k], 0f, plain.get(i).name() + "[" + k + "]");
                moved += a[k] != b[k] ? 1 : 0;
            }
        }
        assertTrue(moved > 20_000, "the kernels moved: " + moved);
        assertEquals(Math.nextUp(1f), nudged.get(2).values()[51], 0f, "the forget bias: 1 plus one ulp");
    }
}
