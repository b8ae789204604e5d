package io.seqbench.common;

/**
 * The hand-over every stepped backend's run shares: epochs until {@link #finish}, which frees the run's own arrays and
 * gives the model to the caller; a run closed without finishing frees the model too, so that a failed or abandoned
 * run leaks no native memory. A backend writes only its epoch and what its run owns besides the model.
 *
 * @param <M> the backend's model
 */
public abstract class SteppedRun<M extends TrainedModel> implements TrainingRun {
    /** The model being trained, handed over by {@link #finish}. */
    protected final M model;
    private int epoch;
    private boolean handedOver;

    protected SteppedRun(M model) {
        this.model = model;
    }

    /** Trains epoch {@code epoch} (from 1) over the shared minibatch order and returns its mean minibatch loss. */
    protected abstract double trainEpoch(int epoch);

    /** Frees what the run owns besides the model (converted data, optimiser state); called once, at the end. */
    protected void releaseRunArrays() {
    }

    @Override
    public final double epoch() {
        if (handedOver) {
            throw new IllegalStateException("the run has finished");
        }
        return trainEpoch(++epoch);
    }

    @Override
    public final Predictor current() {
        return model;
    }

    @Override
    public final TrainedModel finish() {
        handedOver = true;
        releaseRunArrays();
        return model;
    }

    @Override
    public final void close() {
        if (!handedOver) {
            handedOver = true;
            try {
                releaseRunArrays();
            } finally {
                model.close();
            }
        }
    }
}
