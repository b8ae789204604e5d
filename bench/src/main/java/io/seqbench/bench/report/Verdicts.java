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
 * and initial weights) by {@link Statistics#pairedLog} on the final model's target metric, Bonferroni-corrected within
 * the task at familywise level {@link #LEVEL}, with each interval at the same corrected level, so that a verdict of
 * "better" and an interval that excludes 1 always go together (as the speed verdicts do); written to
 * {@code verdicts.json} and summarised at the top of the README. A pair whose backend has no usable cell on a model
 * (diverged, failed) gets a row that says so. No claim here comes from wall-clock times.
 */
public final class Verdicts {
    public static final String FILE = "verdicts.json";
    /** Familywise two-sided level within a task: each of its m tests and intervals is at level/m (Bonferroni). */
    public static final double LEVEL = 0.05;

    private Verdicts() {
    }

    /**
     * One comparison. {@code estimate} is the ratio of geometric mean errors a / b with its interval [{@code low},
     * {@code high}] at level {@code 1 - alpha}, alpha = {@link #LEVEL} over the task's number of tests; {@code p} is
     * Bonferroni-adjusted within the task, {@code pRaw} the paired t-test's own; {@code n} counts the distinct
     * replicates among the {@code seeds} paired; {@code roundingBand} is the model's measured rounding band (a ratio
     * of at least 1; NaN where the cells have no rounding twins, see {@link #roundingBand}).
     */
    @JsonPropertyOrder(alphabetic = false)
    public record Comparison(String task, String model, String metric, String a, String b, double estimate, double low,
                             double high, double alpha, double p, double pRaw, int n, int seeds, double roundingBand,
                             String verdict) {
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

    /**
     * How far rounding alone moves a model's final error, measured: for each cell with a rounding twin (the same cell
     * trained again from initial arrays nudged by one float32 ulp, {@link CellResult#roundingTwin}), the ratio of the
     * two errors (each at least {@code floor}), and the largest over the model's cells and backends, as a ratio of at
     * least 1. Two backends whose errors differ by less than this differ by no more than one backend differs from
     * itself under a rounding-only change. NaN where no cell of the model has a twin.
     */
    public static double roundingBand(List<CellResult> modelCells, double floor) {
        return modelCells.stream().filter(c -> c.status() == CellStatus.OK && c.roundingTwin() != null
                        && Double.isFinite(c.roundingTwin()) && Double.isFinite(finalMetric(c)))
                .mapToDouble(c -> Math.exp(Math.abs(Math.log(Math.max(c.roundingTwin(), floor))
                        - Math.log(Math.max(finalMetric(c), floor)))))
                .max().orElse(Double.NaN);
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
            // backends with cells on a model but no usable final metric (diverged, failed, ...): said, not dropped
            Map<String, Map<String, List<CellResult>>> unusable = new TreeMap<>();
            for (CellResult c : cells) {
                if (c.task().equals(t.id()) && c.status() != CellStatus.UNSUPPORTED && !(c.status() == CellStatus.OK
                        && Double.isFinite(finalMetric(c)))) {
                    unusable.computeIfAbsent(model(c), k -> new TreeMap<>()).computeIfAbsent(c.backend(),
                            k -> new ArrayList<>()).add(c);
                }
            }
            List<String[]> pairs = new ArrayList<>();
            List<double[][]> samples = new ArrayList<>();
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
                        samples.add(new double[][]{seeds.stream().mapToDouble(a::get).toArray(),
                                seeds.stream().mapToDouble(b::get).toArray()});
                    }
                }
            });
            Map<String, Double> bands = new java.util.HashMap<>();
            byModel.keySet().forEach(model -> bands.put(model, roundingBand(cells.stream()
                    .filter(c -> c.task().equals(t.id()) && model(c).equals(model)).toList(), floor)));
            // m: the task's tests, the comparisons with at least two distinct replicates
            List<Statistics.Paired> at95 = samples.stream().map(x -> Statistics.pairedLog(x[0], x[1], floor)).toList();
            int m = (int) Math.max(1, at95.stream().filter(x -> !Double.isNaN(x.p())).count());
            double alpha = LEVEL / m;
            for (int k = 0; k < pairs.size(); k++) {
                Statistics.Paired s = Statistics.pairedLog(samples.get(k)[0], samples.get(k)[1], floor, alpha);
                String[] pr = pairs.get(k);
                double adjusted = Double.isNaN(s.p()) ? Double.NaN : Math.min(1, s.p() * m);
                double band = bands.get(pr[0]);
                out.add(new Comparison(t.id(), pr[0], metric, pr[1], pr[2], s.ratio(), s.low(), s.high(), alpha, adjusted,
                        s.p(), s.n(), s.seeds(), band, verdict(pr[1], pr[2], s, adjusted, band)));
            }
            unusable.forEach((model, backends) -> backends.forEach((backend, bad) -> {
                if (byModel.getOrDefault(model, Map.of()).containsKey(backend)) {
                    return; // usable on some seeds: its comparisons use those, and their n says how many
                }
                for (String other : byModel.getOrDefault(model, Map.of()).keySet()) {
                    String why = bad.stream().collect(Collectors.groupingBy(c -> c.status().name().toLowerCase(Locale.ROOT),
                            TreeMap::new, Collectors.counting())).entrySet().stream()
                            .map(e -> e.getKey() + " on " + e.getValue()).collect(Collectors.joining(", "));
                    out.add(new Comparison(t.id(), model, metric, other, backend, Double.NaN, Double.NaN, Double.NaN, alpha,
                            Double.NaN, Double.NaN, 0, bad.size(), Double.NaN, "not compared: " + backend + " " + why + " of "
                            + bad.size() + " seeds"));
                }
            }));
        }
        return out;
    }

    /**
     * The words of one comparison. Equal within rounding when the whole interval (the ratio itself, without
     * replicates) lies inside the measured rounding band; better when the test is significant at the familywise level
     * and the interval lies wholly outside the band (without a measured band, significance alone); otherwise no
     * difference detected, or why there is no test.
     */
    static String verdict(String a, String b, Statistics.Paired s, double adjusted, double band) {
        boolean measured = band >= 1;
        if (s.n() < 2) {
            if (s.ratio() == 1) {
                return "equal on every seed (n = " + s.seeds() + ")";
            }
            return measured && within(s.ratio(), s.ratio(), band) ? EQUAL_WITHIN_ROUNDING + " (one distinct replicate)"
                    : "no test (" + s.n() + " distinct replicate of " + s.seeds() + " seeds)";
        }
        String n = "n = " + s.n() + (s.n() < s.seeds() ? " distinct of " + s.seeds() + " seeds" : "");
        if (measured && within(s.low(), s.high(), band)) {
            return EQUAL_WITHIN_ROUNDING + " (" + n + ")";
        }
        if (adjusted < LEVEL && (!measured || s.low() > band || s.high() < 1 / band)) {
            return (s.ratio() < 1 ? a : b) + " better";
        }
        return "no difference detected (" + n + (adjusted < LEVEL ? "; the interval reaches into the rounding band" : "")
                + ")";
    }

    /** The words of a comparison whose interval lies inside the rounding band. */
    public static final String EQUAL_WITHIN_ROUNDING = "equal within rounding";

    private static boolean within(double low, double high, double band) {
        return low >= 1 / band && high <= band;
    }

    public static void writeJson(Path dir, List<Comparison> comparisons) throws IOException {
        ResultJson.write(dir.resolve(FILE), comparisons);
    }

    /** One comparison as a table cell's text: the verdict with its evidence. */
    public static String evidence(Comparison c) {
        return c.n() < 2 ? c.verdict() : String.format(Locale.ROOT, "%s (error ratio %s/%s %s [%s, %s], adjusted p %s)",
                c.verdict(), c.a(), c.b(), fmt(c.estimate()), fmt(c.low()), fmt(c.high()), p(c.p()));
    }

    /** A rounding band as the interval of ratios it spans, or why there is none. */
    static String band(double band) {
        return band >= 1 ? "[" + fmt(1 / band) + ", " + fmt(band) + "]" : "not measured";
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
                + "seeds; paired t on log error; each interval at the level of its verdict, %.2f over the task's %d tests "
                + "(Bonferroni)):%n%n", mine.get(0).metric(), LEVEL, Math.round(LEVEL / mine.get(0).alpha())));
        md.append("| model | a | b | n | error ratio a/b [interval] | rounding band | adjusted p | verdict |\n"
                + "|---|---|---|---|---|---|---|---|\n");
        for (Comparison c : mine) {
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %d | %s | %s | %s | %s |%n", c.model(), c.a(), c.b(), c.n(),
                    c.n() < 2 ? fmt(c.estimate()) : fmt(c.estimate()) + " [" + fmt(c.low()) + ", " + fmt(c.high()) + "]",
                    band(c.roundingBand()), p(c.p()), c.verdict()));
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
                + "model, two-sided, at a familywise level of %.2f within each task (Bonferroni: each of a task's m tests at "
                + "%.2f/m), and each interval of the ratio of geometric mean errors at the level of its test, so that "
                + "\"better\" and an interval that excludes 1 always go together. Seeds that give both backends the same "
                + "errors count as one replicate. Rounding is not a difference: each exact cell of seed 1 is trained a "
                + "second time from its initial arrays nudged by one float32 ulp, and the largest ratio between a cell's "
                + "error and its twin's is the model's rounding band; an interval inside the band reads \"equal within "
                + "rounding\", and \"better\" needs the interval wholly outside it. \"No difference detected\" is a result, "
                + "not a tie: with few seeds only large differences show. Nothing here comes from wall-clock times; speed "
                + "is the JMH section's.%s%n%n", seeds, seeds == 1 ? "" : "s", LEVEL, LEVEL,
                cells.stream().anyMatch(c -> c.roundingTwin() != null) ? ""
                        : " These cells predate the rounding twins: no band is measured, and significance alone decides."));
        md.append("Which seeds meet the target, per backend and model: [backends by task](" + BackendGrid.ANCHOR + ").\n\n");
        md.append("| task | runs the recipes exactly | runs the fixes exactly | paired verdicts |\n");
        md.append("|---|---|---|---|\n");
        for (Task t : Tasks.all()) {
            List<CellResult> mine = cells.stream().filter(c -> c.task().equals(t.id())).toList();
            if (mine.isEmpty()) {
                continue;
            }
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s |%n", t.id(), exactly(mine, "recipe"),
                    exactly(mine, "fix"), tally(comparisons.stream().filter(c -> c.task().equals(t.id())).toList())));
        }
        md.append("\n### Which backend for which job\n\nJobs by model shape, over every task; each line's evidence is the "
                + "cells and comparisons above and in the task sections.\n\n");
        md.append("| job | backends that run every one of its models exactly | final model meets the target (cells) | paired verdicts |\n|---|---|---|---|\n");
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

    static final String LSTM = "LSTM networks";
    static final String MASKED_LSTM = "masked LSTM networks (long sequences whose padding the network skips)";
    static final String DENSE = "dense networks";
    static final String LINEAR = "linear models";
    static final String FM = "factorization machines";
    /** The kinds of model, in the order the summaries list them: {@link #job} gives one of these. */
    public static final List<String> JOBS = List.of(LSTM, MASKED_LSTM, DENSE, LINEAR, FM);

    /** The kind of model a spec is, for the summary: one of {@link #JOBS}. */
    public static String job(String spec) {
        if (spec.contains("LSTM")) {
            return spec.contains("Mask(") ? MASKED_LSTM : LSTM;
        }
        if (spec.startsWith("FM(")) {
            return FM;
        }
        return spec.contains(">") ? DENSE : LINEAR;
    }

    private static String exactly(List<CellResult> cells, String role) {
        List<CellResult> mine = cells.stream().filter(c -> c.role().equals(role)).toList();
        return mine.isEmpty() ? "-" : exactlyAll(mine);
    }

    /** Backends that run every one of these cells' specs exactly, by name. */
    static List<String> exactBackends(List<CellResult> cells) {
        TreeSet<String> all = cells.stream().map(CellResult::backend).collect(Collectors.toCollection(TreeSet::new));
        return all.stream().filter(b -> cells.stream().filter(c -> c.backend().equals(b))
                .allMatch(c -> c.support().equals("exact"))).toList();
    }

    /** Backends that run every one of these cells' specs exactly. */
    private static String exactlyAll(List<CellResult> cells) {
        List<String> exact = exactBackends(cells);
        return exact.isEmpty() ? "none" : String.join(", ", exact);
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
                + fmt(c.estimate()) + " [" + fmt(c.low()) + ", " + fmt(c.high()) + "], adjusted p " + p(c.p()) + ")"));
        long none = comparisons.stream().filter(c -> c.verdict().startsWith("no difference")).count();
        long equal = comparisons.stream().filter(c -> c.verdict().startsWith("equal on every seed")).count();
        long rounding = comparisons.stream().filter(c -> c.verdict().startsWith(EQUAL_WITHIN_ROUNDING)).count();
        long untested = comparisons.stream().filter(c -> c.verdict().startsWith("no test")).count();
        long notCompared = comparisons.stream().filter(c -> c.verdict().startsWith("not compared")).count();
        if (none > 0) {
            parts.add("no difference detected in " + none + " of " + comparisons.size());
        }
        if (rounding > 0) {
            parts.add(EQUAL_WITHIN_ROUNDING + " in " + rounding);
        }
        if (equal > 0) {
            parts.add("equal on every seed in " + equal);
        }
        if (untested > 0) {
            parts.add(untested + " untested (one distinct replicate)");
        }
        if (notCompared > 0) {
            parts.add(notCompared + " not compared (a backend diverged or failed)");
        }
        return String.join("; ", parts);
    }
}
