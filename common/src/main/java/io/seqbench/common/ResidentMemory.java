package io.seqbench.common;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * A process's resident set (Linux {@code VmRSS}): what native memory a backend holds, which the JVM's heap figures do
 * not show. Read by the worker pool's memory limit and by the backends' leak tests.
 */
public final class ResidentMemory {
    private ResidentMemory() {
    }

    /** The resident set of process {@code pid} in KiB; empty if it has ended or this is not Linux. */
    public static OptionalLong kilobytes(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return OptionalLong.of(Long.parseLong(line.replaceAll("\\D", "")));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
        return OptionalLong.empty();
    }

    /** This JVM's resident set in KiB. */
    public static long ofThisJvmKb() {
        return kilobytes(ProcessHandle.current().pid())
                .orElseThrow(() -> new IllegalStateException("no VmRSS in /proc/self/status: the leak tests need Linux"));
    }
}
