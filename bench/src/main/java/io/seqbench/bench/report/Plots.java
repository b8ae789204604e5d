package io.seqbench.bench.report;

import io.seqbench.bench.results.CellParams;
import io.seqbench.common.result.CellResult;
import io.seqbench.common.result.CellStatus;
import io.seqbench.common.result.EpochPoint;
import io.seqbench.common.tasks.Target;
import io.seqbench.common.tasks.TaskModel;
import io.seqbench.common.tasks.Task;
import io.seqbench.common.tasks.Tasks;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.seqbench.bench.stats.Statistics.mean;

/**
 * {@code plots/*.png}: per task, the target metric against epochs, one panel per model with every seed and the target
 * line, and the meanones coverage curve. One colour per backend ({@link BackendColours}) in every picture. The x axis is
 * epochs, not time: wall-clock time is not speed (JMH is), and the epochs a model needs are the same on every exact
 * backend.
 */
public final class Plots {
    public static final String DIR = "plots";
    /** Panels per row of a task's picture. */
    private static final int COLUMNS = 3;

    private Plots() {
    }

    public static void write(Path dir, List<CellResult> cells) throws IOException {
        Files.createDirectories(dir.resolve(DIR));
        for (Task t : Tasks.all()) {
            List<CellResult> mine = cells.stream().filter(c -> c.task().equals(t.id())).toList();
            List<XYChart> panels = progressPanels(t, mine);
            if (!panels.isEmpty()) {
                grid(panels, dir.resolve(DIR).resolve(t.id() + "-progress.png"));
            }
        }
        List<CellResult> meanones = cells.stream().filter(c -> c.task().equals("meanones")).toList();
        if (!meanones.isEmpty()) {
            save(coveragePlot(meanones), dir.resolve(DIR).resolve("meanones-coverage"));
        }
    }

    /** The panels side by side, {@link #COLUMNS} to a row, white where the last row is short. */
    private static void grid(List<XYChart> panels, Path png) throws IOException {
        int cols = Math.min(COLUMNS, panels.size());
        int rows = (panels.size() + cols - 1) / cols;
        int w = panels.get(0).getWidth();
        int h = panels.get(0).getHeight();
        java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(cols * w, rows * h,
                java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = image.createGraphics();
        g.setColor(java.awt.Color.WHITE);
        g.fillRect(0, 0, cols * w, rows * h);
        for (int i = 0; i < panels.size(); i++) {
            g.drawImage(BitmapEncoder.getBufferedImage(panels.get(i)), (i % cols) * w, (i / cols) * h, null);
        }
        g.dispose();
        javax.imageio.ImageIO.write(image, "png", png.toFile());
    }

    private static void save(XYChart chart, Path withoutExtension) {
        try {
            BitmapEncoder.saveBitmap(chart, withoutExtension.toString(), BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * One panel per model of the task (with its data parameters): the target metric of every check against its epoch,
     * every seed, a line per backend and seed in the backend's colour (one legend entry per backend), and the target
     * as a dashed black line; log y.
     */
    public static List<XYChart> progressPanels(Task t, List<CellResult> cells) {
        List<XYChart> panels = new ArrayList<>();
        Map<String, List<CellResult>> byModel = new LinkedHashMap<>();
        for (TaskModel m : t.models()) {
            cells.stream().filter(c -> c.model().equals(m.name())).forEach(c ->
                    byModel.computeIfAbsent(Verdicts.model(c), k -> new ArrayList<>()).add(c));
        }
        byModel.forEach((model, mine) -> {
            XYChart chart = new XYChartBuilder().width(460).height(360).title(t.id() + " " + model)
                    .xAxisTitle("epoch").yAxisTitle(t.target().metric() == Target.Metric.PROBE_RELATIVE_ERROR
                            ? "probe relative error" : "held-out RMSE").build();
            chart.getStyler().setYAxisLogarithmic(true);
            chart.getStyler().setMarkerSize(0);
            chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS); // below: never over a curve
            chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
            chart.getStyler().setLegendFont(chart.getStyler().getLegendFont().deriveFont(13f));
            chart.getStyler().setChartTitleFont(chart.getStyler().getChartTitleFont().deriveFont(14f));
            java.util.Set<String> named = new java.util.HashSet<>();
            int lastEpoch = 0;
            for (CellResult c : mine) {
                List<Double> x = new ArrayList<>();
                List<Double> y = new ArrayList<>();
                for (EpochPoint p : c.checks()) {
                    if (p.targetMetric() != null && p.targetMetric() > 0 && Double.isFinite(p.targetMetric())) {
                        x.add((double) p.epoch());
                        y.add(p.targetMetric());
                    }
                }
                if (x.size() < 2) {
                    continue;
                }
                lastEpoch = Math.max(lastEpoch, c.epochsRun());
                boolean first = named.add(c.backend());
                XYSeries s = chart.addSeries(first ? c.backend() : c.backend() + " seed " + c.seed(), x, y);
                s.setMarker(SeriesMarkers.NONE).setLineColor(BackendColours.awt(c.backend())).setShowInLegend(first);
                s.setLineWidth(1.2f);
            }
            if (!named.isEmpty()) {
                XYSeries target = chart.addSeries("target", List.of(1.0, (double) Math.max(2, lastEpoch)),
                        List.of(t.target().threshold(), t.target().threshold()));
                target.setMarker(SeriesMarkers.NONE).setLineColor(java.awt.Color.BLACK)
                        .setLineStyle(new java.awt.BasicStroke(1.5f, java.awt.BasicStroke.CAP_BUTT,
                                java.awt.BasicStroke.JOIN_MITER, 10f, new float[]{6f, 4f}, 0f));
                panels.add(chart);
            }
        });
        return panels;
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
                points.values().stream().map(v -> mean(v.stream().mapToDouble(Double::doubleValue).toArray())).toList())
                .setMarkerColor(BackendColours.awt(name.split(" ")[0])));
        return chart;
    }
}
