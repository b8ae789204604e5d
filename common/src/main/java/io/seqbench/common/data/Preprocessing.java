package io.seqbench.common.data;

import java.util.Locale;

/**
 * How inputs and targets are transformed before training. Always fitted on the training split only, and
 * inverted before any metric so that errors are in the task's original units.
 *
 * <ul>
 *   <li>{@code raw}: unchanged.</li>
 *   <li>{@code standardise}: per input feature and per output, subtract the training mean and divide by the
 *       training standard deviation.</li>
 *   <li>{@code scale(x,y)}: divide inputs by {@code xDivisor} and targets by {@code yDivisor} (fixed constants,
 *       as the sumpairs and square questions did).</li>
 *   <li>{@code log}: {@code ln(1 + v)} on inputs and targets, then standardise (progression's targets span five
 *       orders of magnitude).</li>
 * </ul>
 */
public record Preprocessing(Kind kind, double xDivisor, double yDivisor) {

    /** The kinds of preprocessing. */
    public enum Kind { RAW, STANDARDISE, SCALE, LOG }

    public static final Preprocessing RAW = new Preprocessing(Kind.RAW, 1, 1);
    public static final Preprocessing STANDARDISE = new Preprocessing(Kind.STANDARDISE, 1, 1);
    public static final Preprocessing LOG = new Preprocessing(Kind.LOG, 1, 1);

    public Preprocessing {
        if (!(xDivisor > 0) || !(yDivisor > 0)) {
            throw new IllegalArgumentException("scale divisors must be > 0, got " + xDivisor + ", " + yDivisor);
        }
    }

    public static Preprocessing scale(double xDivisor, double yDivisor) {
        return new Preprocessing(Kind.SCALE, xDivisor, yDivisor);
    }

    /** Stable id used in result files and tables, e.g. {@code standardise} or {@code scale(1000,1e+06)}. */
    public String id() {
        return switch (kind) {
            case RAW -> "raw";
            case STANDARDISE -> "standardise";
            case LOG -> "log";
            case SCALE -> String.format(Locale.ROOT, "scale(%s,%s)", fmt(xDivisor), fmt(yDivisor));
        };
    }

    private static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e7 ? Long.toString((long) v) : Double.toString(v);
    }

    /** Fits the transform on the training split. */
    public Fitted fit(Dataset train) {
        int f = train.features();
        int o = train.outputs();
        double[] xMean = new double[f];
        double[] xSd = filled(f, 1);
        double[] yMean = new double[o];
        double[] ySd = filled(o, 1);
        switch (kind) {
            case RAW -> { }
            case SCALE -> {
                java.util.Arrays.fill(xSd, xDivisor);
                java.util.Arrays.fill(ySd, yDivisor);
            }
            case STANDARDISE, LOG -> {
                boolean log = kind == Kind.LOG;
                for (int j = 0; j < f; j++) {
                    Moments m = new Moments();
                    for (double[][] sample : train.x()) {
                        for (double[] step : sample) {
                            m.add(log ? Math.log1p(step[j]) : step[j]);
                        }
                    }
                    xMean[j] = m.mean();
                    xSd[j] = m.sdOrOne();
                }
                for (int j = 0; j < o; j++) {
                    Moments m = new Moments();
                    for (double[] row : train.y()) {
                        m.add(log ? Math.log1p(row[j]) : row[j]);
                    }
                    yMean[j] = m.mean();
                    ySd[j] = m.sdOrOne();
                }
            }
        }
        return new Fitted(kind == Kind.LOG, xMean, xSd, yMean, ySd);
    }

    private static double[] filled(int n, double v) {
        double[] a = new double[n];
        java.util.Arrays.fill(a, v);
        return a;
    }

    /** Population mean and standard deviation, accumulated in one pass (Welford). */
    private static final class Moments {
        private long n;
        private double mean;
        private double m2;

        void add(double v) {
            n++;
            double d = v - mean;
            mean += d / n;
            m2 += d * (v - mean);
        }

        double mean() {
            return mean;
        }

        /** A constant feature keeps scale 1 rather than dividing by zero. */
        double sdOrOne() {
            double sd = n > 0 ? Math.sqrt(m2 / n) : 0;
            return sd > 0 ? sd : 1;
        }
    }

    /**
     * A preprocessing fitted on one training split: v' = (g(v) - mean) / sd with g = ln(1 + v) for log and the
     * identity otherwise. Immutable.
     */
    public static final class Fitted {
        private final boolean log;
        private final double[] xMean;
        private final double[] xSd;
        private final double[] yMean;
        private final double[] ySd;

        Fitted(boolean log, double[] xMean, double[] xSd, double[] yMean, double[] ySd) {
            this.log = log;
            this.xMean = xMean;
            this.xSd = xSd;
            this.yMean = yMean;
            this.ySd = ySd;
        }

        public double[][][] transformX(double[][][] x) {
            double[][][] out = new double[x.length][][];
            for (int i = 0; i < x.length; i++) {
                out[i] = transformSteps(x[i]);
            }
            return out;
        }

        public double[][] transformSteps(double[][] steps) {
            double[][] out = new double[steps.length][];
            for (int t = 0; t < steps.length; t++) {
                out[t] = new double[steps[t].length];
                for (int j = 0; j < steps[t].length; j++) {
                    out[t][j] = (g(steps[t][j]) - xMean[j]) / xSd[j];
                }
            }
            return out;
        }

        public double[][] transformY(double[][] y) {
            double[][] out = new double[y.length][];
            for (int i = 0; i < y.length; i++) {
                out[i] = new double[y[i].length];
                for (int j = 0; j < y[i].length; j++) {
                    out[i][j] = (g(y[i][j]) - yMean[j]) / ySd[j];
                }
            }
            return out;
        }

        /** Maps model outputs back to original units. */
        public double[][] inverseY(double[][] y) {
            double[][] out = new double[y.length][];
            for (int i = 0; i < y.length; i++) {
                out[i] = new double[y[i].length];
                for (int j = 0; j < y[i].length; j++) {
                    double v = y[i][j] * ySd[j] + yMean[j];
                    out[i][j] = log ? Math.expm1(v) : v;
                }
            }
            return out;
        }

        public Dataset transform(Dataset d) {
            return new Dataset(transformX(d.x()), transformY(d.y()));
        }

        private double g(double v) {
            return log ? Math.log1p(v) : v;
        }
    }
}
