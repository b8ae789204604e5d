package io.seqbench.bench.report;

import io.seqbench.bench.stats.Statistics;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.seqbench.common.result.CellResult;
import io.seqbench.common.result.CellStatus;
import io.seqbench.common.result.EpochPoint;
import io.seqbench.common.result.ResultJson;
import io.seqbench.common.tasks.Target;
import io.seqbench.common.tasks.Task;
import io.seqbench.common.tasks.TaskModel;
import io.seqbench.common.tasks.Tasks;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static io.seqbench.bench.report.Format.fmt;

/**
 * The accuracy verdicts: on each task and model, every pair of backends compared on the same seeds (the same data
 * and initial weights) by {@link Statistics#pairedLog} on the final model's target metric, Holm-corrected within the
 * task at {@link #LEVEL}; written to {@code verdicts.json} and summarised at the top of the README. No claim here comes
 * from wall-clock times.
 */
public final class Verdicts {
    public static final String FILE = "verdicts.json";
    /** Two-sided level of every paired test, after Holm's correction within a task. */
    public static final double LEVEL = 0.05;

    private Verdicts() {
    }

    /**
     * One comparison. {@code estimate} is the ratio of geometric mean errors a / b with its 95% interval
     * [{@code low}, {@code high}]; {@code p} is Holm-adjusted within the task, {@code pRaw} the paired t-test's own.
     */
    @JsonPropertyOrder(alphabetic = false)
    public record Comparison(String task, String model, String metric, String a, String b, double estimate, double low,
                      double high, double p, double pRaw, int n, String verdict) {
    }

    /** The final model's target metric, from the cell's last check; NaN if the cell has none. */
    public static double finalMetric(CellResult c) {
        if (c.checks().isEmpty()) {
            return Double.NaN;
        }
        EpochPoint last = c.checks().get(c.checks().size() - 1);
        return last.targetMetric() == null ? Double.NaN : last.targetMetric();
    }

    public static String model(CellResult c) {
        return c.model() + (c.params().equals("-") ? "" : " @" + c.params());
    }

    /**
     * The smallest error told apart from another: float32 resolution in the metric's units. For a relative error that
     * is float32's epsilon; for a held-out RMSE, epsilon times the spread of the held-out targets (recovered from a
     * cell's RMSE and R²: the sd of the targets is RMSE / sqrt(1 - R²)), the largest over the task's cells.
     */
    public static double errorFloor(Task t, List<CellResult> cells) {
        if (t.target().metric() == Target.Metric.PROBE_RELATIVE_ERROR) {
            return Statistics.FLOAT32_EPSILON;
        }
        double spread = cells.stream().filter(c -> c.task().equals(t.id()) && c.heldOut() != null)
                .mapToDouble(c -> c.heldOut().rmse() / Math.sqrt(1 - c.heldOut().r2()))
                .filter(v -> Double.isFinite(v) && v > 0).max().orElse(1);
        return Statistics.FLOAT32_EPSILON * spread;
    }

    public static List<Comparison> compare(List<CellResult> cells) {
        List<Comparison> out = new ArrayList<>();
        for (Task t : Tasks.all()) {
            String metric = t.target().metric() == Target.Metric.PROBE_RELATIVE_ERROR ? "probe relative error (target probes)"
                    : "held-out RMSE";
            double floor = errorFloor(t, cells);
            // model -> backend -> seed -> final metric, OK cells with a finite metric only; models in the task's order,
            // so that the verdicts do not depend on the order the cells were recorded in (a merged run, a resumed one)
            List<String> order = t.models().stream().map(TaskModel::name).toList();
            Map<String, Map<String, Map<Long, Double>>> byModel = new TreeMap<>(java.util.Comparator
                    .<String>comparingInt(m -> order.indexOf(m.split(" @")[0])).thenComparing(m -> m));
            for (CellResult c : cells) {
                if (c.task().equals(t.id()) && c.status() == CellStatus.OK && Double.isFinite(finalMetric(c))) {
                    byModel.computeIfAbsent(model(c), k -> new TreeMap<>()).computeIfAbsent(c.backend(), k -> new TreeMap<>())
                            .put(c.seed(), finalMetric(c));
                }
            }
            List<String[]> pairs = new ArrayList<>();
            List<Statistics.Paired> tests = new ArrayList<>();
            byModel.forEach((model, backends) -> {
                List<String> ids = new ArrayList<>(backends.keySet());
                for (int i = 0; i < ids.size(); i++) {
                    for (int j = i + 1; j < ids.size(); j++) {
                        Map<Long, Double> a = backends.get(ids.get(i));
                        Map<Long, Double> b = backends.get(ids.get(j));
                        List<Long> seeds = a.keySet().stream().filter(b::containsKey).sorted().toList();
                        if (seeds.isEmpty()) {
                            continue;
                        }
                        pairs.add(new String[]{model, ids.get(i), ids.get(j)});
                        tests.add(Statistics.pairedLog(seeds.stream().mapToDouble(a::get).toArray(),
                                seeds.stream().mapToDouble(b::get).toArray(), floor));
                    }
                }
            });
            double[] adjusted = Statistics.holm(tests.stream().mapToDouble(Statistics.Paired::p).toArray());
            for (int k = 0; k < tests.size(); k++) {
                Statistics.Paired s = tests.get(k);
                String[] pr = pairs.get(k);
                String verdict = s.n() < 2 ? "no test (n = " + s.n() + ")"
                        : adjusted[k] < LEVEL ? (s.ratio() < 1 ? pr[1] : pr[2]) + " better"
                        : "no difference detected (n = " + s.n() + ")";
                out.add(new Comparison(t.id(), pr[0], metric, pr[1], pr[2], s.ratio(), s.low(), s.high(), adjusted[k], s.p(),
                        s.n(), verdict));
            }
        }
        return out;
    }

