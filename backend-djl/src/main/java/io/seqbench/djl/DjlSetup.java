package io.seqbench.djl;

import ai.djl.engine.Engine;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * DJL's set-up, applied before the engine loads. Offline mode is always on: without it DJL's engine start calls a
 * cloud metadata address, and the suite must never touch the network. libtorch comes from the
 * {@code pytorch-native-cpu} jar on the class path and is unpacked under the build directory, not the user's home.
 *
 * <ul>
 *   <li>{@code seqbench.djl.threads} (default 1): PyTorch intra-op and inter-op threads
 *       ({@code ai.djl.pytorch.num_threads}, {@code num_interop_threads}). Measured with JMH against 2 threads: see
 *       the module README.</li>
 *   <li>{@code seqbench.djl.loop} (default {@code manual}): the backend's own training loop, or DJL's EasyTrain
 *       ({@code easytrain}). Measured: see the module README.</li>
 * </ul>
 */
final class DjlSetup {
    static final int THREADS = Integer.getInteger("seqbench.djl.threads", 1);
    /** {@code seqbench.djl.loop}: {@code manual} (default) or {@code easytrain} ({@link EasyTrainLoop}). */
    static final boolean EASYTRAIN = choice("seqbench.djl.loop", "manual", "easytrain").equals("easytrain");
    /**
     * {@code seqbench.djl.update}: {@code flat} (default), one optimizer call over all parameters held in one array
     * ({@link ParameterBuffer}); {@code per-parameter}, one call per parameter (the suite's loop until this set-up was
     * measured). The manual loop's only: EasyTrain's trainer calls the optimizer per parameter, so with it the
     * parameters are arrays of their own, as before.
     */
    static final boolean FLAT_UPDATE = choice("seqbench.djl.update", "flat", "per-parameter").equals("flat") && !EASYTRAIN;
    static final String ENGINE = "PyTorch";
    private static volatile Engine engine;

    private DjlSetup() {
    }

    /** A set-up property's value: the default (first) when unset, else one of the choices. */
    private static String choice(String property, String... choices) {
        String value = System.getProperty(property, choices[0]);
        if (!java.util.List.of(choices).contains(value)) {
            throw new IllegalArgumentException(property + " must be " + String.join(" or ", choices) + ", not '" + value + "'");
        }
        return value;
    }

    static void configure() {
        System.setProperty("ai.djl.offline", "true");
        String cache = Path.of(System.getProperty("user.dir"), "target", "djl-cache").toString();
        for (String key : new String[]{"DJL_CACHE_DIR", "ENGINE_CACHE_DIR"}) {
            if (System.getenv(key) == null && System.getProperty(key) == null) {
                System.setProperty(key, cache);
            }
        }
        System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(THREADS));
        System.setProperty("ai.djl.pytorch.num_interop_threads", Integer.toString(THREADS));
    }

    /** The PyTorch engine, loaded offline; a clear error if it cannot load. */
    static synchronized Engine engine() {
        if (engine == null) {
            configure();
            try {
                engine = Engine.getEngine(ENGINE);
            } catch (RuntimeException | UnsatisfiedLinkError e) {
                throw new IllegalStateException("DJL's PyTorch engine cannot load offline: " + e.getMessage()
                        + ". It needs ai.djl.pytorch:pytorch-native-cpu:2.7.1 (classifier linux-x86_64) and "
                        + "ai.djl.pytorch:pytorch-jni:2.7.1-0.35.1 on the class path; nothing is downloaded at run time.", e);
            }
        }
        return engine;
    }

    /**
     * Sets PyTorch's intra-op threads on the calling thread. OpenMP keeps the thread count per calling thread, and
     * another native library in the same JVM sets it too: after a DL4J training on the same thread (ND4J sets OpenMP to
     * its own 1 thread), DJL ran on 1 thread and its losses moved in the last float32 digit, which 2000 epochs
     * amplified (product2 mlp-std: held-out RMSE 103 in a worker JVM, 117 in a JVM shared with DL4J). Called at the
     * start of every training run and prediction; in a JVM of its own it changes nothing.
     */
    static void claimThreads() {
        engine();
        if (ai.djl.pytorch.jni.JniUtils.getNumThreads() != THREADS) {
            ai.djl.pytorch.jni.JniUtils.setNumThreads(THREADS);
        }
    }

    static Map<String, String> provenance() {
        Engine e = engine();
        Map<String, String> p = new LinkedHashMap<>();
        p.put("framework", "DJL " + Engine.getDjlVersion() + ", " + e.getEngineName() + " " + e.getVersion());
        p.put("native", String.valueOf(ai.djl.pytorch.jni.LibUtils.getLibtorchPath()));
        p.put("threads", "num_threads=" + System.getProperty("ai.djl.pytorch.num_threads") + ", num_interop_threads="
                + System.getProperty("ai.djl.pytorch.num_interop_threads"));
        p.put("offline", System.getProperty("ai.djl.offline"));
        p.put("training", EASYTRAIN ? "EasyTrain.fit: Trainer, ArrayDataset, EvaluatorTrainingListener; NDArray program per spec as a Block"
                : "manual loop: GradientCollector + DJL optimizer, NDArray program per spec");
        p.put("update", FLAT_UPDATE ? "one optimizer call over all parameters (one flat array, the parameters its views)"
                : "one optimizer call per parameter");
        FusedLstmCheck.Outcome lstm = FusedLstmCheck.onThisMachine();
        p.put("lstm", lstm.path().label + " for tanh without masking; explicit per-step cell for relu or masked");
        p.put("lstm check", lstm.evidence());
        return p;
    }
}
