package io.seqbench.common.tasks;

import io.seqbench.common.data.Dataset;
import io.seqbench.common.data.Probe;

import java.util.List;

/** One generated instance of a task: every sample in order (the split takes the last fraction) and the probes. */
public record TaskData(TaskParams params, long seed, Dataset all, List<Probe> probes) {
    public TaskData {
        probes = List.copyOf(probes);
    }
}
