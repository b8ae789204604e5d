package io.seqbench.common;

import java.util.Map;

/**
 * A trained model. Immutable once returned; {@link #close()} releases its native memory, after which it must not
 * be used.
 */
public interface TrainedModel extends Predictor, AutoCloseable {

    /** Trainable parameters. */
    long parameterCount();

    /** How the backend ran this spec (e.g. {@code lstm=explicit-relu-cell}); shown in the tables. */
    Map<String, String> details();

    @Override
    void close();
}
