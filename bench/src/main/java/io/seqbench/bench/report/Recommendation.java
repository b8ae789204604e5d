package io.seqbench.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.seqbench.bench.speed.SpeedCase;
import io.seqbench.bench.speed.SpeedReport;
import io.seqbench.bench.speed.SpeedVerdicts;
import io.seqbench.bench.verify.VerifyReport;
import io.seqbench.common.result.CellResult;
import io.seqbench.common.result.CellStatus;
import io.seqbench.common.result.ResultJson;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The answer first: for each job (a kind of model), the backend to use and the runner-up, and why, in one line made
 * from the result files only. The exact backends train the same model ({@code verify}), so accuracy does not separate
 * them; the speed verdicts (JMH, forks as units) rank them: a backend scores one for each case where a verdict finds it
 * faster than another backend and loses one where it is slower. The seed tasks' models are tiny, so a last line says
 * what changes at size ({@link LargerModels}). What the files do not hold is said, not guessed.
 */
public final class Recommendation {
    /** The anchors the lines link to (GitHub's and the page's heading ids). */
    static final String SPEED = "#speed-verdicts";
    static final String EQUIVALENCE = "#equivalence";
    static final String VERDICTS = "#verdicts";

    private Recommendation() {
    }

    /** One job's line: what to use, what next, and the evidence. */
    public record Line(String job, String use, String runnerUp, String why) {
        String markdown() {
            return "- **" + job + "**: " + (use == null ? "" : "use **" + use + "**"
                    + (runnerUp == null ? "" : " (runner-up: " + runnerUp + ")") + ". ") + why;
        }
    }

    /** The README section, from the run directory's cells, speed-verdicts.json and verify.json. */
    public static String markdown(Path dir, List<CellResult> cells) throws IOException {
        List<SpeedVerdicts.Verdict> verdicts = SpeedVerdicts.read(dir);
        Path verify = dir.resolve(VerifyReport.FILE);
        JsonNode rows = Files.exists(verify) ? ResultJson.mapper().readTree(verify.toFile()).path("rows") : null;
        StringBuilder md = new StringBuilder("## Recommendation\n\n");
        md.append("Which backend for which job, generated from the result files below. Every backend that runs a model "
                + "exactly as specified starts from the same weights and sees the same batches, so it trains the same model"
                + (rows == null ? "" : " ([equivalence](" + EQUIVALENCE + "))")
                + " and accuracy does not separate them; training speed per epoch does, and it makes the pick"
                + (verdicts.isEmpty() ? " (no speed run in these results)"
                        : " ([speed verdicts](" + SPEED + "): JMH, each measurement repeated in fresh JVMs)")
                + (cells.stream().anyMatch(c -> c.memory() != null) ? ". Memory per training cell is measured"
                        : ". Memory per training cell is not in these results (cells recorded before it was measured)")
                + (Files.exists(dir.resolve(io.seqbench.bench.speed.Footprint.FILE))
                        ? "; what each backend adds to a deployment is in the [footprint](#footprint) table"
                        : "; footprint is not measured in these results")
                + (verdicts.stream().anyMatch(v -> !v.epoch() && tested(v))
                        ? "; serving latency and cold start have verdicts of their own, forks as units, and a line "
                        + "names the backend to serve with where one-sample prediction puts another first.\n\n"
                        : "; serving latency and cold start are not in these results with the forks a verdict needs.\n\n"));
        for (Line l : lines(cells, verdicts, rows, SpeedReport.epochTimes(dir))) {
            md.append(l.markdown()).append('\n');
        }
        Line larger = LargerModels.line(dir);
        if (larger != null) {
            md.append(larger.markdown()).append('\n');
        }
        return md.append('\n').toString();
    }

    /** The lines without epoch times (no time to target). */
    public static List<Line> lines(List<CellResult> cells, List<SpeedVerdicts.Verdict> speed, JsonNode verifyRows) {
        return lines(cells, speed, verifyRows, Map.of());
    }

