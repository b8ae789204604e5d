package io.seqbench.dl4j;

import io.seqbench.common.model.KerasInit;
import org.deeplearning4j.nn.weights.IWeightInit;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Keras' {@code Orthogonal(gain)} initialiser ({@link KerasInit#orthogonal}) on a matrix of (product of all but the
 * last dimension) x (last dimension), drawing its normals from ND4J's seeded generator. Written here because ND4J 1.0.0-M2.1's {@code OrthogonalDistribution} never
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

    /** Delegates to the suite's shared implementation of Keras' algorithm. */
    static double[][] orthogonal(int rows, int cols, java.util.function.DoubleSupplier normal, double gain) {
        return KerasInit.orthogonal(rows, cols, normal, gain);
    }
}
