package io.seqbench.dl4j;

import org.bytedeco.javacpp.Loader;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * DL4J's CPU set-up, chosen by measurement (see the module README) and applied once per JVM before the first
 * ND4J call. Every choice can be overridden by a system property, and what is in force is recorded in the
 * provenance of every run.
 *
 * <ul>
 *   <li>{@code seqbench.dl4j.threads} (default 1): ND4J's OpenMP and master threads. These models are tiny: with 2
 *       threads ND4J spends more on synchronisation than on arithmetic.</li>
 *   <li>{@code seqbench.dl4j.workspaces} (default ENABLED): DL4J's workspace memory reuse.</li>
 *   <li>{@code org.bytedeco.javacpp.maxPhysicalBytes} (set to 0 by the build's JVM options): JavaCPP's accounting of
 *       physical memory, which otherwise reads /proc on every allocation.</li>
 * </ul>
 */
final class Dl4jSetup {
    static final int THREADS = Integer.getInteger("seqbench.dl4j.threads", 1);
    static final WorkspaceMode WORKSPACES = WorkspaceMode.valueOf(
            System.getProperty("seqbench.dl4j.workspaces", "ENABLED").toUpperCase());

    private static volatile boolean applied;

    static {
        chooseNativeBuild();
    }

    /**
     * Picks nd4j-native's AVX2 build when the CPU reports avx2 and nobody chose already: JavaCPP loads the
     * classifier named by {@code org.bytedeco.javacpp.platform.extension}. Must run before ND4J loads.
     */
    static void chooseNativeBuild() {
        String key = "org.bytedeco.javacpp.platform.extension";
        if (System.getProperty(key) == null && cpuFlags().contains("avx2")) {
            System.setProperty(key, "-avx2");
        }
    }

    static java.util.Set<String> cpuFlags() {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("flags")) {
                    return new java.util.HashSet<>(java.util.Arrays.asList(line.substring(line.indexOf(':') + 1).trim().split("\\s+")));
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            // not Linux, or unreadable: keep the generic build
        }
        return java.util.Set.of();
    }

    private Dl4jSetup() {
    }

    /** Applies the thread settings; idempotent. Loads the ND4J natives on first call. */
    static synchronized void apply() {
        if (applied) {
            return;
        }
        if (THREADS < 1) {
            throw new IllegalArgumentException("seqbench.dl4j.threads must be >= 1, got " + THREADS);
        }
        threads(THREADS);
        applied = true;
    }

    /**
     * Sets OpenMP's thread count again on the calling thread if another native library in the JVM changed it (OpenMP
     * keeps it per calling thread, and PyTorch sets it too): called at the start of every training run and prediction,
     * so that a JVM shared with DJL trains DL4J with DL4J's own set-up. In a JVM of its own it changes nothing.
     */
    static void claimThreads() {
        apply();
        if (NativeOpsHolder.getInstance().getDeviceNativeOps().ompGetMaxThreads() != THREADS) {
            threads(THREADS);
        }
    }

    /**
     * Sets all three pools: libnd4j's own, OpenMP's and OpenBLAS's. Environment.setMaxThreads alone leaves the other
     * two at the core count (seen: maxThreads still 2 after setMaxThreads(1)).
     */
    static void threads(int t) {
        Nd4j.getEnvironment().setMaxThreads(t);
        Nd4j.getEnvironment().setMaxMasterThreads(t);
        NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(t);
        Nd4j.factory().blas().setMaxThreads(t);
    }

    static Map<String, String> provenance() {
        apply();
        Map<String, String> p = new LinkedHashMap<>();
        p.put("framework", "Deeplearning4j " + version(org.deeplearning4j.nn.graph.ComputationGraph.class) + ", ND4J "
                + version(Nd4j.class));
        p.put("backend", Nd4j.getBackend().getClass().getSimpleName());
        p.put("native", nativeLibrary());
        Properties env = Nd4j.getExecutioner().getEnvironmentInformation();
        p.put("blas", String.valueOf(env.getOrDefault("blas.vendor", "?")));
        p.put("threads", "requested " + THREADS + "; omp=" + NativeOpsHolder.getInstance().getDeviceNativeOps().ompGetMaxThreads()
                + ", blas=" + Nd4j.factory().blas().getMaxThreads() + ", nd4j maxThreads=" + Nd4j.getEnvironment().maxThreads()
                + ", maxMasterThreads=" + Nd4j.getEnvironment().maxMasterThreads());
        p.put("workspaces", WORKSPACES.name());
        p.put("javacpp.maxPhysicalBytes", System.getProperty("org.bytedeco.javacpp.maxPhysicalBytes", "default"));
        p.put("dtype", Nd4j.dataType().name());
        return p;
    }

    /** The libraries JavaCPP unpacked and loaded for ND4J and OpenBLAS, after loading them: both DL4J backends share them. */
    static java.util.List<java.nio.file.Path> nativeLibraries() {
        provenance(); // loads ND4J's backend and its natives, as a backend's provenance does
        return Loader.getLoadedLibraries().values().stream().filter(java.util.Objects::nonNull)
                .map(java.nio.file.Path::of).filter(java.nio.file.Files::isRegularFile).distinct().toList();
    }

    /** The nd4j-native library actually loaded, e.g. its jar's classifier (avx2, onednn) in JavaCPP's cache path. */
    static String nativeLibrary() {
        return Loader.getLoadedLibraries().entrySet().stream()
                .filter(e -> e.getKey().contains("nd4jcpu"))
                .map(e -> {
                    String path = String.valueOf(e.getValue());
                    int i = path.indexOf("nd4j-native-");
                    return i >= 0 ? path.substring(i, path.indexOf('/', i) > 0 ? path.indexOf('/', i) : path.length()) : path;
                })
                .findFirst().orElse("unknown");
    }

    private static String version(Class<?> c) {
        String v = c.getPackage().getImplementationVersion();
        return v != null ? v : "1.0.0-M2.1";
    }
}
