package io.seqbench.common;

import io.seqbench.common.data.Dataset;
import io.seqbench.common.model.ModelSpec;

import java.util.Map;

/**
 * One ML framework behind one small interface (as ann-benchmarks' adapters). Implementations are found with
 * {@link java.util.ServiceLoader}, so a backend module only needs a {@code META-INF/services} entry.
 *
 * <p>Every backend receives the same preprocessed arrays and the same spec, and must train with exactly the
 * spec's optimiser, loss, epochs and batch size, start from the arrays of
 * {@link io.seqbench.common.model.InitialParameters} (loaded, never drawn again) and draw its minibatches from
 * {@link io.seqbench.common.data.Minibatches}. A spec it cannot run exactly so is answered by {@link #support}: approximate
 * with the one-line reason, or unsupported; it is never silently replaced by something else.
 */
public interface Backend {

    /** Stable id used on the command line and in result files: {@code dl4j}, {@code djl}, {@code tribuo}. */
    String id();

    /** Framework and native versions, native library loaded, thread settings: recorded with every run. */
    Map<String, String> provenance();

    /** Whether this backend can run the spec exactly, approximately (with reason) or not at all (with reason). */
    Support support(ModelSpec spec);

    /**
     * Trains a model on {@code train} (already preprocessed). The listener receives every epoch. Native resources
     * used during training are released before this returns; the returned model holds only what it needs.
     *
     * @throws IllegalArgumentException if the spec is unsupported or the data does not fit it
     */
    TrainedModel train(ModelSpec spec, Dataset train, TrainSettings settings, TrainingListener listener);
}
