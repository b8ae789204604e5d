package io.seqbench.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import java.util.ArrayList;
import java.util.List;

/**
 * A network's parameters as views of one flat array, so that one optimizer update covers them all. On the seed
 * tasks' tiny models an epoch is mostly per-operation cost, and DJL's Adam is about ten PyTorch operations per call:
 * per parameter, that was a third of an LSTM epoch's operations. The update is elementwise, so one call over the
 * concatenation applies the same arithmetic to every element as one call per parameter.
 *
 * <p>Each parameter stays a leaf of its own that PyTorch differentiates (a view made without gradient tracking, then
 * marked as requiring a gradient), so the forward pass is unchanged; the update writes into the flat array, which the
 * views share.
 */
final class ParameterBuffer {
    private final NDArray values;
    private final List<NDArray> params = new ArrayList<>();
    private long filled;

    /** An empty buffer of {@code size} elements in the manager. */
    ParameterBuffer(NDManager manager, long size, DataType type) {
        values = manager.zeros(new Shape(size), type);
    }

    /**
     * Copies the parameter into the buffer's next elements and returns the view of them that replaces it: same shape,
     * owned by the buffer's manager, requiring a gradient. The given array is closed.
     */
    NDArray hold(NDArray p) {
        long n = p.getShape().size();
        NDIndex slice = new NDIndex(filled + ":" + (filled + n));
        try (NDArray flat = p.reshape(-1)) {
            values.set(slice, flat);
        }
        NDArray view = values.get(slice).reshape(p.getShape());
        view.attach(values.getManager());
        view.setRequiresGradient(true);
        p.close();
        params.add(view);
        filled += n;
        return view;
    }

    /** The flat array every parameter is a view of. */
    NDArray values() {
        return values;
    }

    /**
     * Every parameter's gradient, concatenated in the parameters' order into an array of {@code scratch}; the
     * parameters' own gradients are zeroed for the next step.
     */
    NDArray takeGradient(NDManager scratch) {
        NDList grads = new NDList();
        NDList flat = new NDList();
        for (NDArray p : params) {
            NDArray g = p.getGradient();
            g.attach(scratch);
            grads.add(g);
            flat.add(g.reshape(-1));
        }
        NDArray all = NDArrays.concat(flat, 0);
        for (NDArray g : grads) {
            g.subi(g); // in place: PyTorch accumulates the next step's gradient into it
        }
        return all;
    }
}
