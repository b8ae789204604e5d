package io.seqbench.dl4j;

import io.seqbench.common.MatrixProduct;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * ND4J's sgemm on every core the JVM may use: the peak measurement asks what the machine can do, so the BLAS and
 * OpenMP pools are widened from the training set-up's thread count for the product and restored on close.
 */
final class Dl4jMatrixProduct implements MatrixProduct {
    private final int n;
    private final int threads = Runtime.getRuntime().availableProcessors();
    private final INDArray a;
    private final INDArray b;
    private final INDArray c;

    Dl4jMatrixProduct(int n, long seed) {
        this.n = n;
        Nd4j.getRandom().setSeed(seed);
        a = Nd4j.rand(DataType.FLOAT, n, n);
        b = Nd4j.rand(DataType.FLOAT, n, n);
        c = Nd4j.create(DataType.FLOAT, n, n);
        Dl4jSetup.threads(threads);
    }

    public int n() {
        return n;
    }

    public double multiply() {
        a.mmul(b, c);
        return c.getDouble(0, 0);
    }

    public void close() {
        Dl4jSetup.threads(Dl4jSetup.THREADS);
        a.close();
        b.close();
        c.close();
    }
}