    public static void writeJson(Path dir, List<Comparison> comparisons) throws IOException {
        ResultJson.mapper().writerWithDefaultPrettyPrinter().writeValue(dir.resolve(FILE).toFile(), comparisons);
    }

    /** One comparison as a table cell's text: the verdict with its evidence. */
    public static String evidence(Comparison c) {
        return c.n() < 2 ? c.verdict() : String.format(Locale.ROOT, "%s (error ratio %s/%s %s [%s, %s], Holm p %s)", c.verdict(),
                c.a(), c.b(), fmt(c.estimate()), fmt(c.low()), fmt(c.high()), p(c.p()));
    }

    public static String p(double p) {
        return Double.isNaN(p) ? "n/a" : p < 0.001 ? "< 0.001" : String.format(Locale.ROOT, "%.3f", p);
    }

    /** The paired comparisons of one task, as a table under the task's own table. */
    public static String taskTable(String task, List<Comparison> all) {
        List<Comparison> mine = all.stream().filter(c -> c.task().equals(task)).toList();
        if (mine.isEmpty()) {
            return "";
        }
        StringBuilder md = new StringBuilder(String.format(Locale.ROOT, "%nPaired comparisons (%s of the final model, same "
                + "seeds; paired t on log error, 95%% interval of the error ratio, Holm-corrected within the task at %.2f):%n%n",
                mine.get(0).metric(), LEVEL));
        md.append("| model | a | b | n | error ratio a/b [95% interval] | Holm p | verdict |\n|---|---|---|---|---|---|---|\n");
        for (Comparison c : mine) {
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %d | %s | %s | %s |%n", c.model(), c.a(), c.b(), c.n(),
                    c.n() < 2 ? fmt(c.estimate()) : fmt(c.estimate()) + " [" + fmt(c.low()) + ", " + fmt(c.high()) + "]",
                    p(c.p()), c.verdict()));
        }
        return md.toString();
    }

    /** The README's opening section: per task, then which backend for which job, each with its evidence. */
    public static String markdown(List<CellResult> cells, List<Comparison> comparisons) {
        StringBuilder md = new StringBuilder("## Verdicts\n\n");
        long seeds = cells.stream().mapToLong(CellResult::seed).distinct().count();
        md.append(String.format(Locale.ROOT, "Generated from the cells below (%d seed%s per cell). A cell meets its task's "
                + "target if its **final** model does, on every target probe. Backends are compared on the same seeds, "
                + "which give them the same data and the same initial weights: a paired t-test on log error of the final "
                + "model, two-sided, with the 95%% interval of the ratio of geometric mean errors, Holm-corrected within each "
                + "task at %.2f. \"No difference detected\" is a result, not a tie: with few seeds only large differences "
                + "show. Nothing here comes from wall-clock times; speed is the JMH section's.%n%n", seeds, seeds == 1 ? "" : "s",
                LEVEL));
        md.append("| task | runs the recipes exactly | runs the fixes exactly | meets the target with the final model (seeds) | paired verdicts |\n");
        md.append("|---|---|---|---|---|\n");
        for (Task t : Tasks.all()) {
            List<CellResult> mine = cells.stream().filter(c -> c.task().equals(t.id())).toList();
            if (mine.isEmpty()) {
                continue;
            }
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s |%n", t.id(), exactly(mine, "recipe"),
                    exactly(mine, "fix"), meets(mine), tally(comparisons.stream().filter(c -> c.task().equals(t.id())).toList())));
        }
        md.append("\n### Which backend for which job\n\nJobs by model shape, over every task; each line's evidence is the "
                + "cells and comparisons above and in the task sections.\n\n");
        md.append("| job | backends that run it exactly | final model meets the target (cells) | paired verdicts |\n|---|---|---|---|\n");
        Map<String, List<CellResult>> byJob = new LinkedHashMap<>();
        for (CellResult c : cells) {
            byJob.computeIfAbsent(job(c.spec()), k -> new ArrayList<>()).add(c);
        }
        for (Map.Entry<String, List<CellResult>> e : byJob.entrySet()) {
            List<String> models = e.getValue().stream().map(c -> c.task() + "|" + model(c)).distinct().toList();
            List<Comparison> mine = comparisons.stream().filter(c -> models.contains(c.task() + "|" + c.model())).toList();
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s |%n", e.getKey(), exactlyAll(e.getValue()),
                    meetsRate(e.getValue()), tally(mine)));
        }
        return md.append('\n').toString();
    }

    /** The kind of model a spec is, for the summary: LSTM networks, dense networks, linear models, FMs. */
    public static String job(String spec) {
        if (spec.contains("LSTM")) {
            return "LSTM networks";
        }
        if (spec.startsWith("FM(")) {
            return "factorization machines";
        }
        return spec.contains(">") ? "dense networks" : "linear models";
    }

    private static String exactly(List<CellResult> cells, String role) {
        List<CellResult> mine = cells.stream().filter(c -> c.role().equals(role)).toList();
        return mine.isEmpty() ? "-" : exactlyAll(mine);
    }

    /** Backends that run every one of these cells' specs exactly. */
    private static String exactlyAll(List<CellResult> cells) {
        TreeSet<String> all = cells.stream().map(CellResult::backend).collect(Collectors.toCollection(TreeSet::new));
        List<String> exact = all.stream().filter(b -> cells.stream().filter(c -> c.backend().equals(b))
                .allMatch(c -> c.support().equals("exact"))).toList();
        return exact.isEmpty() ? "none" : String.join(", ", exact);
    }

    /** Per backend and model, seeds whose final model meets the target, where any does. */
    private static String meets(List<CellResult> cells) {
        Map<String, long[]> counts = new TreeMap<>();
        for (CellResult c : cells) {
            if (c.status() == CellStatus.UNSUPPORTED) {
                continue;
            }
            long[] k = counts.computeIfAbsent(c.backend() + " " + model(c), x -> new long[2]);
            k[0] += Boolean.TRUE.equals(c.targetMet()) ? 1 : 0;
            k[1]++;
        }
        String met = counts.entrySet().stream().filter(e -> e.getValue()[0] > 0)
                .map(e -> e.getKey() + " " + e.getValue()[0] + "/" + e.getValue()[1]).collect(Collectors.joining(", "));
        return met.isEmpty() ? "none" : met;
    }

    /** Per backend, cells whose final model meets the target. */
    private static String meetsRate(List<CellResult> cells) {
        Map<String, long[]> counts = new TreeMap<>();
        for (CellResult c : cells) {
            if (c.status() != CellStatus.UNSUPPORTED) {
                long[] k = counts.computeIfAbsent(c.backend(), x -> new long[2]);
                k[0] += Boolean.TRUE.equals(c.targetMet()) ? 1 : 0;
                k[1]++;
            }
        }
        return counts.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()[0] + "/" + e.getValue()[1])
                .collect(Collectors.joining(", "));
    }

    /** How the comparisons came out: who was better where, and how many detected no difference. */
    public static String tally(List<Comparison> comparisons) {
        if (comparisons.isEmpty()) {
            return "no pair to compare";
        }
        List<String> parts = new ArrayList<>();
        comparisons.stream().filter(c -> c.verdict().endsWith(" better")).forEach(c -> parts.add(c.verdict() + " than "
                + (c.verdict().startsWith(c.a() + " ") ? c.b() : c.a()) + " on " + c.task() + " " + c.model() + " (ratio "
                + fmt(c.estimate()) + " [" + fmt(c.low()) + ", " + fmt(c.high()) + "], Holm p " + p(c.p()) + ")"));
        long none = comparisons.stream().filter(c -> c.verdict().startsWith("no difference")).count();
        long untested = comparisons.stream().filter(c -> c.verdict().startsWith("no test")).count();
        if (none > 0) {
            parts.add("no difference detected in " + none + " of " + comparisons.size());
        }
        if (untested > 0) {
            parts.add(untested + " untested (one seed)");
        }
        return String.join("; ", parts);
    }
}
