package io.seqbench.bench.report;

import io.seqbench.common.Experiment;
import io.seqbench.common.result.CellResult;
import io.seqbench.common.result.ProbeOutcome;

import java.util.List;
import java.util.stream.Collectors;

/** {@code cells.csv}: every cell of a run as one flat row, for spreadsheets and pandas. */
public final class CellsCsv {
    private CellsCsv() {
    }

    public static String csv(List<CellResult> cells) {
        StringBuilder sb = new StringBuilder("run_id,profile,task,params,backend,model,role,preprocessing,seed,status,reason,"
                + "support,spec,epochs,epochs_run,batch_size,heldout_rmse,heldout_mae,heldout_r2,heldout_max_abs_error,"
                + "probe_prediction,probe_truth,probe_worst_relative_error,target_met,first_met_epoch,first_met_ms,train_ms,predict_ms,parameters,"
                + "backend_details,peak_rss_above_baseline_kb,peak_heap_kb,baseline_rss_kb\n");
        for (CellResult c : cells) {
            ProbeOutcome probe = c.probes().isEmpty() ? null : c.probes().get(0);
            List<Object> f = List.of(c.runId(), c.profile(), c.task(), c.params(), c.backend(), c.model(), c.role(),
                    c.preprocessing(), c.seed(), c.status(), c.reason(), c.support(), c.spec(), c.epochs(), c.epochsRun(),
                    c.batchSize(), c.heldOut().rmse(), c.heldOut().mae(), c.heldOut().r2(), c.heldOut().maxAbsError(),
                    probe == null ? "" : join(probe.prediction()), probe == null ? "" : join(probe.truth()),
                    probe == null ? "" : Experiment.worst(c.probes()), c.targetMet() == null ? "" : c.targetMet(),
                    c.firstMet() == null ? "" : c.firstMet().epoch(), c.firstMet() == null ? "" : c.firstMet().ms(),
                    c.trainMs(), c.predictMs(), c.parameters(), new java.util.TreeMap<>(c.backendDetails()).toString(),
                    c.memory() == null ? "" : c.memory().peakRssAboveBaselineKb(), c.memory() == null ? "" : c.memory().peakHeapKb(),
                    c.memory() == null ? "" : c.memory().baselineRssKb());
            sb.append(f.stream().map(o -> quote(String.valueOf(o))).collect(Collectors.joining(","))).append('\n');
        }
        return sb.toString();
    }

    private static String join(double[] v) {
        return java.util.Arrays.stream(v).mapToObj(d -> Double.toString(d)).collect(Collectors.joining(";"));
    }

    private static String quote(String s) {
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
