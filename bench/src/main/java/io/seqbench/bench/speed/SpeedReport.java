package io.seqbench.bench.speed;

import io.seqbench.bench.results.CellParams;
import io.seqbench.bench.stats.Statistics;
import com.fasterxml.jackson.databind.JsonNode;
import io.seqbench.common.Experiment;
import io.seqbench.common.result.CellResult;
import io.seqbench.common.result.MachineCheckResult;
import io.seqbench.common.result.ResultJson;
import io.seqbench.common.tasks.Task;
import io.seqbench.common.tasks.Tasks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The JMH section of a run's README, read from {@code jmh.json} and {@code speed.json} beside {@code cells.jsonl}. */
public final class SpeedReport {
    public static final String JMH = "jmh.json";
    public static final String SPEED = "speed.json";

    /** JMH's score and 99.9% error for one benchmark method and case. */
    public record Score(double score, double error, String unit) {
        /** The primary metric of a JMH entry already checked by {@link #readJmh}. */
        public static Score of(JsonNode entry) {
            JsonNode m = entry.get("primaryMetric");
            return new Score(m.get("score").asDouble(), m.path("scoreError").asDouble(Double.NaN), m.path("scoreUnit").asText());
        }

        public String show() {
            return Double.isFinite(error) ? fmt(score) + " ± " + fmt(error) : fmt(score);
        }
    }

    /** Marks a ratio that the speed verdict does not separate from 1 (or could not test). */
    public static final String NOT_SEPARATED = "≈";

    /**
     * A case's time (an epoch's, a prediction's or a cold start's, in its benchmark's unit) with its interval: over forks, the geometric mean of the fork means and its 95% t
     * interval on the log scale; from one fork, JMH's score ± its 99.9% error (iterations of one JVM, a narrower and
     * less honest bar, so labelled); for a derived (Tribuo) epoch, the difference of whole runs ± the errors in
     * quadrature.
     */
    public record Timing(double ms, double low, double high, int forks, boolean derived) {
        public static Timing of(double[] forkMeans, Score jmh) {
            if (forkMeans.length < 2) {
                return new Timing(jmh.score(), jmh.score() - jmh.error(), jmh.score() + jmh.error(), forkMeans.length, false);
            }
            double[] logs = java.util.Arrays.stream(forkMeans).map(Math::log).toArray();
            double m = Statistics.mean(logs);
            double h = Statistics.halfWidth95(logs);
            return new Timing(Math.exp(m), Math.exp(m - h), Math.exp(m + h), forkMeans.length, false);
        }

        public String show() {
            if (!Double.isFinite(low)) {
                return fmt(ms);
            }
            if (forks >= 2 && !derived) {
                return fmt(ms) + " [" + fmt(low) + ", " + fmt(high) + "]";
            }
            return fmt(ms) + " ± " + fmt(high - ms) + (derived ? " †" : " ‡");
        }
    }

    /**
     * What speed.json records: the profile, the forks' JVM, the assumed peak (kept for reference beside the measured
     * one in jmh.json), the cases left out because another case runs the same compute graph, commit and time, the
     * machine's identity and the machine check made before the first fork (both null in files made before they were
     * recorded).
     */
    public record SpeedInfo(String profile, String settings, List<String> forkJvmArgs, Peak peak, List<String> notTimed,
                            String gitCommit, String generatedAt, Map<String, String> machine,
                            MachineCheckResult machineCheck) {
        public SpeedInfo {
            notTimed = notTimed == null ? List.of() : List.copyOf(notTimed);
        }
    }

    private SpeedReport() {
    }

    /** Records the profile, the forks' JVM, the assumed peak, the cases not timed, the git commit and the time. */
    public static void writeInfo(Path json, SpeedRunner.Profile profile, Peak peak, List<String> notTimed, String gitCommit,
                                 Map<String, String> machine, MachineCheckResult check) throws IOException {
        ResultJson.write(json, info(profile, peak, notTimed, gitCommit, machine, check));
    }

    /** How a JMH run made now is described: profile, fork JVM, machine peak, commit, time. */
    public static SpeedInfo info(SpeedRunner.Profile profile, Peak peak, List<String> notTimed, String gitCommit,
                          Map<String, String> machine, MachineCheckResult check) {
        return new SpeedInfo(profile.name().toLowerCase(Locale.ROOT), profile.describe(), SpeedRunner.FORK_JVM_ARGS,
                peak, notTimed, gitCommit, OffsetDateTime.now(ZoneOffset.UTC).toString(), machine, check);
    }

