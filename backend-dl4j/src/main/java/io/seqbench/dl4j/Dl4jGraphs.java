package io.seqbench.dl4j;

import io.seqbench.common.model.Activation;
import io.seqbench.common.model.Init;
import io.seqbench.common.model.Layer;
import io.seqbench.common.model.Loss;
import io.seqbench.common.model.ModelSpec;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.WorkspaceMode;
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
import org.deeplearning4j.nn.weights.IWeightInit;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.learning.config.AdaGrad;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Turns a {@link ModelSpec} into a DL4J {@link ComputationGraphConfiguration} with Keras' semantics:
 * Glorot-uniform kernels, orthogonal recurrent weights, zero biases (forget gate 1 with Keras' unit_forget_bias),
 * sigmoid gates, Adam's Keras epsilon, and for a bidirectional LSTM that returns one vector the forward LSTM's last
 * step joined with the backward LSTM's output after the whole reversed sequence (what Keras returns). A graph, not a
 * layer list, because DL4J's {@code LastTimeStep(Bidirectional)} would take the backward LSTM after one step only.
 */
final class Dl4jGraphs {
    static final String INPUT = "in";
    static final String OUTPUT = "out";
    /** Keras' Adam epsilon (DL4J's default is 1e-8). */
    static final double ADAM_EPSILON = 1e-7;

    private Dl4jGraphs() {
    }

    static ComputationGraphConfiguration build(ModelSpec spec, int timesteps, int features, long seed,
                                               WorkspaceMode workspaces) {
        ComputationGraphConfiguration.GraphBuilder g = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .updater(updater(spec))
                .weightInit(WeightInit.XAVIER_UNIFORM)
                .biasInit(0)
                .trainingWorkspaceMode(workspaces)
                .inferenceWorkspaceMode(workspaces)
                .graphBuilder()
                .addInputs(INPUT);
        boolean flatInput = !spec.isRecurrent() || spec.layers().get(0) instanceof Layer.Dense;
        g.setInputTypes(flatInput ? InputType.feedForward((long) timesteps * features)
                : InputType.recurrent(features, timesteps, RNNFormat.NCW));
        String prev = INPUT;
        int n = spec.layers().size();
        for (int i = 0; i < n; i++) {
            Layer layer = spec.layers().get(i);
            String name = "L" + i;
            boolean last = i == n - 1;
            if (layer instanceof Layer.Masking) {
                continue; // applied as DL4J mask arrays, computed from the input (see Dl4jBackend)
            } else if (layer instanceof Layer.Lstm l) {
                prev = lstm(g, name, l, prev);
            } else if (layer instanceof Layer.Dense d) {
                if (last) {
                    g.addLayer(OUTPUT, new OutputLayer.Builder(lossFunction(spec.loss())).nOut(d.units())
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
                    g.addLayer(OUTPUT, new RnnOutputLayer.Builder(lossFunction(spec.loss())).nOut(t.units())
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
        g.addLayer(name + "_fwd", lstmLayer(l), prev);
        g.addVertex(name + "_rev", new ReverseTimeSeriesVertex(INPUT), prev);
        g.addLayer(name + "_bwd", lstmLayer(l), name + "_rev");
        if (l.returnSequences()) {
            g.addVertex(name + "_bwdseq", new ReverseTimeSeriesVertex(INPUT), name + "_bwd");
            g.addVertex(name, new MergeVertex(), name + "_fwd", name + "_bwdseq");
        } else {
            g.addVertex(name + "_fwdlast", new LastTimeStepVertex(INPUT), name + "_fwd");
            g.addVertex(name + "_bwdlast", new LastTimeStepVertex(INPUT), name + "_bwd");
            g.addVertex(name, new MergeVertex(), name + "_fwdlast", name + "_bwdlast");
        }
        return name;
    }

    private static LSTM lstmLayer(Layer.Lstm l) {
        LSTM.Builder b = new LSTM.Builder().nOut(l.units())
                .activation(activation(l.activation()))
                .gateActivationFunction(org.nd4j.linalg.activations.Activation.SIGMOID)
                .forgetGateBiasInit(l.unitForgetBias() ? 1.0 : 0.0)
                .weightInitRecurrent(new OrthogonalInit(1.0))
                .dataFormat(RNNFormat.NCW);
        if (l.kernelInit().kind() == Init.Kind.ORTHOGONAL) {
            b.weightInit(orthogonal(l.kernelInit().gain()));
        }
        return b.build();
    }

    static IWeightInit orthogonal(double gain) {
        return new OrthogonalInit(gain);
    }

    static IUpdater updater(ModelSpec spec) {
        double lr = spec.optimizer().learningRate();
        return switch (spec.optimizer().kind()) {
            case ADAM -> new Adam(lr, 0.9, 0.999, ADAM_EPSILON);
            case ADAGRAD -> new AdaGrad(lr, 1e-7);
            case SGD -> new Sgd(lr);
        };
    }

    static LossFunctions.LossFunction lossFunction(Loss loss) {
        return loss == Loss.MSE ? LossFunctions.LossFunction.MSE : LossFunctions.LossFunction.MEAN_ABSOLUTE_ERROR;
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
