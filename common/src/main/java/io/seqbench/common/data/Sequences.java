package io.seqbench.common.data;

/** Sequence inputs as the native backends take them. */
public final class Sequences {
    private Sequences() {
    }

    /**
     * (samples, timesteps, features) as one float array in c order, each value rounded to float32, as every backend
     * receives its inputs (and as the float64 reference rounds them first).
     */
    public static float[] floats(double[][][] x) {
        int n = x.length;
        int t = x[0].length;
        int f = x[0][0].length;
        float[] data = new float[n * t * f];
        int k = 0;
        for (double[][] sample : x) {
            for (double[] step : sample) {
                for (double v : step) {
                    data[k++] = (float) v;
                }
            }
        }
        return data;
    }
}