    /** What {@link #writeInfo} recorded, or null if the file is absent. */
    public static SpeedInfo readInfo(Path json) throws IOException {
        return Files.exists(json) ? ResultJson.mapper().readValue(json.toFile(), SpeedInfo.class) : null;
    }

    /** One sentence on how a JMH run was made, or an empty string if it was not recorded. */
    public static String describeInfo(SpeedInfo info) {
        if (info == null) {
            return "";
        }
        Peak p = info.peak();
        String machine = p == null ? "" : String.format(Locale.ROOT, " Machine: %s%s at %.0f MHz, %d cores.",
                p.cpuModel() == null ? "" : p.cpuModel() + ", ", p.isa(), p.mhz(), p.cores());
        return String.format(Locale.ROOT, " Profile `%s`: %s. Fork JVM: `%s`.%s Git commit %s, %s.",
                info.profile(), info.settings(), String.join(" ", info.forkJvmArgs()), machine, info.gitCommit(),
                info.generatedAt());
    }

    /** The best measured GFLOP/s per backend engine (PeakBenchmark), in the jmh.json's order. */
    public static Map<String, Score> measuredPeak(JsonNode jmh) {
        Map<String, Score> out = new LinkedHashMap<>();
        for (JsonNode n : jmh) {
            if (n.path("benchmark").asText().endsWith("PeakBenchmark.multiply")) {
                Score ms = Score.of(n);
                double g = PeakBenchmark.gflops(ms.score());
                // the error of a reciprocal, to first order: relative errors are equal
                out.put(n.path("params").path("backend").asText(), new Score(g, g * ms.error() / ms.score(), "GFLOP/s"));
            }
        }
        return out;
    }

    /** The stepping machinery's cost per epoch in ns (StepOverheadBenchmark), or null if not measured. */
    public static Score overhead(JsonNode jmh) {
        for (JsonNode n : jmh) {
            if (n.path("benchmark").asText().endsWith("StepOverheadBenchmark.epoch")) {
                return Score.of(n);
            }
        }
        return null;
    }

