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

    /**
     * Refuses, with one line, a spec this backend cannot run or data with no sample: what every stepped backend checks
     * before it builds anything.
     *
     * @throws IllegalArgumentException if the spec is unsupported or the data empty
     */
    default void requireRunnable(ModelSpec spec, Dataset train) {
        Support s = support(spec);
        if (!s.runnable()) {
            throw new IllegalArgumentException(id() + " cannot run " + spec.describe() + ": " + s.reason());
        }
        if (train.size() == 0) {
            throw new IllegalArgumentException("no training samples");
        }
    }

    /**
     * The CPU threads one training of this backend uses, so that a run can train as many cells at once as the cores
     * carry ({@code --jobs}). Answered without loading natives.
     */
    default int threads() {
        return 1;
    }

    /**
     * The native libraries the backend unpacked and loaded at run time (loading them first); empty for a backend with
     * none. Their size is part of what the backend costs a deployment.
     */
    default java.util.List<java.nio.file.Path> nativeLibraries() {
        return java.util.List.of();
    }

    /**
     * Whether {@link #start} can step this backend's training one epoch at a time; false where the trainer runs all
     * epochs in one call (Tribuo). Answered without loading natives.
     */
    default boolean steppable() {
        return false;
    }

    /**
     * A training run to be stepped one epoch at a time on the caller's thread (the speed benchmarks time one
     * {@link TrainingRun#epoch} per invocation). The spec's epoch budget does not bound the run: the caller decides
     * when to stop.
     *
     * @throws IllegalArgumentException      if the spec is unsupported or the data does not fit it
     * @throws UnsupportedOperationException if the backend is not {@link #steppable}
     */
    default TrainingRun start(ModelSpec spec, Dataset train, TrainSettings settings) {
        throw new UnsupportedOperationException(id() + " cannot be stepped epoch by epoch");
    }

    /** Whether the backend has a native engine of its own for {@link #matrixProduct}; answered without loading it. */
    default boolean nativeEngine() {
        return false;
    }

    /**
     * A single-precision product of two n x n matrices on this backend's native engine, to measure the machine's
     * achievable GFLOP/s.
     *
     * @throws UnsupportedOperationException if the backend has no {@link #nativeEngine}
     */
    default MatrixProduct matrixProduct(int n, long seed) {
        throw new UnsupportedOperationException(id() + " has no native engine of its own");
    }
}
