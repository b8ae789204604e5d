package io.seqbench.dl4j;

import io.seqbench.common.model.Activation;
import io.seqbench.common.model.Layer;
import io.seqbench.common.model.Loss;
import io.seqbench.common.model.ModelSpec;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.graph.rnn.LastTimeStepVertex;
import org.deeplearning4j.nn.conf.graph.rnn.ReverseTimeSeriesVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.misc.RepeatVector;
import org.deeplearning4j.nn.conf.layers.recurrent.TimeDistributed;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.impl.LossMAE;
import org.nd4j.linalg.lossfunctions.impl.LossMSE;
import org.nd4j.linalg.learning.config.AdaGrad;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * Turns a {@link ModelSpec} into a DL4J {@link ComputationGraphConfiguration} with Keras' semantics: sigmoid gates,
 * Adam's Keras epsilon, a sequence output's loss averaged over its steps as Keras does (DL4J's {@code RnnOutputLayer}
 * sums it), and for a bidirectional LSTM that returns one vector the forward LSTM's last step joined with the
 * backward LSTM's output after the whole reversed sequence (what Keras returns). A graph, not a layer list, because
 * DL4J's {@code LastTimeStep(Bidirectional)} would take the backward LSTM after one step only. The initial parameters
 * DL4J draws here are overwritten with the suite's shared ones ({@link Dl4jWeights}).
 */
final class Dl4jGraphs {
    static final String INPUT = "in";
    static final String OUTPUT = "out";
    /** A Masking spec's second input: 1 for a row with an unmasked step, 0 for a row masked throughout. */
    static final String ANY_UNMASKED = "any";
    /** Suffixes of a bidirectional LSTM's two layers. */
    static final String FORWARD = "_fwd";
    static final String BACKWARD = "_bwd";

    private Dl4jGraphs() {
    }

    static ComputationGraphConfiguration build(ModelSpec spec, int timesteps, int features, long seed,
                                               WorkspaceMode workspaces, DataType type) {
        ComputationGraphConfiguration.GraphBuilder g = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(type)
                .updater(updater(spec))
                .weightInit(WeightInit.XAVIER_UNIFORM) // replaced by the shared arrays after init()
                .biasInit(0)
                .trainingWorkspaceMode(workspaces)
                .inferenceWorkspaceMode(workspaces)
                .graphBuilder()
                .addInputs(INPUT);
        boolean flatInput = spec.flatInput();
        InputType in = flatInput ? InputType.feedForward((long) timesteps * features)
                : InputType.recurrent(features, timesteps, RNNFormat.NCW);
        boolean masked = spec.layers().get(0) instanceof Layer.Masking && Dl4jMasking.exact(spec);
        if (masked) {
            g.addInputs(ANY_UNMASKED);
            g.setInputTypes(in, InputType.feedForward(((Layer.Lstm) spec.layers().get(1)).units()));
        } else {
            g.setInputTypes(in);
        }
        String prev = INPUT;
        int n = spec.layers().size();
        for (int i = 0; i < n; i++) {
            Layer layer = spec.layers().get(i);
            String name = layerName(spec, i);
            boolean last = i == n - 1;
            if (layer instanceof Layer.Masking) {
                continue; // applied as DL4J mask arrays, computed from the input (see Dl4jBackend)
            } else if (layer instanceof Layer.Lstm l && i == 1 && masked) {
                prev = lstm(g, name, l, prev);
                // Keras' output for a row masked throughout is the zero initial state; DL4J's is not (see Dl4jMasking)
                g.addVertex(name + "_kept", new ElementWiseVertex(ElementWiseVertex.Op.Product), prev, ANY_UNMASKED);
                prev = name + "_kept";
            } else if (layer instanceof Layer.Lstm l) {
                prev = lstm(g, name, l, prev);
            } else if (layer instanceof Layer.Dense d) {
                if (last) {
                    g.addLayer(OUTPUT, new OutputLayer.Builder(lossFunction(spec.loss(), d.units(), 1, type)).nOut(d.units())
                            .activation(activation(d.activation())).build(), prev);
                } else {
                    g.addLayer(name, new DenseLayer.Builder().nOut(d.units()).activation(activation(d.activation())).build(), prev);
                    prev = name;
                }
            } else if (layer instanceof Layer.RepeatVector r) {
                g.addLayer(name, new RepeatVector.Builder(r.times()).dataFormat(RNNFormat.NCW).build(), prev);
                prev = name;
            } else if (layer instanceof Layer.TimeDistributedDense t) {
                if (last) {
                    g.addLayer(OUTPUT, new RnnOutputLayer.Builder(lossFunction(spec.loss(), t.units(), spec.outputSteps(), type))
                            .nOut(t.units())
                            .activation(activation(t.activation())).dataFormat(RNNFormat.NCW).build(), prev);
                } else {
                    g.addLayer(name, new TimeDistributed(new DenseLayer.Builder().nOut(t.units())
                            .activation(activation(t.activation())).build(), RNNFormat.NCW), prev);
                    prev = name;
                }
            } else {
                throw new IllegalArgumentException("dl4j cannot build " + layer.describe());
            }
        }
        g.setOutputs(OUTPUT);
        return g.build();
    }

