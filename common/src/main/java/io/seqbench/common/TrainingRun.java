package io.seqbench.common;

/**
 * A training run that the caller drives one epoch at a time, on the caller's own thread. Built by
 * {@link Backend#start} with the model constructed, initial parameters loaded and data converted, and no epoch run
 * yet. {@link Backend#train} of a steppable backend is {@link #drive} over one of these, so an epoch stepped by a
 * benchmark is exactly an epoch of the accuracy harness's training.
 */
public interface TrainingRun extends AutoCloseable {

    /** Runs the next epoch over the shared minibatch order and returns its mean minibatch loss. */
    double epoch();

    /** The model as it is now; valid until {@link #finish} or {@link #close}. */
    Predictor current();

    /** Ends the run and hands the model to the caller, who closes it. The run must not be used afterwards. */
    TrainedModel finish();

    /** Frees the model's native memory unless {@link #finish} handed it over. */
    @Override
    void close();

    /**
     * Runs up to {@code epochs} epochs, timing each {@link #epoch} call (the listener's time is not counted), and
     * returns the model; the listener may stop early. On any failure the run is closed before the exception leaves.
     */
    static TrainedModel drive(TrainingRun run, int epochs, TrainingListener listener) {
        try (run) {
            long elapsed = 0;
            for (int epoch = 1; epoch <= epochs; epoch++) {
                long start = System.nanoTime();
                double loss = run.epoch();
                elapsed += System.nanoTime() - start;
                if (!listener.onEpoch(new EpochEvent(epoch, loss, elapsed), run.current())) {
                    break;
                }
            }
            return run.finish();
        }
    }
}
