package io.seqbench.dl4j;

import io.seqbench.common.Precision;
import io.seqbench.common.TrainedModel;
import io.seqbench.common.data.Minibatches;
import io.seqbench.common.model.Layer;
import io.seqbench.common.model.ModelSpec;
import io.seqbench.common.model.ParamArray;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A trained DL4J graph. {@link #close()} frees its parameters, updater state and this thread's workspaces. */
final class Dl4jModel implements TrainedModel {
    private final ComputationGraph net;
    private final ModelSpec spec;
    private final boolean flatInput;
    private final Double maskValue;
    private final List<ParamArray> initial;
    private boolean closed;

    /**
     * A whole input converted once: the features and, for a Masking spec, the step mask and the graph's second input
     * ({@link Dl4jGraphs#ANY_UNMASKED}, [samples, LSTM units]: 1 where the row has an unmasked step).
     */
    record Inputs(INDArray x, INDArray mask, INDArray anyUnmasked) {
        /** The graph's inputs, in its order. */
        INDArray[] features() {
            return anyUnmasked == null ? new INDArray[]{x} : new INDArray[]{x, anyUnmasked};
        }

        /** The inputs' masks, in the graph's order, or null for none. */
        INDArray[] masks() {
            return mask == null ? null : new INDArray[]{mask, null};
        }

        /** The given rows of every array, from features held as [samples, rest], shaped back to {@code xShape}. */
        Inputs rows(int[] rows, long[] xShape) {
            return new Inputs(Dl4jRun.gather(x, rows, xShape),
                    mask == null ? null : Dl4jRun.gather(mask, rows, mask.shape()),
                    anyUnmasked == null ? null : Dl4jRun.gather(anyUnmasked, rows, anyUnmasked.shape()));
        }
    }

    Dl4jModel(ComputationGraph net, ModelSpec spec, List<ParamArray> initial) {
        this.net = net;
        this.spec = spec;
        this.initial = initial;
        this.flatInput = spec.flatInput();
        this.maskValue = spec.maskValue().orElse(null);
    }

    Inputs inputs(double[][][] x) {
        int[] rows = Dl4jArrays.all(x.length);
        double[][][] steps = maskValue == null ? x : Dl4jMasking.compact(x, maskValue);
        INDArray in = (flatInput ? Dl4jArrays.flat(steps, rows) : Dl4jArrays.sequences(steps, rows)).castTo(dataType());
        if (maskValue == null) {
            return new Inputs(in, null, null);
        }
        double[][] steps01 = Minibatches.stepMask(steps, maskValue);
        INDArray any = Nd4j.create(dataType(), x.length,
                ((Layer.Lstm) spec.layers().get(1)).units());
        for (int i = 0; i < x.length; i++) {
            if (steps01[i][0] == 1) { // compacted: a row with an unmasked step has one first
                any.getRow(i).assign(1);
            }
        }
        return new Inputs(in, Dl4jArrays.mask(steps01, rows).castTo(dataType()), any);
    }

    public double[][] predict(double[][][] x) {
        if (closed) {
            throw new IllegalStateException("model is closed");
        }
        if (x.length == 0) {
            return new double[0][];
        }
        Dl4jSetup.claimThreads();
        Inputs in = inputs(x);
        INDArray out = net.output(false, in.features(), in.masks())[0];
        return Dl4jArrays.outputs(out);
    }

    @Override
    public Optional<List<ParamArray>> parameters() {
        if (closed) {
            throw new IllegalStateException("model is closed");
        }
        return Optional.of(Dl4jWeights.read(net, spec, initial));
    }

    /** The type the graph computes in: float32, or float64 for the equivalence check. */
    DataType dataType() {
        return net.params().dataType();
    }

    /** The graph, for the training run that owns this model until it hands it over. */
    ComputationGraph graph() {
        return net;
    }

    public long parameterCount() {
        return net.numParams();
    }

    public Map<String, String> details() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("graph", "ComputationGraph, " + net.getNumLayers() + " layers");
        d.put("threads", Integer.toString(Dl4jSetup.THREADS));
        d.put("workspaces", Dl4jSetup.WORKSPACES.name());
        Precision.describe(d, dataType() == DataType.DOUBLE);
        if (maskValue != null) {
            d.put("masking", Dl4jMasking.exact(spec) ? Dl4jMasking.HOW : "mask arrays: " + Dl4jMasking.APPROXIMATE);
        }
        return d;
    }

    public void close() {
        if (!closed) {
            closed = true;
            net.close();
            Nd4j.getWorkspaceManager().destroyAllWorkspacesForCurrentThread();
        }
    }
}
