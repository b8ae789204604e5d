package io.seqbench.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.seqbench.bench.speed.Flops;
import io.seqbench.bench.speed.ForkPool;
import io.seqbench.bench.speed.ScalingCase;
import io.seqbench.bench.speed.SpeedCase;
import io.seqbench.bench.speed.SpeedReport;
import io.seqbench.bench.speed.SpeedRunner;
import io.seqbench.bench.speed.SpeedVerdicts;
import io.seqbench.bench.stats.Statistics;
import io.seqbench.common.scaling.ScalingCurves;
import io.seqbench.common.scaling.ScalingPoint;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * The scaling section of a run's README, from {@code scaling-jmh.json}: per curve, a log-log plot of epoch time
 * against the factor (one colour per backend), a table of each point's time with its interval over forks, GFLOP/s and
 * % of the measured peak, and generated sentences on where one backend overtakes another. Each pair of backends is
 * compared at each point by {@link Statistics#welchLog} on the forks, Bonferroni-corrected within the curve at
 * {@link SpeedVerdicts#LEVEL}; a crossover is named only between two points whose verdicts find opposite winners.
 */
public final class ScalingReport {
    /** One point of one backend: its time and the fork means it came from. */
    record Measured(ScalingPoint point, String backend, SpeedReport.Timing time, double[] forks) {
    }

    private ScalingReport() {
    }

    /** The section, writing its plots into {@code dir/plots}; empty when the directory has no scaling run. */
    public static String markdown(Path dir) throws IOException {
        Path file = dir.resolve(SpeedRunner.SCALING_JMH);
        if (!Files.exists(file)) {
            return "";
        }
        JsonNode jmh = SpeedReport.readJmh(file);
        List<Measured> all = measured(jmh);
        SpeedReport.Score peak = SpeedReport.measuredPeak(jmh).values().stream()
                .max(Comparator.comparingDouble(SpeedReport.Score::score)).orElse(null);
        StringBuilder md = new StringBuilder("\n## Scaling\n\n");
        md.append(String.format(Locale.ROOT, "How each stepped backend's epoch time grows as one factor grows and the others "
                + "stay at the centre (LSTM: %s; dense stack: %s): seeded data of %d rows of %d features (the mean of the "
                + "inputs as target), Adam and MSE, timed as the speed matrix times an epoch (JMH, every fork a fresh JVM, "
                + "forks interleaved). Each point is the geometric mean of its forks' means with its 95%% interval; GFLOP/s "
                + "counts the training FLOPs as the speed table does; %% peak is against %s. A pair of backends is compared "
                + "at each point by Welch's t on the forks' log times, Bonferroni-corrected within the curve at %.2f; a "
                + "crossover is named where two neighbouring points' verdicts find opposite winners. From `%s`.",
                ScalingCurves.LSTM_CENTRE.id(), ScalingCurves.DENSE_CENTRE.id(), ScalingPoint.ROWS, ScalingPoint.FEATURES,
                peak == null ? "no measured peak (none in this run)" : "the best measured engine peak, "
                        + SpeedReport.fmt(peak.score()) + " GFLOP/s", SpeedVerdicts.LEVEL, SpeedRunner.SCALING_JMH))
                .append(SpeedReport.describeInfo(SpeedReport.readInfo(dir.resolve(SpeedRunner.SCALING_INFO)))).append("\n\n");
        Files.createDirectories(dir.resolve("plots"));
        for (ScalingCurves.Curve curve : ScalingCurves.all()) {
            List<Measured> mine = on(curve, all);
            if (mine.isEmpty()) {
                continue;
            }
            String png = "scaling-" + curve.factor() + ".png";
            BitmapEncoder.saveBitmap(plot(curve, mine), dir.resolve("plots").resolve(png).toString(),
                    BitmapEncoder.BitmapFormat.PNG);
            md.append("### ").append(capitalised(curve.label())).append("\n\n");
            crossovers(curve, mine).forEach(s -> md.append("- ").append(s).append('\n'));
            md.append("\n![Epoch time against ").append(curve.label()).append(", log-log, one line per backend](plots/")
                    .append(png).append(")\n\n");
            md.append("| ").append(curve.label()).append(" | backend | epoch (ms) [95%] | x fastest | GFLOP/s | % peak |\n")
                    .append("|---|---|---|---|---|---|\n");
            for (int i = 0; i < curve.values().size(); i++) {
                ScalingPoint p = curve.points().get(i);
                List<Measured> here = at(mine, p);
                for (Measured m : here) {
                    double flops = Flops.trainEpoch(p.spec(), ScalingPoint.ROWS, p.length(), ScalingPoint.FEATURES);
                    double g = flops / (m.time().ms() / 1000) / 1e9;
                    md.append(String.format(Locale.ROOT, "| %d | %s | %s | %.2f | %.3f | %s |%n", curve.values().get(i),
                            m.backend(), m.time().show(), m.time().ms() / here.get(0).time().ms(), g,
                            peak == null ? "" : String.format(Locale.ROOT, "%.2f%%", 100 * g / peak.score())));
                }
            }
            md.append('\n');
        }
        return md.toString();
    }

    /** The points measured on a curve, or none where fewer than two of its points were (the centre alone, timed for another curve, is no curve). */
    static List<Measured> on(ScalingCurves.Curve curve, List<Measured> all) {
        List<Measured> mine = all.stream().filter(m -> curve.points().contains(m.point())).toList();
        return mine.stream().map(Measured::point).distinct().count() < 2 ? List.of() : mine;
    }

    /** The backends measured at a point, fastest first. */
    static List<Measured> at(List<Measured> mine, ScalingPoint p) {
        return mine.stream().filter(m -> m.point().equals(p)).sorted(Comparator.comparingDouble(m -> m.time().ms())).toList();
    }

    /** Every scaling case of the file with its time. */
    static List<Measured> measured(JsonNode jmh) {
        List<Measured> out = new ArrayList<>();
        for (JsonNode n : jmh) {
            if (n.path("benchmark").asText().endsWith("ScalingBenchmark.epoch")) {
                String cell = n.get("params").get("cell").asText();
                double[] forks = ForkPool.forkMeans(n);
                out.add(new Measured(ScalingCase.point(cell), SpeedCase.backendOf(cell),
                        SpeedReport.Timing.of(forks, SpeedReport.Score.of(n)), forks));
            }
        }
        return out;
    }

    /**
     * For each pair of backends on the curve, one sentence: where one overtakes the other (between two neighbouring
     * resolved points with opposite winners), else who is faster where a verdict resolves, else that none does.
     */
    static List<String> crossovers(ScalingCurves.Curve curve, List<Measured> mine) {
        List<String> backends = new ArrayList<>(new TreeSet<>(mine.stream().map(Measured::backend).toList()));
        double alpha = alpha(curve, backends.size());
        String factor = curve.symbol();
        List<String> out = new ArrayList<>();
        for (int i = 0; i < backends.size(); i++) {
            for (int j = i + 1; j < backends.size(); j++) {
                String a = backends.get(i);
                String b = backends.get(j);
                Map<Integer, String> verdicts = new LinkedHashMap<>();
                Map<Integer, String> winners = new LinkedHashMap<>();
                for (int k = 0; k < curve.points().size(); k++) {
                    Measured ma = find(mine, curve.points().get(k), a);
                    Measured mb = find(mine, curve.points().get(k), b);
                    if (ma == null || mb == null) {
                        continue;
                    }
                    Statistics.LogRatio r = Statistics.welchLog(ma.forks(), mb.forks(), alpha);
                    String v = SpeedVerdicts.verdict(a, b, r);
                    int value = curve.values().get(k);
                    verdicts.put(value, v);
                    winners.put(value, SpeedVerdicts.winner(a, b, r));
                }
                out.add(sentence(a, b, factor, verdicts, winners));
            }
        }
        return out;
    }

    /**
     * The level of each pairwise verdict on a curve: {@link SpeedVerdicts#LEVEL} Bonferroni-corrected over every pair of
     * its {@code backends} at every point of the curve.
     */
    static double alpha(ScalingCurves.Curve curve, int backends) {
        return SpeedVerdicts.LEVEL / Math.max(1, backends * (backends - 1) / 2 * curve.points().size());
    }

    private static String sentence(String a, String b, String factor, Map<Integer, String> verdicts,
                                   Map<Integer, String> winners) {
        List<Integer> resolved = winners.entrySet().stream().filter(e -> e.getValue() != null).map(Map.Entry::getKey).toList();
        if (verdicts.isEmpty()) {
            return a + " and " + b + " share no point of this curve.";
        }
        if (resolved.isEmpty()) {
            return a + " against " + b + ": no difference detected at any of " + verdicts.size() + " points"
                    + (verdicts.values().iterator().next().startsWith("no test") ? " (too few forks for a test)." : ".");
        }
        List<String> changes = new ArrayList<>();
        for (int k = 1; k < resolved.size(); k++) {
            int before = resolved.get(k - 1);
            int after = resolved.get(k);
            if (!winners.get(before).equals(winners.get(after))) {
                changes.add(winners.get(after) + " overtakes " + winners.get(before) + " between " + factor + "=" + before
                        + " (" + verdicts.get(before) + ") and " + factor + "=" + after + " (" + verdicts.get(after) + ")");
            }
        }
        if (!changes.isEmpty()) {
            return String.join("; ", changes) + ".";
        }
        String winner = winners.get(resolved.get(0));
        return String.format(Locale.ROOT, "%s is faster than %s at %d of %d points (%s=%d to %d)%s.", winner,
                winner.equals(a) ? b : a, resolved.size(), verdicts.size(), factor, resolved.get(0),
                resolved.get(resolved.size() - 1), resolved.size() == verdicts.size() ? ""
                        : "; no difference detected at the others");
    }

    static Measured find(List<Measured> all, ScalingPoint p, String backend) {
        return all.stream().filter(m -> m.point().equals(p) && m.backend().equals(backend)).findFirst().orElse(null);
    }

    private static XYChart plot(ScalingCurves.Curve curve, List<Measured> mine) {
        XYChart chart = new XYChartBuilder().width(640).height(420).title("Epoch time against " + curve.label())
                .xAxisTitle(curve.label()).yAxisTitle("ms per epoch").build();
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        chart.getStyler().setLegendFont(chart.getStyler().getLegendFont().deriveFont(13f));
        for (String backend : new TreeSet<>(mine.stream().map(Measured::backend).toList())) {
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            for (int i = 0; i < curve.points().size(); i++) {
                Measured m = find(mine, curve.points().get(i), backend);
                if (m != null) {
                    x.add((double) curve.values().get(i));
                    y.add(m.time().ms());
                }
            }
            XYSeries s = chart.addSeries(backend, x, y);
            s.setMarker(SeriesMarkers.CIRCLE);
            s.setLineColor(BackendColours.awt(backend));
            s.setMarkerColor(BackendColours.awt(backend));
        }
        return chart;
    }

    private static String capitalised(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
