package io.seqbench.dl4j;

import io.seqbench.common.model.Activation;
import io.seqbench.common.model.Layer;
import io.seqbench.common.model.Loss;
import io.seqbench.common.model.ModelSpec;
import io.seqbench.common.model.ParamArray;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.recurrent.config.LSTMActivations;
import org.nd4j.linalg.api.ops.impl.layers.recurrent.config.LSTMDataFormat;
import org.nd4j.linalg.api.ops.impl.layers.recurrent.config.LSTMDirectionMode;
import org.nd4j.linalg.api.ops.impl.layers.recurrent.config.LSTMLayerConfig;
import org.nd4j.linalg.api.ops.impl.layers.recurrent.outputs.LSTMLayerOutputs;
import org.nd4j.linalg.api.ops.impl.layers.recurrent.weights.LSTMLayerWeights;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

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

    final SameDiff sd;
    final boolean flatInput;
    /** One entry per variable, in the initial parameters' order: the name(s) it holds and its SameDiff variable. */
    final List<Slot> slots = new ArrayList<>();

    /** A SameDiff variable holding one parameter array, or two stacked (a bidirectional LSTM's directions). */
    record Slot(SDVariable variable, List<ParamArray> layout) {
    }

    private SameDiffGraph(SameDiff sd, boolean flatInput) {
        this.sd = sd;
        this.flatInput = flatInput;
    }

    static SameDiffGraph build(ModelSpec spec, int timesteps, int features, List<ParamArray> initial) {
        boolean flat = !spec.isRecurrent() || spec.layers().get(0) instanceof Layer.Dense;
        SameDiffGraph g = new SameDiffGraph(SameDiff.create(), flat);
        SameDiff sd = g.sd;
        SDVariable x = flat ? sd.placeHolder(IN, DataType.FLOAT, -1, (long) timesteps * features)
                : sd.placeHolder(IN, DataType.FLOAT, -1, timesteps, features);
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
        SDVariable label = sd.placeHolder(LABEL, DataType.FLOAT, -1, (long) (sequence ? steps * width : width));
        SDVariable diff = out.sub(label);
        SDVariable loss = (spec.loss() == Loss.MSE ? sd.math.square(diff) : sd.math.abs(diff)).mean(LOSS);
        sd.setLossVariables(loss);
        return g;
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

    private static SDVariable activation(SameDiff sd, SDVariable x, Activation a) {
        return switch (a) {
            case LINEAR -> x;
            case RELU -> sd.nn.relu(x, 0);
            case TANH -> sd.math.tanh(x);
            case SIGMOID -> sd.nn.sigmoid(x);
        };
    }

    private static INDArray array(ParamArray p) {
        long[] shape = new long[p.shape().length];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = p.shape()[i];
        }
        return Nd4j.create(p.values().clone(), shape, 'c');
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