    /** The Markdown section, or an empty string if the directory has no JMH results. */
    public static String markdown(Path dir, List<CellResult> cells) throws IOException {
        if (!Files.exists(dir.resolve(JMH))) {
            return "";
        }
        SpeedInfo info = readInfo(dir.resolve(SPEED));
        JsonNode jmh = readJmh(dir.resolve(JMH));
        Map<String, Score> nativeLoad = new LinkedHashMap<>();
        Map<String, Map<String, Score>> byCell = scoresByCell(jmh, nativeLoad);
        Map<String, Timing> epochs = epochTimes(jmh);
        Map<String, Timing> cold = times(jmh, SpeedVerdicts.Measure.COLD);
        Map<String, Timing> single = times(jmh, SpeedVerdicts.Measure.SINGLE);
        Map<String, Timing> batch = times(jmh, SpeedVerdicts.Measure.BATCH);
        List<SpeedVerdicts.Verdict> all = SpeedVerdicts.compare(jmh);
        List<SpeedVerdicts.Verdict> verdicts = SpeedVerdicts.epochs(all);
        Map<String, String> fastest = new LinkedHashMap<>();
        epochs.forEach((cell, t) -> {
            if (!t.derived()) {
                fastest.merge(SpeedCase.withoutBackend(cell), cell, (a, b) -> epochs.get(b).ms() < epochs.get(a).ms() ? b : a);
            }
        });
        Map<String, Score> peaks = measuredPeak(jmh);
        Score peak = peaks.values().stream().max(java.util.Comparator.comparingDouble(Score::score)).orElse(null);
        Score overhead = overhead(jmh);
        StringBuilder md = new StringBuilder("\n## Speed (JMH)\n\n");
        md.append("From `jmh.json` beside this file (readable by jmh-visualizer).");
        md.append(describeInfo(info));
        md.append(" *Epoch*: steady-state training time of one epoch, the backend's own loop stepped one epoch per "
                + "invocation on JMH's thread, every iteration a fresh run from the shared initial weights (AverageTime): the "
                + "geometric mean of the forks' means with its 95% interval over forks; ‡ one fork only: JMH's score ± its "
                + "99.9% error over that fork's iterations; † Tribuo, whose trainer runs all epochs in one call: whole runs "
                + "of " + TrainRunBenchmark.LONG + " and 1 epochs, their difference over " + (TrainRunBenchmark.LONG - 1)
                + ", errors in quadrature. A derived epoch times a different thing (a whole trainer call per run), so it is "
                + "not compared with stepped ones. *x fastest*: the ratio of geometric means to the fastest stepped backend "
                + "on the same case; " + NOT_SEPARATED + " where the speed verdict below does not tell the two apart. "
                + "*Overhead*: the stepping machinery's own cost per epoch (a no-op run through the same code) as a share of "
                + "this epoch. *GFLOP/s* and *% peak*: the spec's training FLOPs per epoch (dense 2·in·out, LSTM 8·H·(I+H) "
                + "per step, training 3x forward) over the epoch time, against the measured peak below. *Cold start* (its own table after this one): a server's "
                + "cold start, from starting a new JVM to its first prediction (data, the backend's libraries, the model built "
                + "from the shared initial weights and trained one epoch, one prediction; single shots, each a new JVM), "
                + "measured on the first task's cases. *1 sample* and *batch*: one prediction of one sample and of the "
                + "held-out split, input conversion included. Cold start and predictions are given like the epoch: the "
                + "geometric mean over forks with its 95% interval, and their verdicts are in the table below. *Target*: whether this backend "
                + "and model met the task's target with its final model in the accuracy run above (a fast backend that "
                + "misses it is no winner).\n\n");
        md.append(peakText(peaks, peak, info));
        if (overhead != null) {
            md.append(String.format(Locale.ROOT, "**Harness overhead.** `StepOverheadBenchmark` runs the timed invocation "
                    + "(one `TrainingRun.epoch()` call and the guard's checks) on a run whose epoch does nothing: %s ns per "
                    + "epoch, %s of the shortest stepped epoch in this table. Setting up a run (construction, the first "
                    + "epoch) happens between iterations and is not timed.%n%n", overhead.show(),
                    shortestShare(overhead, epochs)));
        }
        if (info != null && !info.notTimed().isEmpty()) {
            md.append("Timed once, as another case with the same compute graph (same layers, loss, batch size and data "
                    + "shape; only the optimiser's per-parameter update or the input scaling differs, and the update is "
                    + "O(parameters) against forward and backward's O(parameters x batch x steps)): ")
                    .append(String.join("; ", info.notTimed())).append(".\n\n");
        }
        md.append("| task | params | model | backend | epoch (ms) | x fastest | overhead | GFLOP/s | % peak | 1 sample (µs) | batch (µs) | target |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Map.Entry<String, Map<String, Score>> e : byCell.entrySet()) {
            String[] p = e.getKey().split("/");
            Task task = Tasks.byId(p[0]);
            Map<String, String> params = p.length > 3 ? CellParams.parse(p[3]) : Map.of();
            Experiment x = Experiment.prepare(task, task.model(p[1]), params, 1, 1);
            Timing epoch = epochs.get(e.getKey());
            String gflops = "";
            String pct = "";
            String ratio = "";
            String share = "";
            String epochText = "n/a";
            if (epoch != null) {
                epochText = epoch.show();
                double flops = Flops.trainEpoch(x.spec(), x.train().size(), x.train().timesteps(), x.train().features());
                double g = flops / (epoch.ms() / 1000) / 1e9;
                gflops = String.format(Locale.ROOT, "%.3f", g);
                pct = peak == null ? "" : String.format(Locale.ROOT, "%.2f%%", 100 * g / peak.score());
                if (epoch.derived()) {
                    ratio = "not compared †";
                } else {
                    String best = fastest.get(SpeedCase.withoutBackend(e.getKey()));
                    ratio = best.equals(e.getKey()) ? "1.00" : ratioText(epoch, epochs.get(best), verdicts, e.getKey(), best);
                    share = overhead == null ? "" : String.format(Locale.ROOT, "%.4f%%", 100 * overhead.score() / 1e6 / epoch.ms());
                }
            }
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n",
                    p[0], x.data().params(), p[1], p[2], epochText, ratio, share, gflops, pct,
                    show(single.get(e.getKey())), show(batch.get(e.getKey())), reached(cells, p[0], p[1], p[2], x.data().params().toString())));
        }
        if (!cold.isEmpty()) {
            // measured on one task's cases only, so a table of its own rather than a column empty on every other row
            md.append("\n**Cold start** (ms; measured on the first task's cases): a new JVM to its first prediction.\n\n"
                    + "| task | model | backend | cold (ms) |\n|---|---|---|---|\n");
            cold.forEach((cell, t) -> {
                String[] p = cell.split("/");
                md.append("| ").append(p[0]).append(" | ").append(p[1]).append(" | ").append(p[2]).append(" | ")
                        .append(show(t)).append(" |\n");
            });
        }
        md.append(SpeedVerdicts.markdown(all));
        if (!nativeLoad.isEmpty()) {
            md.append("\nNative library load, apart from the cold start: the first call into the backend in a fresh JVM "
                    + "(one shot per fork, ± the 99.9% error over forks).\n\n| backend | native load (ms) |\n|---|---|\n");
            nativeLoad.forEach((b, sc) -> md.append("| ").append(b).append(" | ").append(sc.show()).append(" |\n"));
        }
        return md.toString();
    }

    private static String peakText(Map<String, Score> peaks, Score peak, SpeedInfo info) {
        StringBuilder md = new StringBuilder("**Peak.** ");
        if (peak == null) {
            md.append("Not measured in this run, so no % of peak.");
        } else {
            md.append("Measured: `PeakBenchmark` multiplies two ").append(PeakBenchmark.N).append(" x ").append(PeakBenchmark.N)
                    .append(" float32 matrices on each native engine (DL4J widened to every core for the product; DJL at its "
                            + "set-up's threads): ");
            md.append(String.join(", ", peaks.entrySet().stream().map(e -> e.getKey() + " " + e.getValue().show()
                    + " GFLOP/s").toList()));
            md.append(String.format(Locale.ROOT, ". %% of peak uses the best, %.1f GFLOP/s.", peak.score()));
        }
        if (info != null && info.peak() != null) {
            md.append(String.format(Locale.ROOT, " For reference, the figure assumed from the CPU's flags and clock: %.1f "
                    + "GFLOP/s (%s).", info.peak().gflops(), info.peak().method()));
        }
        return md.append("\n\n").toString();
    }

    private static String shortestShare(Score overhead, Map<String, Timing> epochs) {
        return epochs.entrySet().stream().filter(e -> !e.getValue().derived())
                .min(java.util.Comparator.comparingDouble(e -> e.getValue().ms()))
                .map(e -> String.format(Locale.ROOT, "%.4f%% (%s, %s ms)", 100 * overhead.score() / 1e6 / e.getValue().ms(),
                        e.getKey(), fmt(e.getValue().ms())))
                .orElse("no stepped epoch to compare");
    }

    /** The ratio to the fastest, marked when the verdict between the two does not separate them. */
    private static String ratioText(Timing mine, Timing best, List<SpeedVerdicts.Verdict> verdicts, String cell, String bestCell) {
        String a = SpeedCase.backendOf(cell);
        String b = SpeedCase.backendOf(bestCell);
        String c = SpeedCase.withoutBackend(cell);
        boolean separated = verdicts.stream().anyMatch(v -> (v.task() + "/" + v.model() + (v.params().equals("-") ? "" : "/"
                + v.params())).equals(c) && Set.of(v.a(), v.b()).equals(Set.of(a, b)) && v.verdict().contains(" faster by "));
        String ratio = String.format(Locale.ROOT, "%.2f", mine.ms() / best.ms());
        return separated ? ratio : ratio + " " + NOT_SEPARATED;
    }

    /**
     * The JMH results per benchmarked cell ({@code task/model/backend[/params]}): benchmark method (with its epochs
     * parameter where it has one) to score. Native-load results, which are per backend, go to {@code nativeLoad}; the
     * peak and overhead benchmarks are read by {@link #measuredPeak} and {@link #overhead}.
     */
    public static Map<String, Map<String, Score>> scoresByCell(JsonNode jmh, Map<String, Score> nativeLoad) {
        Map<String, Map<String, Score>> byCell = new LinkedHashMap<>();
        for (JsonNode n : jmh) {
            String bench = n.path("benchmark").asText();
            String method = bench.substring(bench.lastIndexOf('.', bench.lastIndexOf('.') - 1) + 1);
            Score score = Score.of(n);
            if (method.startsWith("NativeLoadBenchmark.")) {
                nativeLoad.put(n.path("params").path("backend").asText(), score);
            } else if (n.path("params").has("cell")) {
                JsonNode epochs = n.get("params").get("epochs");
                byCell.computeIfAbsent(n.get("params").path("cell").asText(), k -> new LinkedHashMap<>())
                        .put(epochs == null ? method : method + "@" + epochs.asText(), score);
            }
        }
        return byCell;
    }

    /** Each benchmarked cell's steady-state epoch time with its interval (the table's epoch column). */
    public static Map<String, Timing> epochTimes(JsonNode jmh) {
        Map<String, Timing> out = new LinkedHashMap<>();
        Map<String, Timing> stepped = times(jmh, SpeedVerdicts.Measure.EPOCH);
        scoresByCell(jmh, new LinkedHashMap<>()).forEach((cell, scores) -> {
            Score one = scores.get("TrainRunBenchmark.run@1");
            Score many = scores.get("TrainRunBenchmark.run@" + TrainRunBenchmark.LONG);
            if (stepped.containsKey(cell)) {
                out.put(cell, stepped.get(cell));
            } else if (one != null && many != null) {
                int extra = TrainRunBenchmark.LONG - 1;
                double ms = (many.score() - one.score()) / extra;
                double err = Math.hypot(many.error(), one.error()) / extra;
                out.put(cell, new Timing(ms, ms - err, ms + err, 0, true));
            }
        });
        return out;
    }

    /** The epoch times of a run directory's jmh.json; empty when it has none. */
    public static Map<String, Timing> epochTimes(Path dir) throws IOException {
        return Files.exists(dir.resolve(JMH)) ? epochTimes(readJmh(dir.resolve(JMH))) : Map.of();
    }

    private static String reached(List<CellResult> cells, String task, String model, String backend, String params) {
        List<CellResult> mine = cells.stream().filter(c -> c.task().equals(task) && c.model().equals(model)
                && c.backend().equals(backend) && c.params().equals(params)).toList();
        if (mine.isEmpty()) {
            return "not run at these params";
        }
        long hit = mine.stream().filter(c -> Boolean.TRUE.equals(c.targetMet())).count();
        return hit == mine.size() ? "yes" : hit == 0 ? "no" : hit + "/" + mine.size();
    }

    private static String show(Timing t) {
        return t == null ? "" : t.show();
    }

    /** Each case's time for one measure with its interval over forks (as {@link Timing#of}). */
    public static Map<String, Timing> times(JsonNode jmh, SpeedVerdicts.Measure measure) {
        Map<String, Timing> out = new LinkedHashMap<>();
        for (JsonNode n : jmh) {
            if (SpeedVerdicts.Measure.of(n) == measure) {
                out.put(n.get("params").get("cell").asText(), Timing.of(ForkPool.forkMeans(n), Score.of(n)));
            }
        }
        return out;
    }

    /** A JMH JSON array whose every entry has a score and params; anything else is a one-line IOException. */
    public static JsonNode readJmh(Path json) throws IOException {
        JsonNode all;
        try {
            all = ResultJson.mapper().readTree(json.toFile());
        } catch (IOException e) {
            throw new IOException(json + " is not JMH JSON: " + firstLine(e), e);
        }
        if (all == null || !all.isArray()) {
            throw new IOException(json + " is not JMH JSON: not an array");
        }
        for (JsonNode n : all) {
            if (!n.path("benchmark").isTextual() || !n.path("primaryMetric").has("score")) {
                throw new IOException(json + " is not JMH JSON: an entry has no benchmark or score");
            }
        }
        return all;
    }

    /** Jackson's messages run over several lines; the console gets one. */
    public static String firstLine(Exception e) {
        return String.valueOf(e.getMessage()).lines().findFirst().orElse("").strip();
    }

    public static String fmt(double v) {
        return Math.abs(v) >= 100 ? String.format(Locale.ROOT, "%.0f", v)
                : Math.abs(v) >= 1 ? String.format(Locale.ROOT, "%.2f", v) : String.format(Locale.ROOT, "%.3g", v);
    }

    /** A ratio with its interval, {@code r [low, high]}, or the ratio alone where there is no interval (one fork). */
    public static String interval(double ratio, double low, double high) {
        return Double.isNaN(low) ? fmt(ratio) : fmt(ratio) + " [" + fmt(low) + ", " + fmt(high) + "]";
    }
}
