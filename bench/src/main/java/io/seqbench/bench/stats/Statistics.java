package io.seqbench.bench.stats;

import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.StatUtils;
import org.apache.commons.math3.stat.descriptive.rank.Percentile;
import org.apache.commons.math3.stat.inference.TTest;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * The statistics of the tables and verdicts, on commons-math: summaries over seeds, the paired comparison of two
 * backends on the same seeds, and the unpaired comparison of two backends' fork times.
 */
public final class Statistics {
    /**
     * float32's machine epsilon, 2^-23: the models compute in single precision, so relative errors below it are
     * rounding, and two errors both below it are not told apart (a log needs them positive, too).
     */
    public static final double FLOAT32_EPSILON = 0x1p-23;

    private Statistics() {
    }

    public static double mean(double[] v) {
        return StatUtils.mean(v);
    }

    /** Sample standard deviation (n - 1); 0 for fewer than two values. */
    public static double sd(double[] v) {
        return v.length < 2 ? 0 : Math.sqrt(StatUtils.variance(v));
    }

    public static double median(double[] v) {
        return v.length == 0 ? Double.NaN : new Percentile().evaluate(v, 50);
    }

    /** Half-width of the two-sided 95% t interval of the mean; NaN for fewer than two values. */
    public static double halfWidth95(double[] v) {
        if (v.length < 2) {
            return Double.NaN;
        }
        return new TDistribution(v.length - 1).inverseCumulativeProbability(0.975) * sd(v) / Math.sqrt(v.length);
    }

    /**
     * A paired comparison of two backends' errors on the same seeds: the ratio of their geometric means (a / b: below
     * 1, a's errors are smaller), its interval at level {@code 1 - alpha}, and the two-sided p of the paired t-test,
     * all on log error. {@code n} counts the independent replicates: the seeds, except when every seed gives both
     * backends the very same pair of errors (a seed-invariant model, such as a linear model fitted to its optimum),
     * which is one observation, not {@code seeds} of them.
     */
    public record Paired(double ratio, double low, double high, double p, int n, int seeds) {
    }

    /**
     * Paired t on log error, errors below {@code floor} (the metric's float32 resolution) counted as the floor: the
     * seeds are the independent units, the same data and initial weights pair them, and errors spread over decades,
     * so differences of logs are closer to normal than differences of errors. With fewer than two replicates there is
     * no test (NaN interval and p).
     */
    public static Paired pairedLog(double[] a, double[] b, double floor, double alpha) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("paired samples differ in length: " + a.length + " and " + b.length);
        }
        if (!(floor > 0)) {
            throw new IllegalArgumentException("the error floor must be positive, got " + floor);
        }
        double[] la = Arrays.stream(a).map(x -> Math.log(Math.max(x, floor))).toArray();
        double[] lb = Arrays.stream(b).map(x -> Math.log(Math.max(x, floor))).toArray();
        boolean oneObservation = IntStream.range(0, la.length).allMatch(i -> la[i] == la[0] && lb[i] == lb[0]);
        int n = oneObservation ? Math.min(1, la.length) : la.length;
        double[] d = IntStream.range(0, la.length).mapToDouble(i -> la[i] - lb[i]).toArray();
        double m = mean(d);
        if (n < 2) {
            return new Paired(Math.exp(m), Double.NaN, Double.NaN, Double.NaN, n, a.length);
        }
        if (sd(d) == 0) {
            // distinct replicates with the very same difference: no spread to test against; exact when zero
            return m == 0 ? new Paired(1, 1, 1, 1, n, a.length)
                    : new Paired(Math.exp(m), Math.exp(m), Math.exp(m), 0, n, a.length);
        }
        double h = new TDistribution(n - 1).inverseCumulativeProbability(1 - alpha / 2) * sd(d) / Math.sqrt(n);
        return new Paired(Math.exp(m), Math.exp(m - h), Math.exp(m + h), new TTest().pairedTTest(la, lb), n, a.length);
    }

    /** {@link #pairedLog(double[], double[], double, double)} at 95%. */
    public static Paired pairedLog(double[] a, double[] b, double floor) {
        return pairedLog(a, b, floor, 0.05);
    }

    /**
     * An unpaired comparison of two positive samples on the log scale: the ratio of geometric means a / b, its
     * two-sided interval at level {@code 1 - alpha}, and the p of Welch's t-test.
     */
    public record LogRatio(double ratio, double low, double high, double p, int na, int nb) {
    }

    /**
     * Welch's t on log values with the Welch-Satterthwaite degrees of freedom: for speed, the forks are the units (the
     * variance between forks dominates on a shared machine), each fork represented by its mean time, and times are
     * compared as ratios. NaN interval and p with fewer than two values on either side, or with a value that is not a
     * positive number (a fork that measured nothing), which has no logarithm.
     */
    public static LogRatio welchLog(double[] a, double[] b, double alpha) {
        if (java.util.stream.DoubleStream.concat(Arrays.stream(a), Arrays.stream(b)).anyMatch(v -> !(v > 0) || Double.isInfinite(v))) {
            return new LogRatio(Double.NaN, Double.NaN, Double.NaN, Double.NaN, a.length, b.length);
        }
        double[] la = Arrays.stream(a).map(Math::log).toArray();
        double[] lb = Arrays.stream(b).map(Math::log).toArray();
        double d = mean(la) - mean(lb);
        if (la.length < 2 || lb.length < 2) {
            return new LogRatio(Math.exp(d), Double.NaN, Double.NaN, Double.NaN, la.length, lb.length);
        }
        double va = StatUtils.variance(la) / la.length;
        double vb = StatUtils.variance(lb) / lb.length;
        double se = Math.sqrt(va + vb);
        if (se == 0) {
            double p = d == 0 ? 1 : 0;
            return new LogRatio(Math.exp(d), Math.exp(d), Math.exp(d), p, la.length, lb.length);
        }
        double df = (va + vb) * (va + vb) / (va * va / (la.length - 1) + vb * vb / (lb.length - 1));
        TDistribution t = new TDistribution(df);
        double h = t.inverseCumulativeProbability(1 - alpha / 2) * se;
        double p = 2 * t.cumulativeProbability(-Math.abs(d / se));
        return new LogRatio(Math.exp(d), Math.exp(d - h), Math.exp(d + h), p, la.length, lb.length);
    }
}
