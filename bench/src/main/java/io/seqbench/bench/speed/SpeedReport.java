package io.seqbench.bench.speed;

import com.fasterxml.jackson.databind.JsonNode;
import io.seqbench.bench.CellParams;
import io.seqbench.common.Experiment;
import io.seqbench.common.result.CellResult;
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

/** The JMH section of a run's README, read from {@code jmh.json} and {@code speed.json} beside {@code cells.jsonl}. */
public final class SpeedReport {
    public static final String JMH = "jmh.json";
    public static final String SPEED = "speed.json";

    /** JMH's score and 99.9% error for one benchmark method and case. */
    record Score(double score, double error, String unit) {
        /** The primary metric of a JMH entry already checked by {@link #readJmh}. */
        static Score of(JsonNode entry) {
            JsonNode m = entry.get("primaryMetric");
            return new Score(m.get("score").asDouble(), m.path("scoreError").asDouble(Double.NaN), m.path("scoreUnit").asText());
        }

        String show() {
            return Double.isFinite(error) ? fmt(score) + " ± " + fmt(error) : fmt(score);
        }

        /**
         * This score over {@code base}, marked {@link #NOT_SEPARATED} when the two 99.9% error intervals overlap, or
         * when either has no error (a single iteration): a ratio such a run cannot tell from 1. Conservative
         * (overlapping intervals can still differ significantly), the safe side for a table people choose a
         * framework from.
         */
        String ratioTo(Score base) {
            String ratio = String.format(Locale.ROOT, "%.2f", score / base.score);
            boolean separated = equals(base) || Math.abs(score - base.score) > error + base.error; // false for NaN
            return separated ? ratio : ratio + " " + NOT_SEPARATED;
        }
    }

    /** Marks a ratio whose two 99.9% error intervals overlap; {@link #NOT_SEPARATED_LEGEND} says so in the tables. */
    static final String NOT_SEPARATED = "≈";
    static final String NOT_SEPARATED_LEGEND = NOT_SEPARATED + " after a ratio: the two 99.9% error intervals overlap, "
            + "so this run does not tell the two apart.";

    /** What speed.json records: the profile, the forks' JVM and the peak used for "% of peak". */
    public record SpeedInfo(String profile, String settings, List<String> forkJvmArgs, Peak peak, String gitCommit,
                            String generatedAt) {
    }

    private SpeedReport() {
    }

    /** Records the profile, the forks' JVM, the peak, the git commit and the time of a JMH run. */
    public static void writeInfo(Path json, SpeedRunner.Profile profile, Peak peak, String gitCommit) throws IOException {
        ResultJson.mapper().writerWithDefaultPrettyPrinter().writeValue(json.toFile(),
                new SpeedInfo(profile.name().toLowerCase(Locale.ROOT), profile.describe(), SpeedRunner.FORK_JVM_ARGS,
                        peak, gitCommit, OffsetDateTime.now(ZoneOffset.UTC).toString()));
    }

    /** What {@link #writeInfo} recorded, or null if the file is absent. */
    static SpeedInfo readInfo(Path json) throws IOException {
        return Files.exists(json) ? ResultJson.mapper().readValue(json.toFile(), SpeedInfo.class) : null;
    }

    /** One sentence on how a JMH run was made, or an empty string if it was not recorded. */
    static String describeInfo(SpeedInfo info) {
        if (info == null) {
            return "";
        }
        return String.format(Locale.ROOT, " Profile `%s`: %s. Fork JVM: `%s`. Peak: %.1f GFLOP/s (%s). Git commit %s, %s.",
                info.profile(), info.settings(), String.join(" ", info.forkJvmArgs()), info.peak().gflops(),
                info.peak().method(), info.gitCommit(), info.generatedAt());
    }

