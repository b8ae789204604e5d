package io.seqbench.djl;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.seqbench.common.MatrixProduct;

/** PyTorch's single-precision matrix product with the backend's thread settings (both cores by default). */
final class DjlMatrixProduct implements MatrixProduct {
    private final int n;
    private final NDManager manager;
    private final NDArray a;
    private final NDArray b;

    DjlMatrixProduct(Engine engine, int n, long seed) {
        this.n = n;
        engine.setRandomSeed((int) seed);
        manager = NDManager.newBaseManager(engine.defaultDevice(), DjlSetup.ENGINE);
        a = manager.randomUniform(0, 1, new Shape(n, n), DataType.FLOAT32);
        b = manager.randomUniform(0, 1, new Shape(n, n), DataType.FLOAT32);
    }

    public int n() {
        return n;
    }

    /** Each product's result is a new array, freed at once; PyTorch's caching allocator reuses its memory. */
    public double multiply() {
        try (NDArray c = a.matMul(b)) {
            return c.getFloat(0, 0);
        }
    }

    public void close() {
        manager.close();
    }
}
