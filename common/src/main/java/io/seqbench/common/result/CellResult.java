package io.seqbench.common.result;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;
import java.util.Map;

/**
 * One finished cell: (task, params, backend, model, preprocessing, seed) and everything measured on it. Written as
 * one JSON line of {@code cells.jsonl}; the run's provenance (versions, JVM, CPU, commit) is in {@code run.json}
 * under the same {@code runId}, and the backend's own per-cell details (threads, LSTM kind) are in
 * {@code backendDetails}.
 *
 * @param support         exact, or approximate/unsupported with the reason
 * @param epochs          the epoch budget actually given (the quick profile may reduce it; see {@code profile})
 * @param epochsRun       epochs actually trained (fewer if stopped on divergence or time limit)
 * @param lossCurve       the training loss of every epoch (float precision: it is for plotting)
 * @param elapsedMsCurve  training milliseconds at the end of every epoch, listener time excluded
 * @param checks          the target metric measured every few epochs, in original units
 * @param targetMet       whether the final model meets the task's target (null when there is no final model)
 * @param firstMet        the first periodic check that met the target, or null if none did
 * @param memory          what training took in memory, or null where it was not measured
 * @param roundingTwin    the target metric of the same cell's final model trained again from initial arrays nudged by
 *                        one float32 ulp ({@link io.seqbench.common.TrainSettings#nudged}): how far rounding alone moves
 *                        the result. Measured on seed 1's exact cells of a run of two seeds or more; null elsewhere
 */
@JsonPropertyOrder(alphabetic = false)
public record CellResult(
        String runId, String profile, String task, String params, String backend, String model, String role,
        String preprocessing, long seed, CellStatus status, String reason, String support, String spec,
        int epochs, int batchSize, int epochsRun, HeldOut heldOut, List<ProbeOutcome> probes,
        float[] lossCurve, float[] elapsedMsCurve, List<EpochPoint> checks, String target, Boolean targetMet, FirstMet firstMet, double trainMs, double predictMs,
        long parameters, Map<String, String> backendDetails, CellMemory memory, Double roundingTwin) {

    /** The same record with what the cell took in memory. */
    public CellResult withMemory(CellMemory m) {
        return new CellResult(runId, profile, task, params, backend, model, role, preprocessing, seed, status, reason,
                support, spec, epochs, batchSize, epochsRun, heldOut, probes, lossCurve, elapsedMsCurve, checks, target,
                targetMet, firstMet, trainMs, predictMs, parameters, backendDetails, m, roundingTwin);
    }

    /** The same record with its rounding twin's target metric. */
    public CellResult withRoundingTwin(Double twin) {
        return new CellResult(runId, profile, task, params, backend, model, role, preprocessing, seed, status, reason,
                support, spec, epochs, batchSize, epochsRun, heldOut, probes, lossCurve, elapsedMsCurve, checks, target,
                targetMet, firstMet, trainMs, predictMs, parameters, backendDetails, memory, twin);
    }

    /** The identity of the cell, used by --resume to skip what is done. */
    public String key() {
        return CellKey.of(task, params, backend, model, preprocessing, seed);
    }
}
