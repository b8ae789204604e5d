package io.seqbench.common.model;

import java.util.function.DoubleSupplier;

/**
 * Keras' weight initialisers as plain arrays: {@code GlorotUniform} for kernels and {@code Orthogonal(gain)} for
 * recurrent kernels and for specs that ask for it. {@link InitialParameters} draws every spec's arrays with them
 * once, and every neural backend loads those arrays.
 */
public final class KerasInit {
    private KerasInit() {
    }

    /** U(-limit, limit) with limit = sqrt(6 / (fanIn + fanOut)), as a rows x cols matrix. */
    public static double[][] glorotUniform(int rows, int cols, int fanIn, int fanOut, DoubleSupplier uniform01) {
        double limit = Math.sqrt(6.0 / (fanIn + fanOut));
        double[][] w = new double[rows][cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                w[i][j] = (2 * uniform01.getAsDouble() - 1) * limit;
            }
        }
        return w;
    }

    /**
     * Keras' Orthogonal: standard normals, QR decomposition, Q with the signs of R's diagonal (here: Gram-Schmidt,
     * which gives R a positive diagonal), times the gain. Orthonormal rows or columns, whichever are fewer.
     */
    public static double[][] orthogonal(int rows, int cols, DoubleSupplier normal, double gain) {
        boolean transpose = rows < cols;
        int n = transpose ? cols : rows;
        int m = transpose ? rows : cols;
        double[][] a = new double[n][m];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                a[i][j] = normal.getAsDouble();
            }
        }
        for (int j = 0; j < m; j++) {
            for (int k = 0; k < j; k++) {
                double dot = 0;
                for (int i = 0; i < n; i++) {
                    dot += a[i][k] * a[i][j];
                }
                for (int i = 0; i < n; i++) {
                    a[i][j] -= dot * a[i][k];
                }
            }
            double norm = 0;
            for (int i = 0; i < n; i++) {
                norm += a[i][j] * a[i][j];
            }
            norm = Math.sqrt(norm);
            for (int i = 0; i < n; i++) {
                a[i][j] /= norm;
            }
        }
        double[][] out = new double[rows][cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                out[i][j] = gain * (transpose ? a[j][i] : a[i][j]);
            }
        }
        return out;
    }
}
