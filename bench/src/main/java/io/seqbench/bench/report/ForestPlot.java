package io.seqbench.bench.report;

import io.seqbench.bench.speed.SpeedVerdicts;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Every speed verdict on one picture: one row per verdict, the speed-up of the faster backend (the slower one's epoch
 * time over the faster one's, so every point is at least 1) with its interval at the verdict's own level, on one log
 * axis, sorted from the largest speed-up down. A filled point in the faster backend's colour where the verdict finds a
 * difference; a hollow grey one where it does not. An SVG written by hand, because a forest plot is a few lines and
 * rectangles and the page inlines it (its rows can be counted).
 */
public final class ForestPlot {
    public static final String FILE = "speed-forest.svg";
    private static final int LABEL = 360;
    private static final int PLOT = 560;
    private static final int ROW = 18;
    private static final int KEY = 32;
    private static final int TOP = 62; // the title, the key and the top tick labels above the first row

    private ForestPlot() {
    }

    /** One drawn row: the faster backend first, its speed-up and interval. */
    record Row(String label, String faster, double speedup, double low, double high, boolean different) {
        static Row of(SpeedVerdicts.Verdict v) {
            boolean aFaster = !(v.ratio() > 1); // ratio is a's time over b's
            String faster = aFaster ? v.a() : v.b();
            String slower = aFaster ? v.b() : v.a();
            String label = v.task() + " " + v.model() + (v.params().equals("-") ? "" : " @" + v.params()) + ": " + faster
                    + " vs " + slower;
            return aFaster ? new Row(label, faster, 1 / v.ratio(), 1 / v.high(), 1 / v.low(), v.verdict().contains(" faster by "))
                    : new Row(label, faster, v.ratio(), v.low(), v.high(), v.verdict().contains(" faster by "));
        }
    }

    public static String svg(List<SpeedVerdicts.Verdict> verdicts) {
        List<Row> rows = new ArrayList<>(verdicts.stream().map(Row::of).toList());
        rows.sort(Comparator.comparingDouble((Row r) -> Double.isFinite(r.speedup()) ? -r.speedup() : 0));
        double min = 1;
        double max = 1;
        for (Row r : rows) {
            for (double v : new double[]{r.speedup(), r.low(), r.high()}) {
                if (Double.isFinite(v) && v > 0) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        double lo = Math.log(min / 1.1);
        double hi = Math.log(max * 1.1);
        int end = TOP + ROW * rows.size();
        int height = end + 24;
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
                + "class=\"forest\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" "
                + "font-size=\"12\" role=\"img\">%n", LABEL + PLOT + 20, height, LABEL + PLOT + 20, height));
        s.append("<title>Speed verdicts: the faster backend's speed-up per epoch with its interval, log scale</title>\n");
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"16\" font-weight=\"bold\">Per-epoch speed-up of the faster "
                + "backend (slower's epoch time / faster's), interval at the verdict's level; log scale</text>%n", 0));
        double[] ticks = {0.5, 0.8, 1, 1.5, 2, 3, 5, 10, 20, 50, 100};
        for (double t : ticks) {
            if (Math.log(t) < lo || Math.log(t) > hi) {
                continue;
            }
            double x = x(t, lo, hi);
            s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\" stroke=\"%s\"/>"
                            + "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%sx</text>"
                            + "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%sx</text>%n", x, x, TOP - 6, end,
                    t == 1 ? "#444" : "#ddd", x, TOP - 10, Format.fmtPlain(t), x, end + 14, Format.fmtPlain(t)));
        }
        // the key, under the title so that the first screen has it: the faster backend's colour where the verdict
        // finds a difference, hollow grey where it does not
        List<String> named = rows.stream().filter(Row::different).map(Row::faster).distinct().sorted().toList();
        int kx = 8;
        for (String b : named) {
            s.append(String.format(Locale.ROOT, "<circle cx=\"%d\" cy=\"%d\" r=\"4\" fill=\"%s\"/><text x=\"%d\" y=\"%d\">"
                    + "%s faster</text>", kx, KEY, BackendColours.hex(b), kx + 8, KEY + 4, escape(b)));
            kx += 30 + 8 * (b.length() + 7);
        }
        s.append(String.format(Locale.ROOT, "<circle cx=\"%d\" cy=\"%d\" r=\"4\" fill=\"white\" stroke=\"#999\" "
                + "stroke-width=\"1.5\"/><text x=\"%d\" y=\"%d\">no difference detected</text>%n", kx, KEY, kx + 8,
                KEY + 4));
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            int y = TOP + ROW * i + ROW / 2;
            String colour = r.different() ? BackendColours.hex(r.faster()) : "#999";
            s.append(String.format(Locale.ROOT, "<g class=\"forest-row\"><text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>",
                    LABEL - 8, y + 4, escape(r.label())));
            if (Double.isFinite(r.low()) && Double.isFinite(r.high())) {
                s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\" stroke=\"%s\" "
                        + "stroke-width=\"2\"/>", x(r.low(), lo, hi), x(r.high(), lo, hi), y, y, colour));
            }
            if (Double.isFinite(r.speedup())) {
                s.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%d\" r=\"4\" fill=\"%s\" stroke=\"%s\" "
                        + "stroke-width=\"1.5\"><title>%s: %sx [%s, %s]</title></circle>", x(r.speedup(), lo, hi), y,
                        r.different() ? colour : "white", colour, escape(r.label()), Format.fmt(r.speedup()),
                        Format.fmt(r.low()), Format.fmt(r.high())));
            }
            s.append("</g>\n");
        }
        return s.append("</svg>\n").toString();
    }

    private static double x(double v, double lo, double hi) {
        return LABEL + PLOT * (Math.log(v) - lo) / (hi - lo);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
