package io.seqbench.bench.verify;

import java.util.List;
import java.util.Map;

/**
 * What {@code verify.json} holds: the commit and the machine (native kernels differ between CPUs, so a pass holds for
 * the machine it ran on), the seed, epochs and tolerances of a verify run, and one row per pair.
 */
public record VerifyReport(String commit, Map<String, String> machine, long seed, int epochs, Map<String, Double> tolerances,
                           Map<String, String> why, Map<String, String> params, List<EquivalenceRow> rows) {
    public static final String FILE = "verify.json";
}
