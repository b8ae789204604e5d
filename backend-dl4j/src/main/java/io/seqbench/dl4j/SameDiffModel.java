package io.seqbench.dl4j;

import io.seqbench.common.Precision;
import io.seqbench.common.TrainedModel;
import io.seqbench.common.data.Sequences;
import io.seqbench.common.model.ParamArray;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A trained SameDiff graph. {@link #close()} releases its arrays. */
final class SameDiffModel implements TrainedModel {
    private final SameDiffGraph graph;
    private final String updater;
    private boolean closed;

    SameDiffModel(SameDiffGraph graph, String updater) {
        this.graph = graph;
        this.updater = updater;
    }

    SameDiffGraph graph() {
        return graph;
    }

    /** (samples, timesteps, features) as the graph's input: [n, T, F], or [n, T x F] step-major. */
    static INDArray input(double[][][] x, boolean flat) {
        int n = x.length;
        int t = x[0].length;
        int f = x[0][0].length;
        float[] data = Sequences.floats(x);
        return flat ? Nd4j.create(data, new long[]{n, (long) t * f}, 'c') : Nd4j.create(data, new long[]{n, t, f}, 'c');
    }

    public double[][] predict(double[][][] x) {
        if (closed) {
            throw new IllegalStateException("model is closed");
        }
        if (x.length == 0) {
            return new double[0][];
        }
        Map<String, INDArray> in = graph.inputs(x);
        INDArray raw = graph.sd.outputSingle(in, SameDiffGraph.OUT);
        INDArray out = raw.castTo(DataType.DOUBLE);
        double[][] res = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            res[i] = out.getRow(i).toDoubleVector();
        }
        in.values().forEach(SameDiffGraph::free);
        SameDiffGraph.free(out);
        SameDiffGraph.free(raw);
        return res;
    }

    @Override
    public Optional<List<ParamArray>> parameters() {
        if (closed) {
            throw new IllegalStateException("model is closed");
        }
        return Optional.of(graph.parameters());
    }

    public long parameterCount() {
        return graph.slots.stream().mapToLong(s -> s.variable().getArr().length()).sum();
    }

    public Map<String, String> details() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("graph", "SameDiff, fused lstmLayer op");
        if (graph.maskValue != null) {
            d.put("masking", "unmasked steps moved to the front; each row's output read at its last unmasked step");
        }
        d.put("threads", Integer.toString(Dl4jSetup.THREADS));
        d.put("optimizer", updater);
        Precision.describe(d, graph.type == DataType.DOUBLE);
        return d;
    }

    public void close() {
        if (!closed) {
            closed = true;
            for (SameDiffGraph.Slot s : graph.slots) {
                s.variable().getArr().close();
            }
            SameDiffGraph.releaseSessions(graph.sd);
        }
    }
}
