package io.seqbench.bench.run;

import io.seqbench.common.Backend;
import io.seqbench.common.result.MachineCheckResult;
import io.seqbench.common.result.RunProvenance;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Collects where a run is made: git commit, JVM, OS, CPU model and flags, cores, and each backend's set-up. */
public final class Provenance {
    private Provenance() {
    }

    public static RunProvenance collect(String runId, Profile profile, List<Long> seeds, String commandLine, List<Backend> backends,
                                 MachineCheckResult check) {
        Map<String, Map<String, String>> b = new LinkedHashMap<>();
        for (Backend backend : backends) {
            try {
                b.put(backend.id(), backend.provenance());
            } catch (Throwable t) {
                b.put(backend.id(), Map.of("error", Harness.describe(t)));
            }
        }
        return new RunProvenance(runId, OffsetDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME),
                profile.id(), seeds, gitCommit(), commandLine,
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
                cpuInfo("model name"), Arrays.asList(cpuInfo("flags").split("\\s+")),
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory(), b, machine(), check);
    }

    /**
     * What tells two machines apart: the CPU's vendor, family, model and stepping (two AVX-512 EPYC generations share
     * a model name and differ here), the flags that choose kernels, clock, cores, memory and kernel.
     */
    public static Map<String, String> machine() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("cpu", cpuInfo("model name"));
        m.put("vendor", cpuInfo("vendor_id"));
        m.put("family", cpuInfo("cpu family"));
        m.put("model", cpuInfo("model"));
        m.put("stepping", cpuInfo("stepping"));
        List<String> flags = Arrays.asList(cpuInfo("flags").split("\\s+"));
        m.put("isa", String.join(" ", flags.stream().filter(f -> f.startsWith("avx") || f.equals("fma") || f.startsWith("amx")).toList()));
        m.put("mhz", cpuInfo("cpu MHz"));
        m.put("cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
        m.put("memory", memInfo("MemTotal"));
        m.put("kernel", System.getProperty("os.version"));
        return m;
    }

    /** One line: vendor, family, model and stepping. */
    public static String identity() {
        Map<String, String> m = machine();
        return m.get("cpu") + " (" + m.get("vendor") + " family " + m.get("family") + " model " + m.get("model")
                + " stepping " + m.get("stepping") + ")";
    }

    private static String memInfo(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith(field + ":")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
            // not Linux
        }
        return "unknown";
    }

    /** {@code git rev-parse HEAD}, with {@code -dirty} when the work tree has uncommitted changes to code. */
    public static String gitCommit() {
        String head = run("git", "rev-parse", "HEAD");
        if (head.isEmpty()) {
            return "unknown (not a git checkout)";
        }
        String dirty = run("git", "status", "--porcelain", "--untracked-files=no", "--", ".", ":(exclude)results");
        return head + (dirty.isEmpty() ? "" : "-dirty");
    }

    private static String run(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 ? out : "";
        } catch (IOException | InterruptedException e) {
            return "";
        }
    }

    public static String cpuInfo(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.matches(java.util.regex.Pattern.quote(field) + "\\s*:.*")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
            // not Linux
        }
        return "unknown";
    }
}
