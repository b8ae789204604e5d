package io.seqbench.common.metrics;

/**
 * Error metrics in original units. Multi-output targets are flattened for RMSE, MAE and max error; R^2 is the
 * uniform average of the per-output R^2 (scikit-learn's default), and NaN where the truth has no variance.
 */
public final class Metrics {
    private Metrics() {
    }

    /** Held-out quality of one trained model. */
    public record Regression(double rmse, double mae, double r2, double maxAbsError, int samples) {
    }

    public static Regression regression(double[][] truth, double[][] prediction) {
        checkShapes(truth, prediction);
        int n = truth.length;
        if (n == 0) {
            return new Regression(Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0);
        }
        int outputs = truth[0].length;
        double sq = 0;
        double abs = 0;
        double max = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < outputs; j++) {
                double e = prediction[i][j] - truth[i][j];
                sq += e * e;
                abs += Math.abs(e);
                max = Math.max(max, Math.abs(e));
                if (Double.isNaN(e)) {
                    max = Double.NaN;
                }
            }
        }
        double count = (double) n * outputs;
        return new Regression(Math.sqrt(sq / count), abs / count, r2(truth, prediction), max, n);
    }

    /** Uniform average over outputs of 1 - SS_res / SS_tot. */
    public static double r2(double[][] truth, double[][] prediction) {
        checkShapes(truth, prediction);
        int n = truth.length;
        if (n < 2) {
            return Double.NaN;
        }
        int outputs = truth[0].length;
        double sum = 0;
        for (int j = 0; j < outputs; j++) {
            double mean = 0;
            for (double[] row : truth) {
                mean += row[j];
            }
            mean /= n;
            double ssRes = 0;
            double ssTot = 0;
            for (int i = 0; i < n; i++) {
                ssRes += sq(truth[i][j] - prediction[i][j]);
                ssTot += sq(truth[i][j] - mean);
            }
            if (ssTot == 0) {
                return Double.NaN;
            }
            sum += 1 - ssRes / ssTot;
        }
        return sum / outputs;
    }

    /** Absolute error of each output. */
    public static double[] absoluteErrors(double[] truth, double[] prediction) {
        double[] out = new double[truth.length];
        for (int j = 0; j < truth.length; j++) {
            out[j] = Math.abs(prediction[j] - truth[j]);
        }
        return out;
    }

    /** |prediction - truth| / |truth| per output (infinite where the truth is 0 and the prediction is not). */
    public static double[] relativeErrors(double[] truth, double[] prediction) {
        double[] out = new double[truth.length];
        for (int j = 0; j < truth.length; j++) {
            double e = Math.abs(prediction[j] - truth[j]);
            out[j] = e == 0 ? 0 : e / Math.abs(truth[j]);
        }
        return out;
    }

    /** The largest element, or NaN if any element is NaN. */
    public static double max(double[] values) {
        double m = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            if (Double.isNaN(v)) {
                return Double.NaN;
            }
            m = Math.max(m, v);
        }
        return m;
    }

    private static double sq(double v) {
        return v * v;
    }

    private static void checkShapes(double[][] truth, double[][] prediction) {
        if (truth.length != prediction.length) {
            throw new IllegalArgumentException("truth has " + truth.length + " rows, prediction " + prediction.length);
        }
        for (int i = 0; i < truth.length; i++) {
            if (truth[i].length != prediction[i].length) {
                throw new IllegalArgumentException("row " + i + ": truth has " + truth[i].length
                        + " outputs, prediction " + prediction[i].length);
            }
        }
    }
}
