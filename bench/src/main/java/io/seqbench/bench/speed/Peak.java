package io.seqbench.bench.speed;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * This machine's fp32 peak as assumed from the CPU's flags and clock (kept beside the measured peak of
 * {@link PeakBenchmark} for reference, and as the record of which CPU a speed run ran on): cycles per second x FLOPs per cycle x the cores
 * the JVM may use, with two FMA units per core (true of x86 server cores since Haswell and Zen 2): AVX-512 64, AVX2
 * with FMA 32, AVX 16, otherwise SSE 8. All cores, not one: each backend chooses its own thread count (DL4J is
 * fastest on one, DJL on two), so one denominator for every backend is the machine, and a backend that leaves a core
 * idle shows it. A ceiling, not a promise: turbo clocks and a single FMA unit would move it.
 */
public record Peak(double mhz, int flopsPerCycle, String isa, int cores, double gflops, String method, String cpuModel) {

    public static Peak compute() {
        double mhz = 0;
        String model = null;
        Set<String> flags = new HashSet<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name") && model == null) {
                    model = line.substring(line.indexOf(':') + 1).trim();
                } else if (line.startsWith("cpu MHz") && mhz == 0) {
                    mhz = Double.parseDouble(line.substring(line.indexOf(':') + 1).trim());
                } else if (line.startsWith("flags") && flags.isEmpty()) {
                    flags.addAll(Arrays.asList(line.substring(line.indexOf(':') + 1).trim().split("\\s+")));
                }
            }
        } catch (IOException | RuntimeException e) {
            // unknown machine: no peak
        }
        String isa;
        int perCycle;
        if (flags.contains("avx512f")) {
            isa = "AVX-512";
            perCycle = 64;
        } else if (flags.contains("avx2") && flags.contains("fma")) {
            isa = "AVX2+FMA";
            perCycle = 32;
        } else if (flags.contains("avx")) {
            isa = "AVX";
            perCycle = 16;
        } else {
            isa = "SSE";
            perCycle = 8;
        }
        int cores = Runtime.getRuntime().availableProcessors();
        return new Peak(mhz, perCycle, isa, cores, mhz * 1e6 * perCycle * cores / 1e9,
                "computed: cpu MHz from /proc/cpuinfo x " + perCycle + " fp32 FLOP/cycle (" + isa + ", 2 FMA units) x "
                        + cores + (cores == 1 ? " core" : " cores"), model);
    }
}
