package io.seqbench.common.result;

import java.util.List;
import java.util.Map;

/**
 * Where and how a run was made, written once per run as {@code run.json}: every cell of the run refers to it by
 * {@code runId}.
 *
 * @param backends     per backend id: its framework and native versions, native library and thread settings
 * @param machine      the machine's identity: CPU vendor, family, model, stepping, clock, memory, kernel (null in
 *                     runs made before it was recorded)
 * @param machineCheck the machine check made before the run's first cell (null in runs made before it existed)
 */
public record RunProvenance(String runId, String startedAt, String profile, List<Long> seeds, String gitCommit,
                            String commandLine, String jvm, String os, String cpuModel, List<String> cpuFlags,
                            int cores, long maxHeapBytes, Map<String, Map<String, String>> backends,
                            Map<String, String> machine, MachineCheckResult machineCheck) {
}
