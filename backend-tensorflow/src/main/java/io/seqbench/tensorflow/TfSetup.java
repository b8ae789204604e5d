package io.seqbench.tensorflow;

import org.tensorflow.TensorFlow;
import org.tensorflow.proto.ConfigProto;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * TensorFlow's set-up: {@code seqbench.tensorflow.threads} (default 1) intra-op and inter-op threads per session, as
 * DJL and DL4J run one thread each; and the native library's location for the footprint. Nothing is downloaded: the
 * native library comes from the {@code tensorflow-core-native} jar (classifier linux-x86_64), unpacked by JavaCPP
 * into its cache.
 */
final class TfSetup {
    static final int THREADS = Integer.getInteger("seqbench.tensorflow.threads", 1);

    private TfSetup() {
    }

    /** The session's configuration: the thread pools, and no placement logging. */
    static ConfigProto config() {
        return ConfigProto.newBuilder().setIntraOpParallelismThreads(THREADS).setInterOpParallelismThreads(THREADS)
                .setLogDevicePlacement(false).build();
    }

    static Map<String, String> provenance() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("framework", "TensorFlow Java 1.1.0, TensorFlow " + version());
        p.put("threads", "intra_op_parallelism_threads=" + THREADS + ", inter_op_parallelism_threads=" + THREADS);
        p.put("training", "graph mode: the spec as one graph (LSTMs unrolled as explicit per-step cells), gradients by "
                + "Ops.gradients, TensorFlow's ApplyAdam / ApplyAdagradV2 / ApplyGradientDescent after every gradient");
        String onednn = System.getenv("TF_ENABLE_ONEDNN_OPTS");
        p.put("onednn", onednn == null ? "TensorFlow's default (oneDNN on for x86 Linux)" : "TF_ENABLE_ONEDNN_OPTS=" + onednn);
        return p;
    }

    /** The loaded TensorFlow's version (loading the native library). */
    static String version() {
        try {
            return TensorFlow.version();
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            throw new IllegalStateException("TensorFlow's native library cannot load: " + e.getMessage() + ". It needs "
                    + "org.tensorflow:tensorflow-core-native:1.1.0 (classifier linux-x86_64) on the class path; nothing is "
                    + "downloaded at run time.", e);
        }
    }

    /** The files of JavaCPP's cache that hold TensorFlow's native library (loading it first). */
    static List<Path> nativeLibraries() {
        version();
        String dir = System.getProperty("org.bytedeco.javacpp.cachedir",
                Path.of(System.getProperty("user.home"), ".javacpp", "cache").toString());
        Path cache = Path.of(dir);
        if (!Files.isDirectory(cache)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(cache)) {
            return files.filter(Files::isRegularFile).filter(f -> f.toString().contains("tensorflow")).toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