    /** The lines, one per job found in the cells, in the order of {@link Verdicts#JOBS}. */
    public static List<Line> lines(List<CellResult> cells, List<SpeedVerdicts.Verdict> speed, JsonNode verifyRows,
                                   Map<String, SpeedReport.Timing> epochs) {
        Map<String, List<CellResult>> byJob = new TreeMap<>(Comparator.comparingInt(Verdicts.JOBS::indexOf));
        for (CellResult c : cells) {
            byJob.computeIfAbsent(Verdicts.job(c.spec()), k -> new ArrayList<>()).add(c);
        }
        Map<String, String> jobOfModel = new LinkedHashMap<>();
        cells.forEach(c -> jobOfModel.put(c.task() + "/" + c.model(), Verdicts.job(c.spec())));
        List<Line> out = new ArrayList<>();
        byJob.forEach((job, mine) -> {
            // every backend that runs one of the job's models exactly; the speed verdicts compare them where both run
            List<String> exact = mine.stream().filter(c -> c.support().equals("exact")).map(CellResult::backend)
                    .distinct().sorted().toList();
            List<SpeedVerdicts.Verdict> jobAll = speed.stream()
                    .filter(v -> job.equals(jobOfModel.get(v.task() + "/" + v.model())))
                    .filter(v -> exact.contains(v.a()) && exact.contains(v.b())).toList();
            List<SpeedVerdicts.Verdict> jobSpeed = SpeedVerdicts.epochs(jobAll);
            List<String> alsoApproximate = mine.stream().filter(c -> c.support().startsWith("approximate"))
                    .map(CellResult::backend).filter(b -> !exact.contains(b)).distinct().sorted().toList();
            String accuracy = partly(mine, exact) + accuracy(mine, exact, verifyRows) + memory(mine, exact)
                    + (alsoApproximate.isEmpty() || exact.isEmpty() ? "" : " " + String.join(", ", alsoApproximate)
                    + " also runs these models, approximately (its own start and loss; reason in the task tables), so "
                    + "it is not ranked with the exact backends.");
            if (exact.isEmpty()) {
                List<String> approximate = mine.stream().filter(c -> c.support().startsWith("approximate"))
                        .map(CellResult::backend).distinct().sorted().toList();
                out.add(new Line(job, null, null, approximate.isEmpty() ? "no backend runs these models."
                        : "no backend runs these models exactly; " + String.join(", ", approximate)
                        + " runs them approximately (its reason is in the task tables)."));
            } else if (exact.size() == 1) {
                out.add(new Line(job, exact.get(0), null, "the only backend that runs these models exactly. " + accuracy));
            } else if (jobSpeed.isEmpty()) {
                out.add(new Line(job, null, null, "run exactly by " + String.join(", ", exact) + "; no speed verdict in the "
                        + "result files to choose between them. " + accuracy));
            } else {
                List<String> ranked = rank(exact, jobSpeed);
                List<List<String>> places = places(ranked, jobSpeed);
                String use = String.join(" or ", places.get(0));
                String runnerUp = places.get(0).size() > 1 || places.size() < 2 ? null : String.join(" or ", places.get(1));
                String tie = places.get(0).size() > 1 ? "No speed verdict separates " + String.join(" and ", places.get(0))
                        + ". " : "";
                out.add(new Line(job, use, runnerUp, tie + toServe(places.get(0), exact, jobAll)
                        + speed("Per epoch", ranked.get(0), ranked, jobSpeed)
                        + serving(ranked.get(0), ranked, jobAll) + " " + accuracy + timeToTarget(ranked.get(0), mine, epochs)));
            }
        });
        return out;
    }

    /** Backends by speed score (cases faster minus cases slower), then by fewer losses, then by name. */
    static List<String> rank(List<String> backends, List<SpeedVerdicts.Verdict> verdicts) {
        Map<String, int[]> score = scores(backends, verdicts);
        return score.entrySet().stream().sorted(Comparator.<Map.Entry<String, int[]>>comparingInt(e -> e.getValue()[1] - e.getValue()[0])
                .thenComparingInt(e -> e.getValue()[1]).thenComparing(Map.Entry::getKey)).map(Map.Entry::getKey).toList();
    }

