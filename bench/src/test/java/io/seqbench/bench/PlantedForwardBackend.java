package io.seqbench.bench;

import io.seqbench.common.Backend;
import io.seqbench.common.EpochEvent;
import io.seqbench.common.Support;
import io.seqbench.common.TrainSettings;
import io.seqbench.common.TrainedModel;
import io.seqbench.common.TrainingListener;
import io.seqbench.common.data.Dataset;
import io.seqbench.common.model.InitialParameters;
import io.seqbench.common.model.ModelSpec;
import io.seqbench.common.model.ParamArray;
import io.seqbench.common.model.ReferenceForward;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A backend that claims to run every spec exactly, starts from the shared initial arrays and reports them, and
 * predicts with the float64 reference times {@code factor}: 1 is a correct forward pass, anything else a planted
 * wrong kernel (as oneDNN's AVX-512 LSTM inference kernel on a Zen 5). It never trains.
 */
public record PlantedForwardBackend(String id, double factor) implements Backend {

    public Map<String, String> provenance() {
        return Map.of("framework", "planted forward x " + factor);
    }

    public Support support(ModelSpec spec) {
        return ReferenceForward.supports(spec) ? Support.exact() : Support.unsupported("no reference");
    }

    public TrainedModel train(ModelSpec spec, Dataset train, TrainSettings settings, TrainingListener listener) {
        List<ParamArray> params = InitialParameters.draw(spec, train.timesteps(), train.features(), settings.seed());
        TrainedModel m = new TrainedModel() {
            public double[][] predict(double[][][] x) {
                double[][] out = ReferenceForward.predict(spec, params, x);
                for (double[] row : out) {
                    for (int j = 0; j < row.length; j++) {
                        row[j] *= factor;
                    }
                }
                return out;
            }

            public long parameterCount() {
                return params.stream().mapToLong(p -> p.values().length).sum();
            }

            public Map<String, String> details() {
                return Map.of();
            }

            public Optional<List<ParamArray>> parameters() {
                return Optional.of(params);
            }

            public void close() {
            }
        };
        for (int e = 1; e <= spec.epochs(); e++) {
            if (!listener.onEpoch(new EpochEvent(e, 1.0 / e, 1_000L), m)) {
                break;
            }
        }
        return m;
    }
}
