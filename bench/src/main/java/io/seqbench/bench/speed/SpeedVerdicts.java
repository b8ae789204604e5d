package io.seqbench.bench.speed;

import io.seqbench.bench.stats.Statistics;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import io.seqbench.common.result.ResultJson;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The speed verdicts: on each case (task, model, params) and measure (the training epoch, one prediction of one sample
 * and of a batch, the cold start), every pair of backends that ran it compared on their forks' means by
 * {@link Statistics#welchLog} (the fork is the unit: each is a fresh JVM, and the variance between forks dominates on a
 * shared machine). The interval of the ratio is Bonferroni-corrected within the task and measure, at {@link #LEVEL}
 * overall, and the verdict follows the interval: "A faster by X" when it excludes 1, else "no difference detected".
 * Written to {@code speed-verdicts.json}.
 */
public final class SpeedVerdicts {
    public static final String FILE = "speed-verdicts.json";
    /** Familywise level within a task and measure. */
    public static final double LEVEL = 0.05;
    /** Fewer forks than this on either side: no test. */
    public static final int MIN_FORKS = 3;

    /** What is timed, by the JMH method that times it. */
    public enum Measure {
        EPOCH("epoch", "TrainEpochBenchmark.epoch"), SINGLE("1 sample", "InferenceBenchmark.single"),
        BATCH("batch", "InferenceBenchmark.batch"), COLD("cold start", "ColdStartBenchmark.firstPrediction");

        /** The name the verdicts and tables use. */
        public final String label;
        final String method;

        Measure(String label, String method) {
            this.label = label;
            this.method = method;
        }

        /** The measure a JMH entry times, or null for one no verdict compares. */
        static Measure of(JsonNode entry) {
            String bench = entry.path("benchmark").asText();
            for (Measure m : values()) {
                if (bench.endsWith("." + m.method)) {
                    return m;
                }
            }
            return null;
        }
    }

    private SpeedVerdicts() {
    }

    /**
     * One comparison: {@code ratio} is a's geometric-mean time over b's for the {@code measure} (a {@link Measure}'s
     * label; absent, in files made before other measures were compared, it is the epoch), with its interval [low, high]
     * at level {@code 1 - alpha}, alpha = {@link #LEVEL} over the task's number of comparisons of that measure;
     * {@code p} is Welch's, Bonferroni-adjusted.
     */
    @JsonPropertyOrder(alphabetic = false)
    public record Verdict(String task, String model, String params, String a, String b, double ratio, double low,
                          double high, double alpha, double p, int forksA, int forksB, String verdict, String measure) {
        public Verdict {
            measure = measure == null ? Measure.EPOCH.label : measure;
        }

        /** Whether this verdict compares training epochs. */
        public boolean epoch() {
            return measure.equals(Measure.EPOCH.label);
        }
    }

    /** The fork means of every case of one measure in a jmh.json, by case id, in the benchmark's unit. */
    public static Map<String, double[]> forkMeans(JsonNode jmh, Measure measure) {
        Map<String, double[]> out = new LinkedHashMap<>();
        for (JsonNode n : jmh) {
            if (Measure.of(n) == measure) {
                out.put(n.get("params").get("cell").asText(), ForkPool.forkMeans(n));
            }
        }
        return out;
    }

    /** The verdicts on training epochs alone (what ranks backends for training). */
    public static List<Verdict> epochs(List<Verdict> verdicts) {
        return verdicts.stream().filter(Verdict::epoch).toList();
    }

    /** Every comparison of a jmh.json: each measure in {@link Measure}'s order, its cases in the file's order. */
    public static List<Verdict> compare(JsonNode jmh) {
        List<Verdict> out = new ArrayList<>();
        for (Measure measure : Measure.values()) {
            out.addAll(compare(forkMeans(jmh, measure), measure));
        }
        return out;
    }

    private static List<Verdict> compare(Map<String, double[]> means, Measure measure) {
        Map<String, List<String>> byCase = new LinkedHashMap<>();
        means.keySet().forEach(c -> byCase.computeIfAbsent(SpeedCase.withoutBackend(c), k -> new ArrayList<>()).add(c));
        Map<String, Integer> perTask = new LinkedHashMap<>();
        byCase.forEach((c, cells) -> perTask.merge(c.split("/")[0], cells.size() * (cells.size() - 1) / 2, Integer::sum));
        List<Verdict> out = new ArrayList<>();
        byCase.forEach((c, cells) -> {
            String[] p = c.split("/");
            int m = perTask.get(p[0]);
            double alpha = LEVEL / m;
            for (int i = 0; i < cells.size(); i++) {
                for (int j = i + 1; j < cells.size(); j++) {
                    String a = SpeedCase.backendOf(cells.get(i));
                    String b = SpeedCase.backendOf(cells.get(j));
                    Statistics.LogRatio r = Statistics.welchLog(means.get(cells.get(i)), means.get(cells.get(j)), alpha);
                    out.add(new Verdict(p[0], p[1], p.length > 2 ? p[2] : "-", a, b, r.ratio(), r.low(), r.high(), alpha,
                            Double.isNaN(r.p()) ? Double.NaN : Math.min(1, r.p() * m), r.na(), r.nb(), verdict(a, b, r),
                            measure.label));
                }
            }
        });
        return out;
    }

    public static String verdict(String a, String b, Statistics.LogRatio r) {
        int forks = Math.min(r.na(), r.nb());
        if (!tested(r)) {
            return "no test (" + forks + (forks == 1 ? " fork" : " forks") + "; needs " + MIN_FORKS + ")";
        }
        if (r.low() > 1) {
            return b + " faster by " + times(r.ratio()) + " [" + times(r.low()) + ", " + times(r.high()) + "]";
        }
        if (r.high() < 1) {
            return a + " faster by " + times(1 / r.ratio()) + " [" + times(1 / r.high()) + ", " + times(1 / r.low()) + "]";
        }
        return "no difference detected (" + forks + " forks each)";
    }

    /** The side the interval finds faster, {@code a} or {@code b}, or null: no difference detected, or too few forks. */
    public static String winner(String a, String b, Statistics.LogRatio r) {
        if (!tested(r)) {
            return null;
        }
        return r.high() < 1 ? a : r.low() > 1 ? b : null;
    }

    /** Whether both sides have the forks a test needs. */
    public static boolean tested(Statistics.LogRatio r) {
        return Math.min(r.na(), r.nb()) >= MIN_FORKS;
    }

    private static String times(double x) {
        return String.format(Locale.ROOT, x >= 10 ? "%.0fx" : "%.2fx", x);
    }

    /** Writes {@code dir/speed-verdicts.json} from {@code dir/jmh.json}; nothing if the directory has no speed run. */
    public static void writeFor(Path dir) throws IOException {
        Path jmh = dir.resolve(SpeedReport.JMH);
        if (java.nio.file.Files.exists(jmh)) {
            ResultJson.write(dir.resolve(FILE), compare(SpeedReport.readJmh(jmh)));
        }
    }

    /** The verdicts of a run directory's speed-verdicts.json; empty when it has none. */
    public static List<Verdict> read(Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        return java.nio.file.Files.exists(file) ? List.of(ResultJson.mapper().readValue(file.toFile(), Verdict[].class))
                : List.of();
    }

    /** The verdicts as a Markdown section, or an empty string if there are none. */
    public static String markdown(List<Verdict> verdicts) {
        if (verdicts.isEmpty()) {
            return "";
        }
        StringBuilder md = new StringBuilder(String.format(Locale.ROOT, "%n### Speed verdicts%n%nEach pair of backends that "
                + "ran the same case, compared on their forks for each measure (each fork a fresh JVM, its mean time one "
                + "value; *epoch*: one training epoch, stepped backends only; *1 sample* and *batch*: one prediction; "
                + "*cold start*: a new JVM to its first prediction): the ratio of geometric means a/b with its interval "
                + "from Welch's t on log time, Bonferroni-corrected within the task and measure at %.2f overall (the interval's level is shown), and the verdict that interval gives; fewer than "
                + "%d forks a side is no test. From `%s`.%n%n| measure | task | model | params | a | b | forks | a/b "
                + "[interval] | level | verdict |%n|---|---|---|---|---|---|---|---|---|---|%n", LEVEL, MIN_FORKS, FILE));
        for (Verdict v : verdicts) {
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %d + %d | %s | %s | %s |%n", v.measure(),
                    v.task(), v.model(),
                    v.params(), v.a(), v.b(), v.forksA(), v.forksB(), SpeedReport.interval(v.ratio(), v.low(), v.high()),
                    Double.isNaN(v.low()) ? "" : String.format(Locale.ROOT, "%.1f%%", 100 * (1 - v.alpha())), v.verdict()));
        }
        return md.toString();
    }
}
