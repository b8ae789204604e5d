package io.seqbench.bench.report;

import java.util.Locale;
import java.util.stream.Collectors;

/** How the tables print numbers: two decimals or three significant digits, percentages, durations, memory. */
public final class Format {
    private Format() {
    }

    public static String fmt(double v) {
        if (!Double.isFinite(v)) {
            return Double.toString(v);
        }
        double a = Math.abs(v);
        return a != 0 && (a >= 1e6 || a < 1e-3) ? String.format(Locale.ROOT, "%.3g", v) : String.format(Locale.ROOT, "%.2f", v);
    }

    public static String fmtVector(double[] v) {
        return v.length == 1 ? fmt(v[0]) : "[" + java.util.Arrays.stream(v).mapToObj(Format::fmt).collect(Collectors.joining(", ")) + "]";
    }

    public static String pct(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.2f%%", 100 * v) : String.valueOf(v);
    }

    public static String ms(double v) {
        return v >= 1000 ? String.format(Locale.ROOT, "%.1f s", v / 1000) : String.format(Locale.ROOT, "%.0f ms", v);
    }

    /**
     * Memory as a reader takes it in: whole MB from 1 MB, kB below (a DJL or TensorFlow cell's peak above its worker's
     * level is tens of kB, which "0 MB" would hide).
     */
    public static String memory(double kb) {
        return kb >= 1024 ? String.format(Locale.ROOT, "%.0f MB", kb / 1024) : String.format(Locale.ROOT, "%.0f kB", kb);
    }

    /** A data value as written in the catalogue: an integer as an integer, otherwise as {@link #fmt} writes it. */
    public static String fmtPlain(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : fmt(v);
    }

}
