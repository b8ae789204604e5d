package io.seqbench.dl4j;

import org.deeplearning4j.nn.weights.IWeightInit;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Keras' {@code Orthogonal(gain)} initialiser, in plain Java: a matrix of (product of all but the last dimension)
 * x (last dimension) standard normals from ND4J's seeded generator, its QR decomposition, Q with the signs of R's
 * diagonal, scaled by the gain. Written here because ND4J 1.0.0-M2.1's {@code OrthogonalDistribution} never
 * returns (a native op spins) on an LSTM's [units, 4*units] recurrent matrix.
 */
public final class OrthogonalInit implements IWeightInit {
    private double gain;

    /** For Jackson, which DL4J uses to copy configurations. */
    public OrthogonalInit() {
        this(1.0);
    }

    public OrthogonalInit(double gain) {
        this.gain = gain;
    }

    public double getGain() {
        return gain;
    }

    public void setGain(double gain) {
        this.gain = gain;
    }

    @Override
    public INDArray init(double fanIn, double fanOut, long[] shape, char order, INDArray paramView) {
        long cols = shape[shape.length - 1];
        long rows = 1;
        for (int i = 0; i < shape.length - 1; i++) {
            rows *= shape[i];
        }
        double[][] q = orthogonal((int) rows, (int) cols, Nd4j.getRandom()::nextGaussian, gain);
        double[] flat = new double[(int) (rows * cols)];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(q[r], 0, flat, (int) (r * cols), (int) cols);
        }
        INDArray values = Nd4j.create(flat, shape, 'c').castTo(paramView.dataType());
        paramView.assign(values.reshape(order, paramView.shape()));
        return paramView.reshape(order, shape);
    }

    /** A rows x cols matrix with orthonormal rows or columns (whichever are fewer), times gain. */
    static double[][] orthogonal(int rows, int cols, java.util.function.DoubleSupplier normal, double gain) {
        boolean transpose = rows < cols;
        int n = transpose ? cols : rows; // tall: n x m with n >= m
        int m = transpose ? rows : cols;
        double[][] a = new double[n][m];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                a[i][j] = normal.getAsDouble();
            }
        }
        // Modified Gram-Schmidt on the columns: a = Q R with diag(R) > 0, which is Keras' q * sign(diag(r)).
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
