package io.seqbench.bench;

import io.seqbench.bench.speed.SetupComparison;
import io.seqbench.bench.speed.SpeedReport;
import io.seqbench.common.Experiment;
import io.seqbench.common.result.CellResult;
import io.seqbench.common.result.CellStatus;
import io.seqbench.common.result.ProbeOutcome;
import io.seqbench.common.result.RunProvenance;
import io.seqbench.common.tasks.Reference;
import io.seqbench.common.tasks.Task;
import io.seqbench.common.tasks.Tasks;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Every table and plot of a run, regenerated from its cells: {@code README.md} (one section per task), {@code
 * cells.csv} (one row per cell) and {@code plots/*.png} (loss against training time per task, and the meanones
 * coverage curve). Nothing here is edited by hand.
 */
final class Reports {
    static final String README = "README.md";
    static final String CSV = "cells.csv";
    static final String PLOTS = "plots";

    private Reports() {
    }

    static void write(Path dir, ResultStore.RunFile run, List<CellResult> cells) throws IOException {
        Files.createDirectories(dir.resolve(PLOTS));
        Files.writeString(dir.resolve(README), markdown(run, cells) + EquivalenceSection.markdown(dir)
                        + SpeedReport.markdown(dir, cells) + SetupComparison.markdown(dir),
                StandardCharsets.UTF_8);
        Files.writeString(dir.resolve(CSV), csv(cells), StandardCharsets.UTF_8);
        for (Task t : Tasks.all()) {
            List<CellResult> mine = cells.stream().filter(c -> c.task().equals(t.id())).toList();
            if (!mine.isEmpty()) {
                lossPlot(t, mine).ifPresent(chart -> save(chart, dir.resolve(PLOTS).resolve(t.id() + "-loss")));
            }
        }
        List<CellResult> meanones = cells.stream().filter(c -> c.task().equals("meanones")).toList();
        if (!meanones.isEmpty()) {
            save(coveragePlot(meanones), dir.resolve(PLOTS).resolve("meanones-coverage"));
        }
    }

    private static void save(XYChart chart, Path withoutExtension) {
        try {
            BitmapEncoder.saveBitmap(chart, withoutExtension.toString(), BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The cells of one table row: same task params, model, backend and preprocessing, over seeds. */
    record Row(String params, String model, String role, String backend, String preprocessing, List<CellResult> cells) {
        CellResult first() {
            return cells.get(0);
        }

        List<CellResult> ok() {
            return cells.stream().filter(c -> c.status() == CellStatus.OK).toList();
        }

        String status() {
            Map<CellStatus, Long> counts = cells.stream().collect(Collectors.groupingBy(CellResult::status,
                    LinkedHashMap::new, Collectors.counting()));
            if (counts.size() == 1) {
                CellStatus s = counts.keySet().iterator().next();
                return s == CellStatus.UNSUPPORTED ? "n/a" : s.name().toLowerCase();
            }
            return counts.entrySet().stream().map(e -> e.getValue() + " " + e.getKey().name().toLowerCase())
                    .collect(Collectors.joining(", "));
        }

        /** Cells whose final model meets the task's target. */
        long met() {
            return cells.stream().filter(c -> Boolean.TRUE.equals(c.targetMet())).count();
        }

        /** Cells that met the target at some check but whose final model does not. */
        List<CellResult> metThenLost() {
            return cells.stream().filter(c -> c.firstMet() != null && Boolean.FALSE.equals(c.targetMet())).toList();
        }
    }

    /** The backend, and which LSTM kernel ran where a backend has two (DJL: fused torch.lstm or the explicit cell). */
    static String backendLabel(Row row) {
        String lstm = row.first().backendDetails().getOrDefault("lstm", "");
        boolean fused = lstm.contains("fused");
        boolean explicit = lstm.contains("explicit");
        String kind = fused && explicit ? "fused + explicit LSTM" : fused ? "fused LSTM" : explicit ? "explicit LSTM cell" : "";
        return kind.isEmpty() ? row.backend() : row.backend() + " (" + kind + ")";
    }

    static List<Row> rows(List<CellResult> cells) {
        Map<String, List<CellResult>> groups = new LinkedHashMap<>();
        for (CellResult c : cells) {
            groups.computeIfAbsent(String.join("|", c.params(), c.model(), c.backend(), c.preprocessing()),
                    k -> new ArrayList<>()).add(c);
        }
        return groups.values().stream().map(l -> new Row(l.get(0).params(), l.get(0).model(), l.get(0).role(),
                        l.get(0).backend(), l.get(0).preprocessing(), l))
                .sorted(Comparator.comparing(Row::params).thenComparing(r -> r.role().equals("recipe") ? 0 : 1)
                        .thenComparing(Row::model).thenComparing(Row::backend))
                .toList();
    }

    static String markdown(ResultStore.RunFile run, List<CellResult> cells) {
        RunProvenance p = run.provenance();
        StringBuilder md = new StringBuilder();
        md.append("# seqbench results\n\n");
        md.append("Generated by `seqbench report` from `cells.jsonl` and `run.json` in this directory: do not edit by hand.\n\n");
        md.append("| run | profile | seeds | commit | JVM | CPU | cores |\n|---|---|---|---|---|---|---|\n");
        md.append(String.format(Locale.ROOT, "| %s | %s | %s | `%s` | %s | %s | %d |%n%n", p.runId(), p.profile(),
                p.seeds(), p.gitCommit(), p.jvm(), p.cpuModel(), p.cores()));
        md.append("Backends as run (versions, native library, threads):\n\n");
        p.backends().forEach((id, props) -> md.append("- **").append(id).append("**: ")
                .append(props.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining("; ")))
                .append('\n'));
        md.append("\nHow to read a table: one row per backend x model x preprocessing, over the seeds. Probe and errors are in\n"
                + "the task's original units; probe prediction is mean ± sd over seeds that finished. `n/a`: the backend cannot\n"
                + "express the model (the reason is in cells.csv). *Train* is training time without evaluation. *Target met*\n"
                + "counts the seeds whose final model meets the task's target (on every target probe); *first met at* is the\n"
                + "first periodic check that met it (median epoch and training time over those seeds), and a row says where a\n"
                + "model met the target and lost it again. A source's probe that its data does not determine is shown as\n"
                + "*(source: ...)* and is never part of the target. The quick\n"
                + "profile trains some long recipes for fewer epochs: the *epochs* column says what each row got. A backend with\n"
                + "two LSTM kernels says which ran: DJL's *fused LSTM* (PyTorch's torch.lstm, tanh only) or *explicit LSTM cell*\n"
                + "(per-step operations, for relu or masking); both are exact. *Runs the spec* says whether the backend ran the\n"
                + "model exactly (the same initial weights, batches, loss and optimiser as every exact backend; `verify` checks\n"
                + "it) or approximately, with the reason under the table. Speed claims\n"
                + "belong to the JMH section at the end (when `seqbench speed` has run on this directory), not to these wall times.\n");
        Map<String, List<CellResult>> byTask = cells.stream().collect(Collectors.groupingBy(CellResult::task,
                LinkedHashMap::new, Collectors.toList()));
        for (Task t : Tasks.all()) {
            List<CellResult> mine = byTask.get(t.id());
            if (mine == null) {
                continue;
            }
            md.append("\n## ").append(t.id()).append(": ").append(t.title()).append("\n\n");
            md.append("Target: ").append(t.target().describe()).append(".");
            md.append(" Plot: [loss against training time](plots/").append(t.id()).append("-loss.png)");
            if (t.id().equals("meanones")) {
                md.append(", [coverage curve](plots/meanones-coverage.png)");
            }
            md.append(".\n\n");
            if (!t.note().isEmpty()) {
                md.append(t.note()).append("\n\n");
            }
            md.append("| params | model | backend | runs the spec | prep | epochs | status | probe prediction | probe error | held-out RMSE | target met | first met at | train | parameters |\n");
            md.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
            for (Reference r : t.references()) {
                md.append(String.format(Locale.ROOT, "| | %s | *article (Keras)* | | | | | %s | %s | %s | | | | |%n", r.model(),
                        r.probePrediction() == null ? "" : fmtVector(r.probePrediction()),
                        r.probePrediction() == null ? "" : referenceError(t, r),
                        r.heldOutRmse() == null ? (r.note().isEmpty() ? "" : r.note()) : fmt(r.heldOutRmse()) + " " + r.note()));
            }
            List<Row> rows = rows(mine);
            for (Row row : rows) {
                md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n",
                        row.params(), row.model(), backendLabel(row), fidelity(row), row.preprocessing(), epochs(row), row.status(),
                        probePrediction(row), probeError(row), rmse(row), targetMet(row), firstMet(row), trainTime(row),
                        row.first().parameters() > 0 ? Long.toString(row.first().parameters()) : ""));
            }
            approximations(rows).forEach((backend, reason) -> md.append("\n*approximate* on ").append(backend)
                    .append(": ").append(reason).append('.'));
            md.append("\n\n").append(statement(t, rows)).append('\n');
        }
        return md.toString();
    }

    /** Whether the row's backend ran the spec exactly: {@code exact}, {@code approximate} or {@code n/a}. */
    static String fidelity(Row row) {
        String s = row.first().support();
        return s.startsWith("exact") ? "exact" : s.startsWith("approximate") ? "*approximate*" : "n/a";
    }

    /** Each backend's reason for an approximate row, once per backend and reason. */
    static Map<String, String> approximations(List<Row> rows) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Row r : rows) {
            String s = r.first().support();
            if (s.startsWith("approximate: ")) {
                out.merge(r.backend(), s.substring("approximate: ".length()), (a, b) -> a.equals(b) ? a : a + "; " + b);
            }
        }
        return out;
    }

    private static String referenceError(Task t, Reference r) {
        return t.generate(io.seqbench.common.tasks.TaskParams.resolve(t, Map.of()), 1).probes().stream().findFirst()
                .map(probe -> pct(maxRel(probe.truth(), r.probePrediction()))).orElse("");
    }

    private static double maxRel(double[] truth, double[] pred) {
        double m = 0;
        for (int i = 0; i < truth.length && i < pred.length; i++) {
            m = Math.max(m, Math.abs(pred[i] - truth[i]) / Math.abs(truth[i]));
        }
        return m;
    }

    /**
     * Which backends and models meet the target with their final model, on how many seeds: generated from the rows'
     * {@code targetMet}, nothing else.
     */
    static String statement(Task t, List<Row> rows) {
        List<Row> every = rows.stream().filter(r -> !r.cells().isEmpty() && r.met() == r.cells().size()).toList();
        List<Row> some = rows.stream().filter(r -> r.met() > 0 && r.met() < r.cells().size()).toList();
        StringBuilder sb = new StringBuilder();
        sb.append(every.isEmpty() ? "No backend and model meets the target (" + t.target().describe()
                + ") with its final model on every seed." : "Meets the target (" + t.target().describe()
                + ") with the final model on every seed: " + byBackend(every) + ".");
        if (!some.isEmpty()) {
            sb.append(" On some seeds only: ").append(some.stream().map(r -> r.backend() + " " + r.model() + " (" + r.met()
                    + " of " + r.cells().size() + ")").collect(Collectors.joining(", "))).append('.');
        }
        return sb.toString();
    }

    private static String byBackend(List<Row> rows) {
        return rows.stream().collect(Collectors.groupingBy(Row::backend, LinkedHashMap::new,
                        Collectors.mapping(Row::model, Collectors.toCollection(java.util.TreeSet::new))))
                .entrySet().stream().map(e -> e.getKey() + " (" + String.join(", ", e.getValue()) + ")")
                .collect(Collectors.joining(", "));
    }

    private static String epochs(Row r) {
        CellResult c = r.first();
        if (c.status() == CellStatus.UNSUPPORTED) {
            return "";
        }
        return c.epochsRun() == c.epochs() ? Integer.toString(c.epochs()) : c.epochsRun() + "/" + c.epochs();
    }

    /** Each probe's prediction (mean ± sd over the seeds that finished); a source's reported-only probe is marked. */
    private static String probePrediction(Row r) {
        List<CellResult> ok = r.ok();
        if (ok.isEmpty() || ok.get(0).probes().isEmpty()) {
            return "";
        }
        List<String> probes = new ArrayList<>();
        for (int p = 0; p < ok.get(0).probes().size(); p++) {
            final int q = p;
            int outputs = ok.get(0).probes().get(p).prediction().length;
            List<String> parts = new ArrayList<>();
            for (int j = 0; j < outputs; j++) {
                final int k = j;
                double[] v = ok.stream().mapToDouble(c -> c.probes().get(q).prediction()[k]).toArray();
                parts.add(v.length > 1 ? fmt(mean(v)) + " ± " + fmt(sd(v)) : fmt(v[0]));
            }
            String value = parts.size() == 1 ? parts.get(0) : "[" + String.join(", ", parts) + "]";
            probes.add(ok.get(0).probes().get(p).reportedOnly() ? "(source: " + value + ")" : value);
        }
        return String.join("; ", probes);
    }

    private static String probeError(Row r) {
        double[] e = r.ok().stream().filter(c -> !c.probes().isEmpty()).mapToDouble(c -> Experiment.worst(c.probes())).toArray();
        return e.length == 0 ? "" : pct(mean(e));
    }

    private static String rmse(Row r) {
        double[] e = r.ok().stream().mapToDouble(c -> c.heldOut().rmse()).filter(Double::isFinite).toArray();
        return e.length == 0 ? "" : fmt(mean(e));
    }

    /** Seeds whose final model meets the target, as {@code k/n}; with those that met it and lost it again. */
    private static String targetMet(Row r) {
        if (r.first().status() == CellStatus.UNSUPPORTED) {
            return "";
        }
        String s = r.met() + "/" + r.cells().size();
        List<CellResult> lost = r.metThenLost();
        if (!lost.isEmpty()) {
            double[] finals = lost.stream().mapToDouble(c -> c.checks().isEmpty() ? Double.NaN
                    : c.checks().get(c.checks().size() - 1).targetMetric()).toArray();
            s += " (met, then lost on " + lost.size() + ": final " + fmtMetric(finals) + ")";
        }
        return s;
    }

    private static String fmtMetric(double[] v) {
        return java.util.Arrays.stream(v).mapToObj(x -> x < 1 ? pct(x) : fmt(x)).collect(Collectors.joining(", "));
    }

    /** The first check that met the target: median epoch and training time over the seeds that met it. */
    private static String firstMet(Row r) {
        List<CellResult> met = r.cells().stream().filter(c -> c.firstMet() != null).toList();
        if (met.isEmpty()) {
            return "";
        }
        return String.format(Locale.ROOT, "epoch %.0f, %s", median(met.stream().mapToDouble(c -> c.firstMet().epoch()).toArray()),
                ms(median(met.stream().mapToDouble(c -> c.firstMet().ms()).toArray())));
    }

    private static String trainTime(Row r) {
        double[] t = r.cells().stream().filter(c -> c.status() != CellStatus.UNSUPPORTED).mapToDouble(CellResult::trainMs).toArray();
        return t.length == 0 ? "" : ms(mean(t));
    }

    static String csv(List<CellResult> cells) {
        StringBuilder sb = new StringBuilder("run_id,profile,task,params,backend,model,role,preprocessing,seed,status,reason,"
                + "support,spec,epochs,epochs_run,batch_size,heldout_rmse,heldout_mae,heldout_r2,heldout_max_abs_error,"
                + "probe_prediction,probe_truth,probe_worst_relative_error,target_met,first_met_epoch,first_met_ms,train_ms,predict_ms,parameters,"
                + "backend_details\n");
        for (CellResult c : cells) {
            ProbeOutcome probe = c.probes().isEmpty() ? null : c.probes().get(0);
            List<Object> f = List.of(c.runId(), c.profile(), c.task(), c.params(), c.backend(), c.model(), c.role(),
                    c.preprocessing(), c.seed(), c.status(), c.reason(), c.support(), c.spec(), c.epochs(), c.epochsRun(),
                    c.batchSize(), c.heldOut().rmse(), c.heldOut().mae(), c.heldOut().r2(), c.heldOut().maxAbsError(),
                    probe == null ? "" : join(probe.prediction()), probe == null ? "" : join(probe.truth()),
                    probe == null ? "" : Experiment.worst(c.probes()), c.targetMet() == null ? "" : c.targetMet(),
                    c.firstMet() == null ? "" : c.firstMet().epoch(), c.firstMet() == null ? "" : c.firstMet().ms(),
                    c.trainMs(), c.predictMs(), c.parameters(), new java.util.TreeMap<>(c.backendDetails()).toString());
            sb.append(f.stream().map(o -> quote(String.valueOf(o))).collect(Collectors.joining(","))).append('\n');
        }
        return sb.toString();
    }

    private static String join(double[] v) {
        return java.util.Arrays.stream(v).mapToObj(d -> Double.toString(d)).collect(Collectors.joining(";"));
    }

    private static String quote(String s) {
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    /** Training loss against training time, seed 1, one series per backend and model; log scale. */
    static Optional<XYChart> lossPlot(Task t, List<CellResult> cells) {
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

    /** meanones: held-out RMSE against coverage N/(L+1), per backend, with the answer's four (L, N) findings. */
    static XYChart coveragePlot(List<CellResult> cells) {
        XYChart chart = new XYChartBuilder().width(900).height(600).title("meanones: held-out RMSE against data coverage N/(L+1)")
                .xAxisTitle("coverage N/(L+1)").yAxisTitle("held-out RMSE (mean over seeds)").build();
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        Map<String, Map<Double, List<Double>>> byBackend = new LinkedHashMap<>();
        for (CellResult c : cells) {
            if (c.status() != CellStatus.OK || !Double.isFinite(c.heldOut().rmse())) {
                continue;
            }
            Map<String, String> p = CellParams.parse(c.params());
            double coverage = Double.parseDouble(p.get("N")) / (Double.parseDouble(p.get("L")) + 1);
            byBackend.computeIfAbsent(c.backend() + " " + c.model(), k -> new java.util.TreeMap<>())
                    .computeIfAbsent(coverage, k -> new ArrayList<>()).add(c.heldOut().rmse());
        }
        byBackend.forEach((name, points) -> chart.addSeries(name, new ArrayList<>(points.keySet()),
                points.values().stream().map(v -> mean(v.stream().mapToDouble(Double::doubleValue).toArray())).toList()));
        double target = Tasks.byId("meanones").target().threshold();
        chart.addSeries("answer: converged (200,130), (500,300)", List.of(130 / 201.0, 300 / 501.0), List.of(target, target))
                .setMarker(SeriesMarkers.DIAMOND);
        chart.addSeries("answer: did not converge (2000,50), (200,80)", List.of(50 / 2001.0, 80 / 201.0), List.of(target, target))
                .setMarker(SeriesMarkers.CROSS);
        return chart;
    }

    /** A short console table: one line per row of every task. */
    static void printConsoleTable(PrintStream out, List<CellResult> cells) {
        out.printf("%-12s %-16s %-16s %-7s %-12s %14s %10s %12s %10s%n", "task", "params", "model", "backend", "status",
                "probe", "probe err", "held RMSE", "train");
        for (Task t : Tasks.all()) {
            for (Row r : rows(cells.stream().filter(c -> c.task().equals(t.id())).toList())) {
                out.printf("%-12s %-16s %-16s %-7s %-12s %14s %10s %12s %10s%n", t.id(), r.params(), r.model(), r.backend(),
                        r.status(), truncate(probePrediction(r), 14), probeError(r), rmse(r), trainTime(r));
            }
        }
    }

    private static String truncate(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n - 1) + "…";
    }

    static double mean(double[] v) {
        double s = 0;
        for (double d : v) {
            s += d;
        }
        return v.length == 0 ? Double.NaN : s / v.length;
    }

    static double sd(double[] v) {
        if (v.length < 2) {
            return 0;
        }
        double m = mean(v);
        double s = 0;
        for (double d : v) {
            s += (d - m) * (d - m);
        }
        return Math.sqrt(s / (v.length - 1));
    }

    static double median(double[] v) {
        if (v.length == 0) {
            return Double.NaN;
        }
        double[] s = v.clone();
        java.util.Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    static String fmt(double v) {
        if (!Double.isFinite(v)) {
            return Double.toString(v);
        }
        double a = Math.abs(v);
        return a != 0 && (a >= 1e6 || a < 1e-3) ? String.format(Locale.ROOT, "%.3g", v) : String.format(Locale.ROOT, "%.2f", v);
    }

    static String fmtVector(double[] v) {
        return v.length == 1 ? fmt(v[0]) : "[" + java.util.Arrays.stream(v).mapToObj(Reports::fmt).collect(Collectors.joining(", ")) + "]";
    }

    static String pct(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.2f%%", 100 * v) : String.valueOf(v);
    }

    static String ms(double v) {
        return v >= 1000 ? String.format(Locale.ROOT, "%.1f s", v / 1000) : String.format(Locale.ROOT, "%.0f ms", v);
    }
}
