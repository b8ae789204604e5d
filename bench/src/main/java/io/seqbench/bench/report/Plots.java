package io.seqbench.bench.report;

import io.seqbench.bench.results.CellParams;
import io.seqbench.common.result.CellResult;
import io.seqbench.common.result.CellStatus;
import io.seqbench.common.tasks.Task;
import io.seqbench.common.tasks.Tasks;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.seqbench.bench.stats.Statistics.mean;

/** {@code plots/*.png}: the loss against training time of every task, and the meanones coverage curve. */
public final class Plots {
    public static final String DIR = "plots";

    private Plots() {
    }

    public static void write(Path dir, List<CellResult> cells) throws IOException {
        Files.createDirectories(dir.resolve(DIR));
        for (Task t : Tasks.all()) {
            List<CellResult> mine = cells.stream().filter(c -> c.task().equals(t.id())).toList();
            if (!mine.isEmpty()) {
                lossPlot(t, mine).ifPresent(chart -> save(chart, dir.resolve(DIR).resolve(t.id() + "-loss")));
            }
        }
        List<CellResult> meanones = cells.stream().filter(c -> c.task().equals("meanones")).toList();
        if (!meanones.isEmpty()) {
            save(coveragePlot(meanones), dir.resolve(DIR).resolve("meanones-coverage"));
        }
    }

    private static void save(XYChart chart, Path withoutExtension) {
        try {
            BitmapEncoder.saveBitmap(chart, withoutExtension.toString(), BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Training loss against training time, seed 1, one series per backend and model; log scale. */
    public static Optional<XYChart> lossPlot(Task t, List<CellResult> cells) {
        XYChart chart = new XYChartBuilder().width(1000).height(600).title(t.id() + ": training loss against training time (seed 1)")
                .xAxisTitle("training time (ms)").yAxisTitle("training loss (preprocessed units)").build();
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setMarkerSize(0);
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideE);
        int series = 0;
        for (CellResult c : cells) {
            if (c.seed() != cells.get(0).seed() || c.lossCurve() == null || c.lossCurve().length < 2) {
                continue;
            }
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            for (int i = 0; i < c.lossCurve().length; i++) {
                if (Float.isFinite(c.lossCurve()[i]) && c.lossCurve()[i] > 0) {
                    x.add((double) c.elapsedMsCurve()[i]);
                    y.add((double) c.lossCurve()[i]);
                }
            }
            if (x.size() < 2) {
                continue;
            }
            String name = c.backend() + " " + c.model() + (c.params().equals("-") ? "" : " " + c.params());
            if (chart.getSeriesMap().containsKey(name)) {
                continue;
            }
            chart.addSeries(name, x, y).setMarker(SeriesMarkers.NONE);
            series++;
        }
        return series == 0 ? Optional.empty() : Optional.of(chart);
    }

    /**
     * meanones: held-out RMSE against coverage N/(L+1), per backend and sequence length, from measured cells only
     * (mean over seeds). The source's findings are words (converged or not), not errors, so they are not drawn.
     */
    public static XYChart coveragePlot(List<CellResult> cells) {
        XYChart chart = new XYChartBuilder().width(900).height(600).title("meanones: held-out RMSE against data coverage N/(L+1)")
                .xAxisTitle("coverage N/(L+1)").yAxisTitle("held-out RMSE (mean over seeds)").build();
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setXAxisDecimalPattern("0.00");
        Map<String, Map<Double, List<Double>>> byBackend = new LinkedHashMap<>();
        for (CellResult c : cells) {
            if (c.status() != CellStatus.OK || !Double.isFinite(c.heldOut().rmse())) {
                continue;
            }
            Map<String, String> p = CellParams.parse(c.params());
            double coverage = Double.parseDouble(p.get("N")) / (Double.parseDouble(p.get("L")) + 1);
            byBackend.computeIfAbsent(c.backend() + " " + c.model() + " L=" + p.get("L"), k -> new java.util.TreeMap<>())
                    .computeIfAbsent(coverage, k -> new ArrayList<>()).add(c.heldOut().rmse());
        }
        byBackend.forEach((name, points) -> chart.addSeries(name, new ArrayList<>(points.keySet()),
                points.values().stream().map(v -> mean(v.stream().mapToDouble(Double::doubleValue).toArray())).toList()));
        return chart;
    }
}