    /** Per backend: the cases a verdict finds it faster on, and slower on. */
    private static Map<String, int[]> scores(List<String> backends, List<SpeedVerdicts.Verdict> verdicts) {
        Map<String, int[]> score = new TreeMap<>();
        backends.forEach(b -> score.put(b, new int[2]));
        for (SpeedVerdicts.Verdict v : verdicts) {
            String faster = faster(v);
            if (faster != null) {
                String slower = faster.equals(v.a()) ? v.b() : v.a();
                score.get(faster)[0]++;
                score.get(slower)[1]++;
            }
        }
        return score;
    }

    /**
     * The ranking cut into places: backends with the same wins and losses, and no verdict between them, share a place,
     * so that a name's alphabetical order never decides which one is recommended or runner-up.
     */
    static List<List<String>> places(List<String> ranked, List<SpeedVerdicts.Verdict> verdicts) {
        Map<String, int[]> score = scores(ranked, verdicts);
        List<List<String>> places = new ArrayList<>();
        for (String b : ranked) {
            List<String> last = places.isEmpty() ? null : places.get(places.size() - 1);
            if (last != null && java.util.Arrays.equals(score.get(last.get(0)), score.get(b))
                    && last.stream().noneMatch(o -> separated(o, b, verdicts))) {
                last.add(b);
            } else {
                places.add(new ArrayList<>(List.of(b)));
            }
        }
        return places;
    }

    /** Whether a verdict finds one of the two faster than the other. */
    private static boolean separated(String a, String b, List<SpeedVerdicts.Verdict> verdicts) {
        return verdicts.stream().anyMatch(v -> Set.of(v.a(), v.b()).equals(Set.of(a, b)) && faster(v) != null);
    }

    /** The backend a verdict finds faster, or null (no difference detected, or no test). */
    static String faster(SpeedVerdicts.Verdict v) {
        if (v.verdict().startsWith(v.a() + " faster by ")) {
            return v.a();
        }
        return v.verdict().startsWith(v.b() + " faster by ") ? v.b() : null;
    }

    /** Whether a verdict rests on a test (enough forks a side). */
    static boolean tested(SpeedVerdicts.Verdict v) {
        return !v.verdict().startsWith("no test");
    }

    /** The verdicts of one measure that rest on a test. */
    private static List<SpeedVerdicts.Verdict> tested(SpeedVerdicts.Measure m, List<SpeedVerdicts.Verdict> verdicts) {
        return verdicts.stream().filter(v -> v.measure().equals(m.label)).filter(Recommendation::tested).toList();
    }

    /**
     * The pick is by training speed; a team that mostly serves needs to know when one-sample prediction puts another
     * backend first (ranked the same way, by its tested verdicts). "" when it puts the training pick first too, or when
     * no verdict decides it.
     */
    static String toServe(List<String> trainingFirst, List<String> exact, List<SpeedVerdicts.Verdict> verdicts) {
        List<SpeedVerdicts.Verdict> single = tested(SpeedVerdicts.Measure.SINGLE, verdicts);
        if (single.stream().allMatch(v -> faster(v) == null)) {
            return "";
        }
        List<String> first = places(rank(exact, single), single).get(0);
        return first.stream().anyMatch(trainingFirst::contains) ? "" : "To serve one prediction at a time, use **"
                + String.join(" or ", first) + "** instead: it leads the one-sample prediction verdicts (below). ";
    }

    /** The chosen backend's prediction latency and cold start against the others, where they have tested verdicts. */
    private static String serving(String use, List<String> ranked, List<SpeedVerdicts.Verdict> verdicts) {
        StringBuilder out = new StringBuilder();
        for (SpeedVerdicts.Measure m : List.of(SpeedVerdicts.Measure.SINGLE, SpeedVerdicts.Measure.COLD)) {
            List<SpeedVerdicts.Verdict> mine = tested(m, verdicts);
            String line = mine.isEmpty() ? "" : speed(m == SpeedVerdicts.Measure.SINGLE ? "Predicting one sample"
                    : "From a new JVM to its first prediction", use, ranked, mine);
            out.append(line.isEmpty() ? "" : " " + line);
        }
        return out.toString();
    }

