package io.seqbench.bench.run;

import io.seqbench.common.Backend;
import io.seqbench.common.EpochEvent;
import io.seqbench.common.Support;
import io.seqbench.common.TrainSettings;
import io.seqbench.common.TrainedModel;
import io.seqbench.common.TrainingListener;
import io.seqbench.common.data.Dataset;
import io.seqbench.common.model.ModelSpec;
import io.seqbench.common.result.CellMemory;
import io.seqbench.common.result.CellResult;
import io.seqbench.common.tasks.Task;
import io.seqbench.common.tasks.Tasks;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryType;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** A cell's memory, measured around a backend that takes a known amount of native and heap memory. */
public class MemorySamplerTest {
    static final int MB = 1 << 20;

    /** Holds {@code nativeMb} of touched native memory and {@code heapMb} of live heap while it trains. */
    record MemoryHog(int nativeMb, int heapMb) implements Backend {
        public String id() {
            return "hog";
        }

        public Map<String, String> provenance() {
            return Map.of();
        }

        public Support support(ModelSpec spec) {
            return Support.exact();
        }

        public TrainedModel train(ModelSpec spec, Dataset train, TrainSettings settings, TrainingListener listener) {
            ByteBuffer off = ByteBuffer.allocateDirect(nativeMb * MB);
            for (int i = 0; i < off.capacity(); i += 4096) {
                off.put(i, (byte) 1); // resident only once touched
            }
            // 64 KB arrays: a 1 MB array is a humongous object in G1 and takes two regions, twice its size
            List<byte[]> heap = new ArrayList<>();
            for (int i = 0; i < heapMb * 16; i++) {
                byte[] b = new byte[MB / 16];
                java.util.Arrays.fill(b, (byte) 1);
                heap.add(b);
            }
            TrainedModel m = new TrainedModel() {
                public double[][] predict(double[][][] x) {
                    return new double[x.length][train.outputs()];
                }

                public long parameterCount() {
                    return heap.size() + off.capacity();
                }

                public Map<String, String> details() {
                    return Map.of();
                }

                public void close() {
                }
            };
            try {
                Thread.sleep(100); // several samples with everything held
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            listener.onEpoch(new EpochEvent(1, 1, 1), m);
            return m;
        }
    }

    @Test
    void nativeAndHeapMemoryAreMeasured() {
        Task sum3 = Tasks.byId("sum3");
        long heapBefore = ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .mapToLong(p -> p.getUsage().getUsed()).sum();
        CellResult r = new Harness("test", Profile.QUICK, 60).run(new CellPlan(sum3, sum3.model("linear"), Map.of(),
                new MemoryHog(200, 100), 1, 1));
        CellMemory m = r.memory();
        assertNotNull(m, "measured on Linux");
        long nativeKb = 200L * 1024;
        long heapKb = 100L * 1024;
        assertTrue(m.peakRssAboveBaselineKb() >= 0.9 * nativeKb, "the native 200 MB are seen: " + m);
        // the resident set also grows by the JVM's own structures for a larger heap (GC bitmaps, compiled code)
        assertTrue(m.peakRssAboveBaselineKb() <= nativeKb + m.peakHeapKb() + 64 * 1024, "little beyond native and heap: " + m);
        assertTrue(m.peakHeapKb() >= heapKb, "the live 100 MB of heap: " + m);
        assertTrue(m.peakHeapKb() <= heapBefore / 1024 + 1.1 * heapKb, "no more than what was there plus 110 MB: " + m
                + ", heap before " + heapBefore / 1024 + " KB");
    }
}