    /** Adds an LSTM (or a bidirectional pair) and returns the name of the vertex holding its output. */
    private static String lstm(ComputationGraphConfiguration.GraphBuilder g, String name, Layer.Lstm l, String prev) {
        if (!l.bidirectional()) {
            g.addLayer(name, lstmLayer(l), prev);
            if (l.returnSequences()) {
                return name;
            }
            g.addVertex(name + "_last", new LastTimeStepVertex(INPUT), name);
            return name + "_last";
        }
        g.addLayer(name + FORWARD, lstmLayer(l), prev);
        g.addVertex(name + "_rev", new ReverseTimeSeriesVertex(INPUT), prev);
        g.addLayer(name + BACKWARD, lstmLayer(l), name + "_rev");
        if (l.returnSequences()) {
            g.addVertex(name + "_bwdseq", new ReverseTimeSeriesVertex(INPUT), name + BACKWARD);
            g.addVertex(name, new MergeVertex(), name + FORWARD, name + "_bwdseq");
        } else {
            g.addVertex(name + "_fwdlast", new LastTimeStepVertex(INPUT), name + FORWARD);
            g.addVertex(name + "_bwdlast", new LastTimeStepVertex(INPUT), name + BACKWARD);
            g.addVertex(name, new MergeVertex(), name + "_fwdlast", name + "_bwdlast");
        }
        return name;
    }

    /** The DL4J name of layer i of the spec: {@code out} for the last, {@code L<i>} otherwise. */
    static String layerName(ModelSpec spec, int i) {
        return i == spec.layers().size() - 1 ? OUTPUT : "L" + i;
    }

    private static LSTM lstmLayer(Layer.Lstm l) {
        return new LSTM.Builder().nOut(l.units())
                .activation(activation(l.activation()))
                .gateActivationFunction(org.nd4j.linalg.activations.Activation.SIGMOID)
                .dataFormat(RNNFormat.NCW)
                .build();
    }

    /**
     * The spec's optimiser with every hyper-parameter rounded to float32, as DJL's optimisers take them. In a float32
     * run ND4J rounds them to float32 anyway, so this changes nothing there; in a float64 run (the equivalence check) it
     * keeps both backends on the same values: Adam's beta2 as a float is 0.999 + 1.3e-8, which moves Keras' epsilon
     * term by 6e-6 relative, enough for a relu stack's training to part visibly within 20 epochs.
     */
    static IUpdater updater(ModelSpec spec) {
        double lr = (float) spec.optimizer().learningRate();
        double eps = (float) spec.optimizer().epsilon();
        return switch (spec.optimizer().kind()) {
            case ADAM -> new Adam(lr, 0.9f, 0.999f, eps);
            case ADAGRAD -> new AdaGrad(lr, eps);
            case SGD -> new Sgd(lr);
        };
    }

    /**
     * The spec's loss, averaged as Keras averages it: over the batch, the outputs and the output steps. DL4J's output
     * layers average over the batch and the outputs but sum over a sequence's steps, so each output's weight is
     * 1 / steps (which scales the gradients the same way).
     */
    static ILossFunction lossFunction(Loss loss, int outputs, int steps, DataType type) {
        INDArray weights = steps == 1 ? null : Nd4j.valueArrayOf(new long[]{1, outputs}, 1.0 / steps, type);
        return loss == Loss.MSE ? new LossMSE(weights) : new LossMAE(weights);
    }

    static org.nd4j.linalg.activations.Activation activation(Activation a) {
        return switch (a) {
            case LINEAR -> org.nd4j.linalg.activations.Activation.IDENTITY;
            case RELU -> org.nd4j.linalg.activations.Activation.RELU;
            case TANH -> org.nd4j.linalg.activations.Activation.TANH;
            case SIGMOID -> org.nd4j.linalg.activations.Activation.SIGMOID;
        };
    }
}
