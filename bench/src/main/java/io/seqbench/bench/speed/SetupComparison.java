package io.seqbench.bench.speed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.seqbench.common.result.ResultJson;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.descriptive.DescriptiveStatistics;
import org.openjdk.jmh.runner.RunnerException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The evidence for each backend's default CPU set-up: JMH epoch times of the same cases under the default set-up and
 * under each alternative, every set-up in its own forks (the settings are JVM arguments, read before the natives
 * load). Writes {@code setup-jmh.json}; {@link #markdown} renders it with the ratio to the default.
 */
public final class SetupComparison {
    public static final String JSON = "setup-jmh.json";
    /** Profile, fork JVM, git commit and time of the comparison, as {@link SpeedReport.SpeedInfo}. */
    public static final String INFO = "setup.json";

    /** One set-up: a name, the backend it applies to, and the fork arguments that differ from the default. */
    public record Setup(String backend, String name, List<String> jvmArgs) {
    }

    /**
     * An LSTM case and a dense-stack case per backend. DJL has two LSTM kernels, so two LSTM cases: the relu sum3 LSTM
     * runs its explicit cell, progression's tanh encoder-decoder its fused torch.lstm; its tiny linear model shows
     * per-step overhead, where the training loop matters most.
     */
    static final Map<String, List<String>> CASES = Map.of(
            "dl4j", List.of("sum3/lstm/dl4j", "sumpairs/linear-stack/dl4j"),
            "djl", List.of("sum3/lstm/djl", "progression/wide-log/djl", "sumpairs/linear-stack/djl", "sum3/linear/djl"));

    /** The alternatives measured. {@code =<unset>} drops a default argument. */
    public static final List<Setup> SETUPS = List.of(
            new Setup("dl4j", "default", List.of()),
            new Setup("dl4j", "2 threads", List.of("-Dseqbench.dl4j.threads=2")),
            new Setup("dl4j", "workspaces NONE", List.of("-Dseqbench.dl4j.workspaces=NONE")),
            new Setup("dl4j", "JavaCPP memory accounting on", List.of("-Dorg.bytedeco.javacpp.maxPhysicalBytes=<unset>")),
            new Setup("dl4j", "generic natives (no AVX2)", List.of("-Dorg.bytedeco.javacpp.platform.extension=")),
            new Setup("dl4j", "oneDNN natives", List.of("-Dorg.bytedeco.javacpp.platform.extension=-onednn")),
            new Setup("djl", "default", List.of()),
            new Setup("djl", "1 thread", List.of("-Dseqbench.djl.threads=1")),
            new Setup("djl", "EasyTrain loop", List.of("-Dseqbench.djl.loop=easytrain")));

    private SetupComparison() {
    }

    /**
     * Runs every set-up of the given backends and writes {@code dir/setup-jmh.json} and {@code dir/setup.json}. The
     * forks are interleaved: in each of the profile's rounds every set-up runs one fork, so that a drift of the machine
     * during the run (2 shared cores) falls on every set-up alike instead of on whichever ran at the time, and each
     * backend's set-ups take turns at going first ({@link #inRound}), so that no set-up always runs in the same place.
     * Each set-up's forks are then pooled into one JMH entry.
     */
    public static void run(List<String> backends, SpeedRunner.Profile profile, Path dir, String gitCommit, Consumer<String> progress)
            throws IOException, RunnerException {
        List<Setup> chosen = SETUPS.stream().filter(s -> backends.contains(s.backend())).toList();
        Map<String, List<JsonNode>> forks = new LinkedHashMap<>();
        for (int round = 1; round <= profile.forks; round++) {
            int i = 0;
            for (Setup s : inRound(chosen, round)) {
                progress.accept(String.format(Locale.ROOT, "round %d/%d, set-up %d/%d: %s, %s", round, profile.forks, ++i,
                        chosen.size(), s.backend(), s.name()));
                for (JsonNode n : SpeedRunner.runEpochs(CASES.get(s.backend()), profile, 1, s.name(), s.jvmArgs())) {
                    forks.computeIfAbsent(n.get("params").get("cell").asText() + "|" + s.name(), k -> new ArrayList<>()).add(n);
                }
            }
        }
        ArrayNode all = ResultJson.mapper().createArrayNode();
        forks.values().forEach(f -> all.add(pool(f)));
        SpeedRunner.write(all, dir.resolve(JSON));
        SpeedReport.writeInfo(dir.resolve(INFO), profile, Peak.compute(), gitCommit);
    }

    /** The set-ups in the order of the given round (from 1): each backend's list rotated by round - 1. */
    static List<Setup> inRound(List<Setup> setups, int round) {
        List<Setup> out = new ArrayList<>();
        for (String backend : setups.stream().map(Setup::backend).distinct().toList()) {
            List<Setup> mine = setups.stream().filter(s -> s.backend().equals(backend)).toList();
            for (int k = 0; k < mine.size(); k++) {
                out.add(mine.get((k + round - 1) % mine.size()));
            }
        }
        return out;
    }

    /**
     * One JMH entry from single-fork entries of the same benchmark: their raw iterations side by side, and the score,
     * 99.9% error, confidence interval and percentiles recomputed over all of them as JMH computes them (Student's t).
     */
    static JsonNode pool(List<JsonNode> singleForks) {
        ObjectNode out = singleForks.get(0).deepCopy();
        ArrayNode raw = ResultJson.mapper().createArrayNode();
        DescriptiveStatistics stats = new DescriptiveStatistics();
        for (JsonNode f : singleForks) {
            for (JsonNode fork : f.get("primaryMetric").get("rawData")) {
                raw.add(fork);
                fork.forEach(v -> stats.addValue(v.asDouble()));
            }
        }
        long n = stats.getN();
        double mean = stats.getMean();
        double error = n > 2 ? new TDistribution(n - 1).inverseCumulativeProbability(1 - 0.001 / 2)
                * stats.getStandardDeviation() / Math.sqrt(n) : Double.NaN;
        ObjectNode metric = (ObjectNode) out.get("primaryMetric");
        metric.put("score", mean);
        metric.put("scoreError", error);
        metric.set("scoreConfidence", ResultJson.mapper().createArrayNode().add(mean - error).add(mean + error));
        ObjectNode percentiles = ResultJson.mapper().createObjectNode();
        for (double p : new double[]{0, 50, 90, 95, 99, 99.9, 99.99, 99.999, 99.9999, 100}) {
            percentiles.put(String.valueOf(p), p == 0 ? stats.getMin() : stats.getPercentile(p));
        }
        metric.set("scorePercentiles", percentiles);
        metric.set("rawData", raw);
        metric.remove("rawDataHistogram");
        out.put("forks", singleForks.size());
        return out;
    }

    /** The Markdown section, or an empty string if the directory has no set-up comparison. */
    public static String markdown(Path dir) throws IOException {
        Path json = dir.resolve(JSON);
        if (!Files.exists(json)) {
            return "";
        }
        Map<String, Map<String, SpeedReport.Score>> byCase = new LinkedHashMap<>();
        for (JsonNode n : SpeedReport.readJmh(json)) {
            if (!n.get("params").has("setup")) {
                throw new IOException(json + " is not a set-up comparison: an entry has no set-up");
            }
            byCase.computeIfAbsent(n.get("params").path("cell").asText(), k -> new LinkedHashMap<>())
                    .put(n.get("params").get("setup").asText(), SpeedReport.Score.of(n));
        }
        StringBuilder md = new StringBuilder("\n## Backend set-ups (JMH)\n\nHow each backend's default CPU set-up was "
                + "chosen: steady-state ms/epoch (± 99.9% error) of the same cases under the default and each alternative, "
                + "each set-up in its own forks, the forks of all set-ups interleaved round by round, each round in a different order. *vs default* above 1.00 means the alternative is slower; "
                + SpeedReport.NOT_SEPARATED_LEGEND + " From `" + JSON
                + "`." + SpeedReport.describeInfo(SpeedReport.readInfo(dir.resolve(INFO))) + "\n\n| case | set-up | epoch (ms) | vs default |\n|---|---|---|---|\n");
        byCase.forEach((cell, setups) -> {
            SpeedReport.Score base = setups.get("default");
            setups.forEach((name, s) -> md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s |%n", cell, name, s.show(),
                    base == null ? "" : s.ratioTo(base))));
        });
        return md.toString();
    }
}
