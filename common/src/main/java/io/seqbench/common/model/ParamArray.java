package io.seqbench.common.model;

import java.util.Arrays;

/**
 * One named parameter array in the suite's Keras layout, as float32 (what every backend trains in). Names are
 * {@code L<i>.<kind>} for layer i of the spec, with {@code .backward} before the kind for a bidirectional LSTM's
 * second direction; kinds are Keras' {@code kernel} (in, out), {@code recurrent_kernel} (H, 4H) and {@code bias} (out),
 * with an LSTM's four gates in Keras' order i, f, c, o along the last axis.
 *
 * @param shape  the Keras shape: two dimensions for kernels, one for biases
 * @param values row-major (c order)
 */
public record ParamArray(String name, int[] shape, float[] values) {

    public ParamArray {
        int size = 1;
        for (int d : shape) {
            size *= d;
        }
        if (size != values.length) {
            throw new IllegalArgumentException(name + ": shape " + Arrays.toString(shape) + " holds " + size
                    + " values, got " + values.length);
        }
    }

    /** Rows of a kernel; 1 for a bias. */
    public int rows() {
        return shape.length == 1 ? 1 : shape[0];
    }

    /** Columns of a kernel; the length of a bias. */
    public int cols() {
        return shape[shape.length - 1];
    }

    /** Same name, shape and bit-identical values (records compare arrays by reference). */
    public boolean sameAs(ParamArray other) {
        return name.equals(other.name) && Arrays.equals(shape, other.shape) && Arrays.equals(values, other.values);
    }
}
