package io.seqbench.common.result;

import io.seqbench.common.metrics.Metrics;

/** Held-out metrics in original units; NaN where undefined (no held-out samples). */
public record HeldOut(double rmse, double mae, double r2, double maxAbsError, int samples) {
    public static HeldOut of(Metrics.Regression m) {
        return new HeldOut(m.rmse(), m.mae(), m.r2(), m.maxAbsError(), m.samples());
    }
}