    /** The chosen backend against each other exact backend: cases faster (with the range of ratios) and slower. */
    private static String speed(String lead, String use, List<String> ranked, List<SpeedVerdicts.Verdict> verdicts) {
        List<String> parts = new ArrayList<>();
        for (String other : ranked.subList(1, ranked.size())) {
            List<SpeedVerdicts.Verdict> pair = verdicts.stream().filter(v -> Set.of(v.a(), v.b()).equals(Set.of(use, other))).toList();
            if (pair.isEmpty()) {
                continue;
            }
            List<Double> wins = new ArrayList<>();
            List<String> losses = new ArrayList<>();
            for (SpeedVerdicts.Verdict v : pair) {
                double times = v.a().equals(use) ? 1 / v.ratio() : v.ratio(); // how many times faster use is
                if (use.equals(faster(v))) {
                    wins.add(times);
                } else if (other.equals(faster(v))) {
                    losses.add(v.task() + "/" + v.model() + String.format(Locale.ROOT, " (%s %.2fx faster)", other, 1 / times));
                }
            }
            String part = String.format(Locale.ROOT, "faster than %s on %d of %d case%s", other, wins.size(), pair.size(),
                    pair.size() == 1 ? "" : "s");
            double low = wins.stream().mapToDouble(d -> d).min().orElse(1);
            double high = wins.stream().mapToDouble(d -> d).max().orElse(1);
            if (!wins.isEmpty()) {
                part += low == high ? String.format(Locale.ROOT, " (%.2fx)", low)
                        : String.format(Locale.ROOT, " (%.2fx to %.2fx)", low, high);
            }
            if (!losses.isEmpty()) {
                part += ", slower on " + String.join(", ", losses);
            }
            int none = pair.size() - wins.size() - losses.size();
            if (none > 0) {
                part += ", no difference detected on " + none;
            }
            parts.add(part);
        }
        return parts.isEmpty() ? "" : lead + ", " + use + " is " + String.join("; ", parts) + " ([speed verdicts](" + SPEED + ")).";
    }

    /**
     * How long the chosen backend trains until a model meets its target, on the job's cases that have both: the median
     * epoch at which the cells whose final model meets the target first met it times the JMH epoch time, with the epoch time's interval carried
     * through; the range over cases. Said where no case has both.
     */
    static String timeToTarget(String use, List<CellResult> cells, Map<String, SpeedReport.Timing> epochs) {
        List<double[]> times = new ArrayList<>();
        List<String> names = new ArrayList<>();
        epochs.forEach((cell, t) -> {
            if (!SpeedCase.backendOf(cell).equals(use) || t.derived()) {
                return;
            }
            double[] firstMet = cells.stream().filter(c -> c.backend().equals(use)
                    && SpeedCase.isCase(cell, c.task(), c.model(), c.params()) && c.firstMet() != null
                    && Boolean.TRUE.equals(c.targetMet())) // the final model meets it: met and kept
                    .mapToDouble(c -> c.firstMet().epoch()).toArray();
            if (firstMet.length > 0) {
                double e = io.seqbench.bench.stats.Statistics.median(firstMet);
                times.add(new double[]{e * t.ms(), e * t.low(), e * t.high()});
                String[] id = cell.split("/");
                names.add(id[0] + "/" + id[1]);
            }
        });
        if (times.isEmpty()) {
            return epochs.isEmpty() ? "" : " No case of these models both meets its target on " + use
                    + " and has a JMH epoch time, so no time to target.";
        }
        int fast = 0;
        int slow = 0;
        for (int i = 0; i < times.size(); i++) {
            fast = times.get(i)[0] < times.get(fast)[0] ? i : fast;
            slow = times.get(i)[0] > times.get(slow)[0] ? i : slow;
        }
        String range = span(times.get(fast), names.get(fast)) + (fast == slow ? "" : " to " + span(times.get(slow),
                names.get(slow)));
        return String.format(Locale.ROOT, " Training time to the target on %s (median first-met epoch x JMH epoch time): "
                + "%s, over %d case%s.", use, range, times.size(), times.size() == 1 ? "" : "s");
    }

    private static String span(double[] t, String name) {
        return duration(t[0]) + " [" + duration(t[1]) + ", " + duration(t[2]) + "] (" + name + ")";
    }

