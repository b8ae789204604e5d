package io.seqbench.bench.speed;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A fresh JVM running one of the suite's probe mains, with the forks' JVM options and the project's class path, so
 * that what it measures (resident memory, a cold start) is what a process of that backend alone would show.
 */
final class ProbeJvm {
    private ProbeJvm() {
    }

    static ProcessBuilder of(Class<?> main, String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(SpeedRunner.FORK_JVM_ARGS);
        SpeedRunner.fixForkClassPath();
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true);
    }
}