    /** The Markdown section, or an empty string if the directory has no JMH results. */
    public static String markdown(Path dir, List<CellResult> cells) throws IOException {
        if (!Files.exists(dir.resolve(JMH))) {
            return "";
        }
        SpeedInfo info = readInfo(dir.resolve(SPEED));
        Map<String, Score> nativeLoad = new LinkedHashMap<>();
        Map<String, Map<String, Score>> byCell = scoresByCell(readJmh(dir.resolve(JMH)), nativeLoad);
        Map<String, Score> fastest = new LinkedHashMap<>();
        byCell.forEach((cell, s) -> {
            Score e = epochScore(s);
            if (e != null) {
                fastest.merge(withoutBackend(cell), e, (a, b) -> b.score() < a.score() ? b : a);
            }
        });
        StringBuilder md = new StringBuilder("\n## Speed (JMH)\n\n");
        md.append("From `jmh.json` beside this file (readable by jmh-visualizer).");
        md.append(describeInfo(info));
        md.append(" *Epoch*: steady-state training time of one epoch (the backend's own loop, stepped one epoch per "
                + "invocation; AverageTime, ± the 99.9% error; † Tribuo, whose trainer runs all epochs in one call: whole runs of "
                + TrainRunBenchmark.LONG + " and 1 epochs, their difference over " + (TrainRunBenchmark.LONG - 1)
                + ", errors combined in quadrature, so conversion and construction cancel). *x fastest*: against the fastest backend on the same task and "
                + "model; " + NOT_SEPARATED_LEGEND + " *GFLOP/s* and *% peak*: the spec's training FLOPs per epoch (dense 2·in·out, LSTM 8·H·(I+H) per step, "
                + "training 3x forward) over the epoch time; *% peak* against the whole machine (every core the JVM may use), since "
                + "each backend runs its own best thread count. *Cold*: model construction plus the first epoch, native library "
                + "already loaded (SingleShotTime). *1 sample* and *batch*: prediction latency on one sample and on the "
                + "held-out split. *Target*: whether this backend and model reached the task's target in the accuracy run "
                + "above (a fast backend that misses it is no winner).\n\n");
        md.append("| task | params | model | backend | epoch (ms) | x fastest | GFLOP/s | % peak | cold (ms) | 1 sample (µs) | batch (µs) | target |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Map.Entry<String, Map<String, Score>> e : byCell.entrySet()) {
            String[] p = e.getKey().split("/");
            Task task = Tasks.byId(p[0]);
            Map<String, String> params = p.length > 3 ? CellParams.parse(p[3]) : Map.of();
            Experiment x = Experiment.prepare(task, task.model(p[1]), params, 1, 1);
            Score epoch = epochScore(e.getValue());
            String gflops = "";
            String pct = "";
            String ratio = "";
            String epochText = "n/a";
            if (epoch != null) {
                epochText = epoch.show() + (e.getValue().containsKey("TrainEpochBenchmark.epoch") ? "" : " †");
                double flops = Flops.trainEpoch(x.spec(), x.train().size(), x.train().timesteps(), x.train().features());
                double g = flops / (epoch.score() / 1000) / 1e9;
                gflops = String.format(Locale.ROOT, "%.3f", g);
                pct = info == null || info.peak().gflops() <= 0 ? "" : String.format(Locale.ROOT, "%.2f%%", 100 * g / info.peak().gflops());
                ratio = epoch.ratioTo(fastest.get(withoutBackend(e.getKey())));
            }
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n",
                    p[0], x.data().params(), p[1], p[2], epochText, ratio, gflops, pct,
                    show(e.getValue().get("ColdStartBenchmark.firstEpoch")), show(e.getValue().get("InferenceBenchmark.single")),
                    show(e.getValue().get("InferenceBenchmark.batch")), reached(cells, p[0], p[1], p[2], x.data().params().toString())));
        }
        if (!nativeLoad.isEmpty()) {
            md.append("\nNative library load, apart from the cold start: the first call into the backend in a fresh JVM "
                    + "(one shot per fork, ± the 99.9% error over forks).\n\n| backend | native load (ms) |\n|---|---|\n");
            nativeLoad.forEach((b, s) -> md.append("| ").append(b).append(" | ").append(s.show()).append(" |\n"));
        }
        return md.toString();
    }

    /**
     * The JMH results per benchmarked cell ({@code task/model/backend[/params]}): benchmark method (with its epochs
     * parameter where it has one) to score. Native-load results, which are per backend, go to {@code nativeLoad}.
     */
    static Map<String, Map<String, Score>> scoresByCell(JsonNode jmh, Map<String, Score> nativeLoad) {
        Map<String, Map<String, Score>> byCell = new LinkedHashMap<>();
        for (JsonNode n : jmh) {
            String bench = n.path("benchmark").asText();
            String method = bench.substring(bench.lastIndexOf('.', bench.lastIndexOf('.') - 1) + 1);
            Score score = Score.of(n);
            if (n.get("params").has("backend")) {
                nativeLoad.put(n.get("params").get("backend").asText(), score);
            } else {
                JsonNode epochs = n.get("params").get("epochs");
                byCell.computeIfAbsent(n.get("params").path("cell").asText(), k -> new LinkedHashMap<>())
                        .put(epochs == null ? method : method + "@" + epochs.asText(), score);
            }
        }
        return byCell;
    }

    /**
     * Each benchmarked cell's steady-state epoch time and its 99.9% error, in ms, as {@code {score, error}} (the
     * table's epoch column); empty when the directory has no JMH results.
     */
    public static Map<String, double[]> epochTimes(Path dir) throws IOException {
        Map<String, double[]> out = new LinkedHashMap<>();
        if (Files.exists(dir.resolve(JMH))) {
            scoresByCell(readJmh(dir.resolve(JMH)), new LinkedHashMap<>()).forEach((cell, scores) -> {
                Score e = epochScore(scores);
                if (e != null) {
                    out.put(cell, new double[]{e.score(), e.error()});
                }
            });
        }
        return out;
    }

    /** Matches on the resolved parameters (defaults filled in), as the accuracy harness records them. */
    /**
     * The steady-state epoch: stepped if the backend could be stepped, otherwise the difference of the whole runs of
     * {@link TrainRunBenchmark#LONG} and 1 epochs over {@code LONG - 1}, its error from both errors in quadrature.
     */
    static Score epochScore(Map<String, Score> scores) {
        Score stepped = scores.get("TrainEpochBenchmark.epoch");
        Score one = scores.get("TrainRunBenchmark.run@1");
        Score many = scores.get("TrainRunBenchmark.run@" + TrainRunBenchmark.LONG);
        if (stepped != null || one == null || many == null) {
            return stepped;
        }
        int extra = TrainRunBenchmark.LONG - 1;
        return new Score((many.score() - one.score()) / extra, Math.hypot(many.error(), one.error()) / extra, many.unit());
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

    private static String withoutBackend(String cell) {
        String[] p = cell.split("/");
        return p[0] + "/" + p[1] + (p.length > 3 ? "/" + p[3] : "");
    }

    private static String show(Score s) {
        return s == null ? "" : s.show();
    }

    /** A JMH JSON array whose every entry has a score and params; anything else is a one-line IOException. */
    static JsonNode readJmh(Path json) throws IOException {
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
            if (!n.path("primaryMetric").has("score") || !n.path("params").isObject()) {
                throw new IOException(json + " is not JMH JSON: an entry has no score or params");
            }
        }
        return all;
    }

    /** Jackson's messages run over several lines; the console gets one. */
    static String firstLine(Exception e) {
        return String.valueOf(e.getMessage()).lines().findFirst().orElse("").strip();
    }

    static String fmt(double v) {
        return Math.abs(v) >= 100 ? String.format(Locale.ROOT, "%.0f", v)
                : Math.abs(v) >= 1 ? String.format(Locale.ROOT, "%.2f", v) : String.format(Locale.ROOT, "%.3g", v);
    }
}
