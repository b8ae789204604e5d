package io.seqbench.common;

import io.seqbench.common.model.ParamArray;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A trained model. Immutable once returned; {@link #close()} releases its native memory, after which it must not
 * be used.
 */
public interface TrainedModel extends Predictor, AutoCloseable {

    /** Trainable parameters. */
    long parameterCount();

    /** How the backend ran this spec (e.g. {@code lstm=explicit-relu-cell}); shown in the tables. */
    Map<String, String> details();

    /**
     * The current parameters in the suite's Keras layout, named and ordered as
     * {@link io.seqbench.common.model.InitialParameters} draws them, so that two backends' models can be compared
     * array by array (the {@code verify} check). Empty where the backend's model has no such layout (Tribuo).
     */
    default Optional<List<ParamArray>> parameters() {
        return Optional.empty();
    }

    @Override
    void close();
}
