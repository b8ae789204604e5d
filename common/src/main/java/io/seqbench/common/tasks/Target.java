package io.seqbench.common.tasks;

import java.util.Locale;

/**
 * What "solved" means for a task, used for the time-to-target column: either every probe output within a
 * relative error, or the held-out RMSE (original units) below a threshold.
 */
public record Target(Metric metric, double threshold) {

    /** The quantity compared with the threshold. */
    public enum Metric { PROBE_RELATIVE_ERROR, HELD_OUT_RMSE }

    public static Target probeWithin(double relative) {
        return new Target(Metric.PROBE_RELATIVE_ERROR, relative);
    }

    public static Target heldOutRmseBelow(double rmse) {
        return new Target(Metric.HELD_OUT_RMSE, rmse);
    }

    public String describe() {
        return metric == Metric.PROBE_RELATIVE_ERROR
                ? String.format(Locale.ROOT, "probe error < %s%%", trim(threshold * 100))
                : String.format(Locale.ROOT, "held-out RMSE < %s", trim(threshold));
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
