package io.seqbench.tensorflow;

import io.seqbench.common.Precision;
import io.seqbench.common.Support;
import io.seqbench.common.SteppableBackend;
import io.seqbench.common.TrainSettings;
import io.seqbench.common.TrainingRun;
import io.seqbench.common.data.Dataset;
import io.seqbench.common.model.InitialParameters;
import io.seqbench.common.model.Layer;
import io.seqbench.common.model.ModelSpec;
import org.tensorflow.Session;

import java.util.Map;

/**
 * TensorFlow Java 1.1.0 (TensorFlow 2.18's native library) on CPU, in graph mode: the engine the catalogue's Keras
 * recipes ran on. Each spec becomes a {@link TfGraph} loaded with the shared initial arrays; a run steps one epoch of
 * the shared minibatch order at a time, one session call per minibatch (forward, gradients and update together).
 */
public final class TfBackend implements SteppableBackend {
    public String id() {
        return "tensorflow";
    }

    @Override
    public int threads() {
        return TfSetup.THREADS;
    }

    public Map<String, String> provenance() {
        return TfSetup.provenance();
    }

    @Override
    public java.util.List<java.nio.file.Path> nativeLibraries() {
        return TfSetup.nativeLibraries();
    }

    public Support support(ModelSpec spec) {
        for (Layer l : spec.layers()) {
            if (l instanceof Layer.FactorizationMachine) {
                return Support.unsupported("the suite's TensorFlow graph has no factorization-machine layer");
            }
        }
        return Support.exact();
    }

    @Override
    public TrainingRun start(ModelSpec spec, Dataset train, TrainSettings settings) {
        requireRunnable(spec, train);
        TfSetup.version();
        org.tensorflow.Graph graph = new org.tensorflow.Graph();
        TfGraph net;
        Session session;
        try {
            net = new TfGraph(graph, spec, train.x(), train.y(),
                    InitialParameters.draw(spec, train.timesteps(), train.features(), settings),
                    settings.precision() == Precision.FLOAT64);
            session = new Session(graph, TfSetup.config());
        } catch (RuntimeException | Error e) {
            graph.close();
            throw e;
        }
        String optimizer = switch (spec.optimizer().kind()) {
            case ADAM -> "TensorFlow ApplyAdam";
            case ADAGRAD -> "TensorFlow ApplyAdagradV2";
            case SGD -> "TensorFlow ApplyGradientDescent";
        };
        TfModel model = new TfModel(net, session, optimizer);
        return new TfRun(net, model, spec, train.size(), settings.seed());
    }
}