    /** Milliseconds as a reader takes them in: seconds from 1 s, whole milliseconds from 10, else 2 significant digits. */
    static String duration(double ms) {
        return ms >= 1000 ? String.format(Locale.ROOT, "%.1f s", ms / 1000)
                : ms >= 10 ? String.format(Locale.ROOT, "%.0f ms", ms) : String.format(Locale.ROOT, "%.2g ms", ms);
    }

    /** The median peak memory of a training cell per backend, where the cells recorded it ("" where none did). */
    private static String memory(List<CellResult> cells, List<String> exact) {
        List<String> parts = new ArrayList<>();
        for (String b : exact) {
            double[] kb = cells.stream().filter(c -> c.backend().equals(b) && c.memory() != null)
                    .mapToDouble(c -> c.memory().peakRssAboveBaselineKb()).sorted().toArray();
            if (kb.length > 0) {
                parts.add(b + " " + Format.memory(kb[kb.length / 2]));
            }
        }
        return parts.isEmpty() ? "" : " Memory of a training cell (median peak above its worker's level): "
                + String.join(", ", parts) + ".";
    }

    /** Backends that run only some of the job's models exactly, and how many ("" when every one runs all). */
    private static String partly(List<CellResult> cells, List<String> exact) {
        long models = cells.stream().map(c -> c.task() + "/" + c.model() + "/" + c.params()).distinct().count();
        List<String> parts = new ArrayList<>();
        for (String b : exact) {
            long mine = cells.stream().filter(c -> c.backend().equals(b) && c.support().equals("exact"))
                    .map(c -> c.task() + "/" + c.model() + "/" + c.params()).distinct().count();
            if (mine < models) {
                parts.add(b + " runs " + mine + " of these " + models + " models exactly");
            }
        }
        return parts.isEmpty() ? "" : String.join("; ", parts) + ". ";
    }

    /** The same model on every exact backend (verify's pairs of these models), and how often the target is met. */
    private static String accuracy(List<CellResult> cells, List<String> exact, JsonNode verifyRows) {
        TreeSet<String> models = cells.stream().map(c -> c.task() + "/" + c.model()).collect(Collectors.toCollection(TreeSet::new));
        String same;
        if (verifyRows == null) {
            same = "Equivalence not checked in these results";
        } else {
            int pass = 0;
            int fail = 0;
            for (JsonNode r : verifyRows) {
                if (models.contains(r.path("task").asText() + "/" + r.path("model").asText())
                        && exact.contains(r.path("a").asText()) && exact.contains(r.path("b").asText())) {
                    pass += r.path("verdict").asText().equals("pass") ? 1 : 0;
                    fail += r.path("verdict").asText().equals("FAIL") ? 1 : 0;
                }
            }
            same = pass + fail == 0 ? "No equivalence pair among these models"
                    : fail == 0 ? "The same model on every exact backend (verify: " + pass + " pairs pass, 0 fail)"
                    : "**" + fail + " equivalence pairs FAIL** (of " + (pass + fail) + ")";
        }
        Map<String, long[]> met = new TreeMap<>();
        for (CellResult c : cells) {
            if (c.status() != CellStatus.UNSUPPORTED && exact.contains(c.backend())) {
                long[] k = met.computeIfAbsent(c.backend(), x -> new long[2]);
                k[0] += Boolean.TRUE.equals(c.targetMet()) ? 1 : 0;
                k[1]++;
            }
        }
        // The catalogue reproduces recipes that fail as their sources set them up, so a count well below n/n is expected
        // here; one count for all says at a glance that accuracy does not separate them.
        boolean alike = met.values().stream().map(java.util.Arrays::toString).distinct().count() == 1;
        String counts = alike ? met.values().iterator().next()[0] + "/" + met.values().iterator().next()[1] + " cells on each"
                : met.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()[0] + "/" + e.getValue()[1])
                .collect(Collectors.joining(", ")) + " cells";
        return same + (verifyRows == null ? "" : " ([equivalence](" + EQUIVALENCE + "))") + "; final model meets the target: "
                + counts + " (the sources' recipes included, some of which fail by design; [verdicts](" + VERDICTS + ")).";
    }
}
