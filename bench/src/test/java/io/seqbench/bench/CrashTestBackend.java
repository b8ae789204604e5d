package io.seqbench.bench;

import io.seqbench.common.Backend;
import io.seqbench.common.Support;
import io.seqbench.common.TrainSettings;
import io.seqbench.common.TrainedModel;
import io.seqbench.common.TrainingListener;
import io.seqbench.common.data.Dataset;
import io.seqbench.common.model.ModelSpec;

import java.util.Map;

/**
 * A backend that fails the way native code does, for the worker tests; it exists only where
 * {@code -Dseqbench.extraBackends=io.seqbench.bench.CrashTestBackend} names it. On sum3's linear model the seed picks
 * the failure: 2 crashes the JVM natively (a write to address 0), 3 hangs in a busy loop that ignores interrupts, 4
 * runs out of heap (a real, JVM-raised OutOfMemoryError); every other cell trains like {@link FakeBackend}'s
 * {@code ok}, 100 ms an epoch on scale15 so that a kill lands mid-run.
 */
public final class CrashTestBackend implements Backend {
    private final FakeBackend ok = new FakeBackend("ok");

    public String id() {
        return "crashtest";
    }

    public Map<String, String> provenance() {
        return Map.of("framework", "crash test");
    }

    public Support support(ModelSpec spec) {
        return Support.exact();
    }

    public TrainedModel train(ModelSpec spec, Dataset train, TrainSettings settings, TrainingListener listener) {
        boolean sum3 = train.timesteps() == 3 && train.features() == 1;
        if (sum3 && settings.seed() == 2) {
            crashNatively();
        } else if (sum3 && settings.seed() == 3) {
            long spins = 0;
            while (spins >= 0) { // never ends; Thread.interrupt() does not stop it
                spins++;
                Thread.onSpinWait();
            }
        } else if (sum3 && settings.seed() == 4) {
            long[][] hog = new long[64][];
            for (int i = 0; i < hog.length; i++) {
                hog[i] = new long[Integer.MAX_VALUE - 8]; // 16 GB each: more than any worker heap
            }
        }
        boolean slow = train.timesteps() == 1 && train.features() == 1 && train.size() == 16; // scale15
        return ok.train(spec, train, settings, (ev, p) -> {
            if (slow) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return listener.onEpoch(ev, p);
        });
    }

    private static void crashNatively() {
        try {
            java.lang.reflect.Field f = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
            f.setAccessible(true);
            ((sun.misc.Unsafe) f.get(null)).putAddress(0, 42);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
