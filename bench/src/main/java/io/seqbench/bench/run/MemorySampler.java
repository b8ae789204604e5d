package io.seqbench.bench.run;

import io.seqbench.common.ResidentMemory;
import io.seqbench.common.result.CellMemory;

import java.lang.management.ManagementFactory;
import java.util.OptionalLong;

/**
 * Samples this JVM's resident set and heap in use on a daemon thread while a cell runs, to make the cell's
 * {@link CellMemory}. (The heap pools' own peaks cannot be added up: each pool peaks at its own moment, and objects
 * that move from the young to the old generation would count twice.) Reading {@code /proc/self/status} costs microseconds, so sampling every
 * {@link #PERIOD_MS} ms takes nothing measurable from the training it watches. Off Linux it measures nothing.
 */
final class MemorySampler implements AutoCloseable {
    static final long PERIOD_MS = 5;

    private final long pid = ProcessHandle.current().pid();
    private final long baselineKb;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long peakRssKb;
    private volatile long peakHeapKb;

    private MemorySampler(long baselineKb) {
        this.baselineKb = baselineKb;
        sample();
        thread = new Thread(() -> {
            while (running) {
                sample();
                try {
                    Thread.sleep(PERIOD_MS);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "seqbench-memory-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    /** Starts sampling now; null off Linux (no resident set to read). */
    static MemorySampler start() {
        OptionalLong rss = ResidentMemory.kilobytes(ProcessHandle.current().pid());
        return rss.isPresent() ? new MemorySampler(rss.getAsLong()) : null;
    }

    private void sample() {
        OptionalLong rss = ResidentMemory.kilobytes(pid);
        if (rss.isPresent()) {
            peakRssKb = Math.max(peakRssKb, rss.getAsLong());
        }
        peakHeapKb = Math.max(peakHeapKb, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1024);
    }

    /** Stops sampling and returns what the cell took. */
    CellMemory stop() {
        running = false;
        thread.interrupt();
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sample();
        return new CellMemory(baselineKb, Math.max(0, peakRssKb - baselineKb), peakHeapKb);
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
