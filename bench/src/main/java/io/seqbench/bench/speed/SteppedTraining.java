package io.seqbench.bench.speed;

import io.seqbench.common.Backend;
import io.seqbench.common.EpochEvent;
import io.seqbench.common.Experiment;
import io.seqbench.common.TrainSettings;
import io.seqbench.common.TrainedModel;

import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;

/**
 * A backend's own training loop, released one epoch at a time: {@code train} runs in a worker thread whose
 * per-epoch listener waits for a permit. After {@link #start} the model is built and its first epoch done; each
 * {@link #epoch()} then runs exactly one more epoch of the real loop. The hand-off costs microseconds against epochs
 * of milliseconds.
 */
final class SteppedTraining implements AutoCloseable {
    private static final Double STOP = Double.NaN;
    private final SynchronousQueue<Boolean> permits = new SynchronousQueue<>();
    private final SynchronousQueue<Double> losses = new SynchronousQueue<>();
    private final Thread worker;
    private volatile Throwable failure;
    private volatile boolean stopping;

    private SteppedTraining(Backend backend, Experiment e) {
        worker = new Thread(() -> {
            try (TrainedModel m = backend.train(e.spec().withEpochs(Integer.MAX_VALUE), e.train(), new TrainSettings(1),
                    this::onEpoch)) {
                m.parameterCount();
            } catch (Throwable t) {
                failure = t;
                losses.offer(STOP);
            }
        }, "stepped-training");
        worker.setDaemon(true);
    }

    /** Builds the model and runs its first epoch (not measured). */
    static SteppedTraining start(Backend backend, Experiment e) throws InterruptedException {
        SteppedTraining t = new SteppedTraining(backend, e);
        t.worker.start();
        t.await();
        return t;
    }

    private boolean onEpoch(EpochEvent event, io.seqbench.common.Predictor current) {
        try {
            losses.put(event.loss());
            return !stopping && permits.take();
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Runs one epoch and returns its training loss. */
    double epoch() throws InterruptedException {
        permits.put(Boolean.TRUE);
        return await();
    }

    private double await() throws InterruptedException {
        Double loss = losses.poll(10, TimeUnit.MINUTES);
        if (failure != null) {
            throw new IllegalStateException("training failed: " + failure, failure);
        }
        if (loss == null) {
            throw new IllegalStateException("no epoch finished within 10 minutes");
        }
        return loss;
    }

    @Override
    public void close() throws InterruptedException {
        stopping = true;
        permits.offer(Boolean.FALSE, 1, TimeUnit.SECONDS);
        worker.join(60_000);
    }
}
