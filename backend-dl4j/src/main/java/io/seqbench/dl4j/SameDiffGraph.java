package io.seqbench.dl4j;

import io.seqbench.common.data.Minibatches;
import io.seqbench.common.model.Activation;
import io.seqbench.common.model.Layer;
import io.seqbench.common.model.Loss;
import io.seqbench.common.model.ModelSpec;
import io.seqbench.common.model.ParamArray;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.InferenceSession;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.recurrent.config.LSTMActivations;
import org.nd4j.linalg.api.ops.impl.layers.recurrent.config.LSTMDataFormat;
import org.nd4j.linalg.api.ops.impl.layers.recurrent.config.LSTMDirectionMode;
import org.nd4j.linalg.api.ops.impl.layers.recurrent.config.LSTMLayerConfig;
import org.nd4j.linalg.api.ops.impl.layers.recurrent.outputs.LSTMLayerOutputs;
import org.nd4j.linalg.api.ops.impl.layers.recurrent.weights.LSTMLayerWeights;
import org.nd4j.linalg.factory.Nd4j;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A spec as one SameDiff graph, its variables loaded from the shared initial parameters: dense layers as a matmul
 * plus bias ({@link #dense}), every LSTM as libnd4j's fused {@code lstmLayer} op (gates in Keras' order i, f, c, o, so the Keras arrays
 * load as they are; the activation applies to the cell candidate and the output, as in Keras), a bidirectional LSTM as
 * one op in {@code BIDIR_CONCAT} mode with the two directions' arrays stacked. Input [batch, steps, features] (NTS),
 * or [batch, steps x features] for a spec that starts with Dense; output [batch, steps x width], step-major; loss the
 * spec's mean over every output, as Keras averages it.
 */
final class SameDiffGraph {
    static final String IN = "in";
    static final String LABEL = "label";
    static final String OUT = "out";
    static final String LOSS = "loss";
    /** For a Masking spec: [batch, steps], 1 at each row's last unmasked step once compacted, 0 elsewhere. */
    static final String LAST = "last";

    final SameDiff sd;
    final boolean flatInput;
    /** What the graph computes in: float32, or float64 for the equivalence check. */
    final DataType type;
    /** The Masking layer's value, or null for a spec without one. */
    final Double maskValue;
    /** One entry per variable, in the initial parameters' order: the name(s) it holds and its SameDiff variable. */
    final List<Slot> slots = new ArrayList<>();

    /** A SameDiff variable holding one parameter array, or two stacked (a bidirectional LSTM's directions). */
    record Slot(SDVariable variable, List<ParamArray> layout) {
    }

    private SameDiffGraph(SameDiff sd, boolean flatInput, Double maskValue, DataType type) {
        this.sd = sd;
        this.type = type;
        this.flatInput = flatInput;
        this.maskValue = maskValue;
    }

    static SameDiffGraph build(ModelSpec spec, int timesteps, int features, List<ParamArray> initial, DataType type) {
        boolean flat = spec.flatInput();
        Double maskValue = spec.maskValue().orElse(null);
        if (maskValue != null && !Dl4jMasking.exact(spec)) {
            throw new IllegalArgumentException("dl4j-samediff cannot build " + spec.describe() + ": " + SameDiffBackend.MASKING);
        }
        SameDiffGraph g = new SameDiffGraph(SameDiff.create(), flat, maskValue, type);
        SameDiff sd = g.sd;
        SDVariable x = flat ? sd.placeHolder(IN, type, -1, (long) timesteps * features)
                : sd.placeHolder(IN, type, -1, timesteps, features);
        int width = flat ? timesteps * features : features;
        int steps = flat ? 1 : timesteps;
        boolean sequence = !flat;
        Iterator<ParamArray> params = initial.iterator();
        for (int i = 0; i < spec.layers().size(); i++) {
            Layer layer = spec.layers().get(i);
            if (layer instanceof Layer.Dense d) {
                x = activation(sd, dense(sd, x, g.single(params.next()), g.single(params.next()), d.units()), d.activation());
                width = d.units();
            } else if (layer instanceof Layer.TimeDistributedDense t) {
                SDVariable rows = x.reshape(-1, width);
                SDVariable y = activation(sd, dense(sd, rows, g.single(params.next()), g.single(params.next()), t.units()),
                        t.activation());
                x = y.reshape(-1, steps, t.units());
                width = t.units();
            } else if (layer instanceof Layer.RepeatVector r) {
                x = sd.tile(sd.expandDims(x, 1), sd.constant(Nd4j.createFromArray(1, r.times(), 1)));
                steps = r.times();
                sequence = true;
            } else if (layer instanceof Layer.Masking) {
                continue;
            } else if (layer instanceof Layer.Lstm l && i == 1 && maskValue != null) {
                Layer.Lstm sequences = new Layer.Lstm(l.units(), l.activation(), true, false, l.kernelInit(), l.unitForgetBias());
                x = g.lastUnmasked(g.lstm(x, sequences, params), timesteps);
                width = l.outputWidth();
                sequence = false;
            } else if (layer instanceof Layer.Lstm l) {
                x = g.lstm(x, l, params);
                width = l.outputWidth();
                sequence = l.returnSequences();
            } else {
                throw new IllegalArgumentException("dl4j-samediff cannot build " + layer.describe());
            }
        }
        SDVariable out = sequence ? x.reshape(-1, (long) steps * width) : x;
        out = sd.identity(OUT, out);
        SDVariable label = sd.placeHolder(LABEL, type, -1, (long) (sequence ? steps * width : width));
        SDVariable diff = out.sub(label);
        SDVariable loss = (spec.loss() == Loss.MSE ? sd.math.square(diff) : sd.math.abs(diff)).mean(LOSS);
        sd.setLossVariables(loss);
        createGradients(sd);
        return g;
    }

    /**
     * Builds the backward graph at construction rather than in the first minibatch. SameDiff 1.0.0-M2.1 prints a line
     * per op to {@code System.out} while it does ("Added differentiated op ..."), which would interleave with the
     * suite's own output, so standard output is dropped for that call; the suite's console holds its own stream.
     */
    private static void createGradients(SameDiff sd) {
        synchronized (SameDiffGraph.class) {
            PrintStream out = System.out;
            System.setOut(new PrintStream(OutputStream.nullOutputStream()));
            try {
                sd.createGradFunction();
            } finally {
                System.setOut(out);
            }
        }
    }

    private SDVariable single(ParamArray p) {
        SDVariable v = sd.var(p.name().replace('.', '_'), array(p));
        slots.add(new Slot(v, List.of(p)));
        return v;
    }

    private SDVariable stacked(ParamArray forward, ParamArray backward) {
        SDVariable v = sd.var(forward.name().replace('.', '_') + "_bidir", Nd4j.stack(0, array(forward), array(backward)));
        slots.add(new Slot(v, List.of(forward, backward)));
        return v;
    }

    private SDVariable lstm(SDVariable x, Layer.Lstm l, Iterator<ParamArray> params) {
        ParamArray k = params.next();
        ParamArray r = params.next();
        ParamArray b = params.next();
        LSTMLayerWeights.LSTMLayerWeightsBuilder w = LSTMLayerWeights.builder();
        if (l.bidirectional()) {
            ParamArray kb = params.next();
            ParamArray rb = params.next();
            ParamArray bb = params.next();
            w.weights(stacked(k, kb)).rWeights(stacked(r, rb)).bias(stacked(b, bb));
        } else {
            w.weights(single(k)).rWeights(single(r)).bias(single(b));
        }
        LSTMActivations act = l.activation() == Activation.RELU ? LSTMActivations.RELU : LSTMActivations.TANH;
        LSTMLayerConfig config = LSTMLayerConfig.builder()
                .lstmdataformat(LSTMDataFormat.NTS)
                .directionMode(l.bidirectional() ? LSTMDirectionMode.BIDIR_CONCAT : LSTMDirectionMode.FWD)
                .gateAct(LSTMActivations.SIGMOID).cellAct(act).outAct(act)
                .retFullSequence(l.returnSequences()).retLastH(!l.returnSequences()).retLastC(false)
                .build();
        LSTMLayerOutputs out = new LSTMLayerOutputs(sd.rnn.lstmLayer(x, w.build(), config), config);
        if (l.returnSequences()) {
            return out.getOutput();
        }
        SDVariable last = out.getLastOutput();
        // bidirectional: [2, batch, H], the two directions' final outputs, concatenated as Keras does: forward first
        return l.bidirectional() ? last.permute(1, 0, 2).reshape(-1, 2L * l.units()) : last;
    }

    /**
     * x w + b, in whichever of two forms has a working backward pass at this width. In 1.0.0-M2.1 {@code matmul_bp}
     * fails on a minibatch of one row through a 1 x 1 kernel ("NDArray::mulRowVector: wrong arguments"), and
     * {@code xw_plus_b}'s backward returns no array (an NPE in a reduce op) on a minibatch of one row when the layer
     * has more than one unit. A minibatch of one row is every epoch's last when the batch size does not divide the
     * training set (product2's stacked model), so both cases occur.
     */
    static SDVariable dense(SameDiff sd, SDVariable x, SDVariable kernel, SDVariable bias, int units) {
        return units == 1 ? sd.nn.linear(x, kernel, bias) : x.mmul(kernel).add(bias);
    }

    /**
     * Keras' Masking before a one-direction LSTM that returns its last output: the input's rows are compacted
     * ({@link Dl4jMasking#compact}: unmasked steps first, in order), the LSTM returns every step, and each row's output
     * is the one at its last unmasked step, picked by the {@link #LAST} one-hot input (all zero for a row with no
     * unmasked step, whose Keras output is the zero initial state). A forward LSTM's output at a step depends only on
     * the steps before it, so that output, and every gradient through the pick, is Keras'. libnd4j's own per-row
     * sequence lengths ({@code lstmLayer}'s maxTSLength) are not used: in 1.0.0-M2.1 their forward pass matches
     * Keras, and their backward pass does not (measured: a row of 3 valid steps in 6 got an input-weight gradient up
     * to 0.4 relative away from the same row cut to 3 steps).
     */
    private SDVariable lastUnmasked(SDVariable sequence, int timesteps) {
        SDVariable last = sd.placeHolder(LAST, type, -1, timesteps);
        return sequence.mul(sd.expandDims(last, 2)).sum(1);
    }

    /** What the graph takes for these samples: {@link #IN}, and {@link #LAST} for a Masking spec. */
    Map<String, INDArray> inputs(double[][][] x) {
        if (maskValue == null) {
            return Map.of(IN, SameDiffModel.input(x, flatInput).castTo(type));
        }
        double[][][] compacted = Dl4jMasking.compact(x, maskValue);
        double[][] mask = Minibatches.stepMask(compacted, maskValue);
        float[][] last = new float[x.length][x[0].length];
        for (int i = 0; i < x.length; i++) {
            int steps = 0;
            for (double m : mask[i]) {
                steps += (int) m;
            }
            if (steps > 0) {
                last[i][steps - 1] = 1;
            }
        }
        return Map.of(IN, SameDiffModel.input(compacted, flatInput).castTo(type), LAST, Nd4j.create(last).castTo(type));
    }

    /**
     * Frees what the graph's execution sessions hold. Each session caches intermediate arrays for reuse
     * ({@code ArrayCacheMemoryMgr}, up to a quarter of the JVM's maximum heap), in native memory that is otherwise
     * returned only when a garbage collection finds the dropped graph. With JavaCPP's accounting off
     * ({@code maxPhysicalBytes=0}), nothing triggers that collection, and a worker JVM training cell after cell grew
     * to 18 GB before the kernel killed it.
     */
    static void releaseSessions(SameDiff sd) {
        for (InferenceSession s : sd.getSessions().values()) {
            s.getMmgr().close();
        }
        sd.getSessions().clear();
        for (String f : sd.definedFunctionNames()) {
            releaseSessions(sd.getFunction(f));
        }
    }

    /** Frees an array that this code owns now rather than at a later garbage collection (see {@link #releaseSessions}). */
    static void free(INDArray a) {
        if (a != null && a.closeable()) {
            a.close();
        }
    }

    private static SDVariable activation(SameDiff sd, SDVariable x, Activation a) {
        return switch (a) {
            case LINEAR -> x;
            case RELU -> sd.nn.relu(x, 0);
            case TANH -> sd.math.tanh(x);
            case SIGMOID -> sd.nn.sigmoid(x);
        };
    }

    private INDArray array(ParamArray p) {
        long[] shape = new long[p.shape().length];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = p.shape()[i];
        }
        return Nd4j.create(p.values().clone(), shape, 'c').castTo(type);
    }

    /** The current parameters in the initial parameters' layout and order. */
    List<ParamArray> parameters() {
        List<ParamArray> out = new ArrayList<>();
        List<ParamArray> backward = new ArrayList<>();
        for (Slot s : slots) {
            INDArray a = s.variable().getArr();
            if (s.layout().size() == 1) {
                flushBackward(out, backward);
                out.add(copy(s.layout().get(0), a));
            } else {
                out.add(copy(s.layout().get(0), a.slice(0)));
                backward.add(copy(s.layout().get(1), a.slice(1)));
                if (backward.size() == 3) {
                    flushBackward(out, backward);
                }
            }
        }
        flushBackward(out, backward);
        return out;
    }

    private static void flushBackward(List<ParamArray> out, List<ParamArray> backward) {
        out.addAll(backward);
        backward.clear();
    }

    private static ParamArray copy(ParamArray layout, INDArray a) {
        return new ParamArray(layout.name(), layout.shape(), a.dup('c').castTo(DataType.FLOAT).data().asFloat());
    }
}
