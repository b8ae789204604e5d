package io.seqbench.bench.speed;

import io.seqbench.bench.stats.Statistics;
import com.fasterxml.jackson.databind.JsonNode;
import org.openjdk.jmh.runner.RunnerException;

import io.seqbench.common.result.MachineCheckResult;
import io.seqbench.common.scaling.ScalingCurves;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The evidence for each backend's default CPU set-up: JMH epoch times of the same cases under the default set-up and
 * under each alternative, every set-up in its own forks (the settings are JVM arguments, read before the natives
 * load). Writes {@code setup-jmh.json}; {@link #markdown} renders it with the ratio to the default.
 */
public final class SetupComparison {
    public static final String JSON = "setup-jmh.json";
    /** Per backend: profile, fork JVM, git commit and time of its comparison ({@link SetupResults}). */
    public static final String INFO = "setup.json";
    /** Where the forks of a set-up comparison in progress are kept. */
    public static final String FORKS = "setup-forks";

    /** One set-up: a name, the backend it applies to, and the fork arguments that differ from the default. */
    public record Setup(String backend, String name, List<String> jvmArgs) {
    }

    /**
     * An LSTM case and a dense-stack case per backend (DL4J's two APIs share the natives and thread settings, and
     * SameDiff has no workspace switch of the suite's, so it is measured on the rest). DJL has two LSTM kernels, so two LSTM cases: the relu sum3 LSTM
     * runs its explicit cell, progression's tanh encoder-decoder its fused torch.lstm; its tiny linear model shows
     * per-step overhead, where the training loop matters most.
     */
    public static final Map<String, List<String>> CASES = Map.of(
            "dl4j", List.of("sum3/lstm/dl4j", "sumpairs/linear-stack/dl4j"),
            "dl4j-samediff", List.of("sum3/lstm/dl4j-samediff", "sumpairs/linear-stack/dl4j-samediff"),
            "djl", List.of("sum3/lstm/djl", "progression/wide-log/djl", "sumpairs/linear-stack/djl", "sum3/linear/djl"),
            "tensorflow", List.of("sum3/lstm/tensorflow", "sumpairs/linear-stack/tensorflow"));

    /** The alternatives measured. {@code =<unset>} drops a default argument. */
    public static final List<Setup> SETUPS = List.of(
            new Setup("dl4j", "default", List.of()),
            new Setup("dl4j", "2 threads", List.of("-Dseqbench.dl4j.threads=2")),
            new Setup("dl4j", "workspaces NONE", List.of("-Dseqbench.dl4j.workspaces=NONE")),
            new Setup("dl4j", "JavaCPP memory accounting on", List.of("-Dorg.bytedeco.javacpp.maxPhysicalBytes=<unset>")),
            new Setup("dl4j", "generic natives (no AVX2)", List.of("-Dorg.bytedeco.javacpp.platform.extension=")),
            new Setup("dl4j", "oneDNN natives", List.of("-Dorg.bytedeco.javacpp.platform.extension=-onednn")),
            new Setup("dl4j-samediff", "default", List.of()),
            new Setup("dl4j-samediff", "2 threads", List.of("-Dseqbench.dl4j.threads=2")),
            new Setup("dl4j-samediff", "JavaCPP memory accounting on", List.of("-Dorg.bytedeco.javacpp.maxPhysicalBytes=<unset>")),
            new Setup("dl4j-samediff", "generic natives (no AVX2)", List.of("-Dorg.bytedeco.javacpp.platform.extension=")),
            new Setup("dl4j-samediff", "oneDNN natives", List.of("-Dorg.bytedeco.javacpp.platform.extension=-onednn")),
            new Setup("djl", "default", List.of()),
            new Setup("djl", "2 threads", List.of("-Dseqbench.djl.threads=2")),
            new Setup("djl", "EasyTrain loop", List.of("-Dseqbench.djl.loop=easytrain")),
            new Setup("djl", "one update per parameter (the loop before 2026-12-05)", List.of("-Dseqbench.djl.update=per-parameter")),
            new Setup("tensorflow", "default", List.of()),
            new Setup("tensorflow", "2 threads", List.of("-Dseqbench.tensorflow.threads=2")));

    /**
     * The set-ups that could pay off only on larger models than the fixed cases (more threads for larger matrix
     * products, oneDNN's natives for larger kernels): a stepped backend runs them, and its default, also on the largest
     * point of the chosen scaling curves, so that whether they pay off at size is measured, not assumed.
     */
    public static final Set<String> AT_SIZE = Set.of("2 threads", "oneDNN natives");

    /**
     * The curves on whose largest point the set-ups at size run unless others are named: those along which each
     * operation grows (LSTM units, batch size, dense width). Sequence length adds steps, not larger products per step,
     * and its largest point is the costliest of all (on DL4J over 10 s per epoch, minutes per fork), so it runs only
     * when named.
     */
    public static final List<String> AT_SIZE_FACTORS = List.of("lstm-units", "lstm-batch", "dense-width");

    private SetupComparison() {
    }

    /**
     * The cases a set-up runs: its backend's fixed cases, then, for the default and the set-ups {@link #AT_SIZE} of a
     * backend in {@code stepped} (those that can time an epoch on a scaling point), the largest point of each of
     * {@code curves} ({@code scaling/...}, {@link ScalingCase}).
     */
    public static List<String> cases(Setup setup, List<ScalingCurves.Curve> curves, List<String> stepped) {
        List<String> out = new ArrayList<>(CASES.get(setup.backend()));
        if (stepped.contains(setup.backend()) && (setup.name().equals("default") || AT_SIZE.contains(setup.name()))) {
            curves.forEach(c -> out.add(ScalingCase.id(c.points().get(c.points().size() - 1), setup.backend())));
        }
        return out;
    }

    /**
     * Runs every set-up of the given backends and writes them into {@code dir/setup-jmh.json} and {@code dir/setup.json},
     * in place of those backends' earlier entries; other backends' entries stay ({@link SetupResults}). The
     * forks are interleaved: in each of the profile's rounds every set-up runs one fork, so that a drift of the machine
     * during the run (2 shared cores) falls on every set-up alike instead of on whichever ran at the time, and each
     * backend's set-ups take turns at going first ({@link #inRound}), so that no set-up always runs in the same place.
     * Each set-up's forks are then pooled into one JMH entry, the forks' iterations kept apart. The set-ups
     * {@link #AT_SIZE} and the default of each backend in {@code stepped} also run on the largest point of each of
     * {@code curves} ({@link #cases}). Each round's fork of each set-up is kept under {@link #FORKS} until the end; with
     * {@code resume}, those already there are not run again.
     *
     * @throws IllegalArgumentException when resuming a comparison of other set-ups, cases, profile or commit
     */
    public static void run(List<String> backends, List<String> stepped, List<ScalingCurves.Curve> curves,
                           SpeedRunner.Profile profile, Path dir, String gitCommit, Map<String, String> machine,
                           MachineCheckResult check, boolean resume, Consumer<String> progress)
            throws IOException, RunnerException {
        List<Setup> chosen = SETUPS.stream().filter(s -> backends.contains(s.backend())).toList();
        Path kept = dir.resolve(FORKS);
        List<String> plan = chosen.stream().flatMap(s -> cases(s, curves, stepped).stream().map(c -> c + "|" + s.name())).toList();
        SpeedRunner.keepForks(kept, new SpeedRunner.State(profile.name().toLowerCase(Locale.ROOT), gitCommit,
                new SpeedRunner.Plan(plan, List.of(), List.of(), List.of(), backends, List.of())), resume,
                "the set-up comparison in " + dir);
        Map<String, List<JsonNode>> forks = new LinkedHashMap<>();
        for (int round = 1; round <= profile.forks; round++) {
            int i = 0;
            for (Setup s : inRound(chosen, round)) {
                Path fork = kept.resolve(String.format(Locale.ROOT, "round-%d-%s-%d.json", round, s.backend(), SETUPS.indexOf(s)));
                String what = String.format(Locale.ROOT, "round %d/%d, set-up %d/%d: %s, %s", round, profile.forks, ++i,
                        chosen.size(), s.backend(), s.name());
                if (Files.exists(fork)) {
                    progress.accept(what + " (kept from the interrupted run)");
                } else {
                    progress.accept(what);
                    SpeedRunner.write(SpeedRunner.runEpochs(cases(s, curves, stepped), profile, 1, s.name(), s.jvmArgs()), fork);
                }
                for (JsonNode n : SpeedReport.readJmh(fork)) {
                    forks.computeIfAbsent(n.get("params").get("cell").asText() + "|" + s.name(), k -> new ArrayList<>()).add(n);
                }
            }
        }
        List<JsonNode> pooled = forks.values().stream().map(ForkPool::pool).toList();
        SetupResults.replace(dir, backends, pooled, SpeedReport.info(profile, Peak.compute(), List.of(), gitCommit, machine, check));
        SpeedRunner.deleteTree(kept);
    }

    /** The set-ups in the order of the given round (from 1): each backend's list rotated by round - 1. */
    public static List<Setup> inRound(List<Setup> setups, int round) {
        List<Setup> out = new ArrayList<>();
        for (String backend : setups.stream().map(Setup::backend).distinct().toList()) {
            out.addAll(SpeedRunner.rotated(setups.stream().filter(s -> s.backend().equals(backend)).toList(), round));
        }
        return out;
    }

    /**
     * One case under one set-up: its fork means and time, and, for an alternative measured beside its backend's default,
     * the ratio to the default with its interval (Welch's t on the forks' log times, Bonferroni-corrected over the case's
     * alternatives at {@link SpeedVerdicts#LEVEL}) and the verdict; {@code vsDefault} is null for the default itself.
     */
    public record Compared(String cell, String setup, double[] forks, SpeedReport.Timing time, Statistics.LogRatio vsDefault,
                           String verdict) {
        public String backend() {
            return SpeedCase.backendOf(cell);
        }

        /** An alternative on the largest point of a scaling curve (against the default there, where it was measured). */
        public boolean atSize() {
            return !setup.equals("default") && ScalingCase.is(cell);
        }

        /** The ratio to the default with its interval, as the table shows it ("" for the default or without one). */
        public String ratio() {
            return vsDefault == null ? "" : SpeedReport.interval(vsDefault.ratio(), vsDefault.low(), vsDefault.high());
        }
    }

    /** Every case and set-up of the directory's comparison, in file order; empty if it has none. */
    public static List<Compared> compared(Path dir) throws IOException {
        return compared(dir, SetupResults.read(dir));
    }

    private static List<Compared> compared(Path dir, SetupResults.Stored stored) throws IOException {
        Map<String, Map<String, JsonNode>> byCase = new LinkedHashMap<>();
        for (JsonNode n : stored.entries()) {
            if (!n.path("params").has("setup")) {
                throw new IOException(dir.resolve(JSON) + " is not a set-up comparison: an entry has no set-up");
            }
            byCase.computeIfAbsent(n.get("params").path("cell").asText(), k -> new LinkedHashMap<>())
                    .put(n.get("params").get("setup").asText(), n);
        }
        List<Compared> out = new ArrayList<>();
        byCase.forEach((cell, setups) -> {
            JsonNode base = setups.get("default");
            double alpha = SpeedVerdicts.LEVEL / Math.max(1, setups.size() - 1);
            setups.forEach((name, n) -> {
                double[] mine = ForkPool.forkMeans(n);
                SpeedReport.Timing t = SpeedReport.Timing.of(mine, SpeedReport.Score.of(n));
                Statistics.LogRatio r = base == null || n == base ? null : Statistics.welchLog(mine, ForkPool.forkMeans(base), alpha);
                out.add(new Compared(cell, name, mine, t, r, r == null ? "" : SpeedVerdicts.verdict(name, "default", r)));
            });
        });
        return out;
    }

    /** The Markdown section, or an empty string if the directory has no set-up comparison. */
    public static String markdown(Path dir) throws IOException {
        Path json = dir.resolve(JSON);
        if (!Files.exists(json)) {
            return "";
        }
        SetupResults.Stored stored = SetupResults.read(dir);
        StringBuilder md = new StringBuilder(String.format(Locale.ROOT, "%n## Backend set-ups (JMH)%n%nHow each backend's "
                + "default CPU set-up was chosen: steady-state ms/epoch of the same cases under the default and each "
                + "alternative, each set-up in its own forks, the forks of all set-ups interleaved round by round, each round "
                + "in a different order. *Epoch*: the geometric mean of the fork means [95%% interval over forks] (‡ one fork: "
                + "± 99.9%% error). *vs default*: the ratio of geometric means with its interval from Welch's t on the forks' "
                + "log times, Bonferroni-corrected over the case's alternatives at %.2f; above 1 the alternative is slower; "
                + "the verdict follows the interval (fewer than %d forks: no test). Cases `scaling/...` are the largest "
                + "point of a scaling curve (`scaling/lstm/...` or `scaling/dense/...`: H units or width, L steps, batches of B), where a set-up that pays off "
                + "only on larger models (%s) would show. From `%s`.%s%n%n"
                + "<details><summary>Every case and set-up</summary>%n%n"
                + "| case | set-up | forks | epoch (ms) | vs default [interval] | verdict |%n|---|---|---|---|---|---|%n",
                SpeedVerdicts.LEVEL, SpeedVerdicts.MIN_FORKS, String.join(", ", new java.util.TreeSet<>(AT_SIZE)), JSON,
                SetupResults.describe(stored.infoByBackend())));
        Map<String, List<String>> atSize = new LinkedHashMap<>(); // "backend, set-up" -> "point: verdict", in file order
        for (Compared c : compared(dir, stored)) {
            md.append(String.format(Locale.ROOT, "| %s | %s | %d | %s | %s | %s |%n", c.cell(), c.setup(), c.forks().length,
                    c.time().show(), c.ratio(), c.verdict()));
            if (c.atSize() && c.vsDefault() != null) {
                atSize.computeIfAbsent(c.backend() + ", " + c.setup(), k -> new ArrayList<>())
                        .add(ScalingCase.point(c.cell()).id() + ": " + c.verdict());
            }
        }
        md.append("\n</details>\n");
        if (!atSize.isEmpty()) {
            md.append(String.format(Locale.ROOT, "%n**At size** (each curve's largest point, against the default there):%n%n"));
            atSize.forEach((setup, verdicts) -> md.append("- ").append(setup).append(": ")
                    .append(String.join("; ", verdicts)).append(String.format(Locale.ROOT, "%n")));
        }
        return md.toString();
    }
}
