package io.seqbench.dl4j;

import io.seqbench.common.Precision;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Conversions between the suite's double arrays and ND4J's float arrays, in DL4J's NCW layout. */
final class Dl4jArrays {

    /** ND4J's type for a precision. */
    static DataType type(Precision precision) {
        return precision == Precision.FLOAT64 ? DataType.DOUBLE : DataType.FLOAT;
    }

    private Dl4jArrays() {
    }

    /** (samples, timesteps, features) of the given rows as [batch, features, timesteps]. */
    static INDArray sequences(double[][][] x, int[] rows) {
        int t = x[rows[0]].length;
        int f = x[rows[0]][0].length;
        float[] data = new float[rows.length * f * t];
        int k = 0;
        for (int r : rows) {
            for (int j = 0; j < f; j++) {
                for (int s = 0; s < t; s++) {
                    data[k++] = (float) x[r][s][j];
                }
            }
        }
        return Nd4j.create(data, new long[]{rows.length, f, t}, 'c');
    }

    /** The rows flattened step-major, as [batch, timesteps * features]. */
    static INDArray flat(double[][][] x, int[] rows) {
        int t = x[rows[0]].length;
        int f = x[rows[0]][0].length;
        float[] data = new float[rows.length * f * t];
        int k = 0;
        for (int r : rows) {
            for (int s = 0; s < t; s++) {
                for (int j = 0; j < f; j++) {
                    data[k++] = (float) x[r][s][j];
                }
            }
        }
        return Nd4j.create(data, new long[]{rows.length, (long) t * f}, 'c');
    }

    /** Targets: [batch, outputs], or [batch, features, steps] for a sequence output. */
    static INDArray targets(double[][] y, int[] rows, int steps) {
        int width = y[rows[0]].length / steps;
        float[] data = new float[rows.length * width * steps];
        int k = 0;
        for (int r : rows) {
            for (int j = 0; j < width; j++) {
                for (int s = 0; s < steps; s++) {
                    data[k++] = (float) y[r][s * width + j];
                }
            }
        }
        return steps == 1 ? Nd4j.create(data, new long[]{rows.length, width}, 'c')
                : Nd4j.create(data, new long[]{rows.length, width, steps}, 'c');
    }

    static INDArray mask(double[][] mask, int[] rows) {
        int t = mask[rows[0]].length;
        float[] data = new float[rows.length * t];
        int k = 0;
        for (int r : rows) {
            for (int s = 0; s < t; s++) {
                data[k++] = (float) mask[r][s];
            }
        }
        return Nd4j.create(data, new long[]{rows.length, t}, 'c');
    }

    /** Network output back to (samples, steps * width), step-major. */
    static double[][] outputs(INDArray out) {
        INDArray o = out.castTo(DataType.DOUBLE);
        long n = o.size(0);
        double[][] res = new double[(int) n][];
        if (o.rank() == 2) {
            for (int i = 0; i < n; i++) {
                res[i] = o.getRow(i).toDoubleVector();
            }
            return res;
        }
        int width = (int) o.size(1);
        int steps = (int) o.size(2);
        for (int i = 0; i < n; i++) {
            res[i] = new double[width * steps];
            for (int s = 0; s < steps; s++) {
                for (int j = 0; j < width; j++) {
                    res[i][s * width + j] = o.getDouble(i, j, s);
                }
            }
        }
        return res;
    }

    static int[] all(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = i;
        }
        return r;
    }
}
