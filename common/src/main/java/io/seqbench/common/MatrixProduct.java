package io.seqbench.common;

/**
 * Two n x n single-precision matrices held by a backend's native engine, multiplied on request: 2·n³ FLOPs per
 * {@link #multiply}, the yardstick for "% of peak" (the achievable throughput of the engine's best kernel, measured).
 */
public interface MatrixProduct extends AutoCloseable {

    /** The side of the matrices. */
    int n();

    /** Multiplies the two matrices into a preallocated result and returns one element of it (so it is consumed). */
    double multiply();

    @Override
    void close();
}
