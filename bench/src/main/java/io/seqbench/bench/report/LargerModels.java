package io.seqbench.bench.report;

import io.seqbench.bench.speed.ScalingCase;
import io.seqbench.bench.speed.SetupComparison;
import io.seqbench.bench.speed.SpeedReport;
import io.seqbench.bench.speed.SpeedRunner;
import io.seqbench.bench.speed.SpeedVerdicts;
import io.seqbench.bench.stats.Statistics;
import io.seqbench.common.scaling.ScalingCurves;
import io.seqbench.common.scaling.ScalingPoint;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * The recommendation's line for models larger than the seed tasks. The pick per job rests on the catalogue's tiny
 * models, whose epochs are mostly per-operation overhead; as a model grows, the order of the backends can change, and
 * so can the set-up that runs a backend fastest. The line says both, from the result files only: the stepped backends'
 * order at the largest measured point of each scaling curve, with the points where a verdict finds another backend
 * faster than the one fastest there, and, per backend and set-up measured at size, the points where its verdict
 * against the default finds it faster or slower (or neither, or has no test). It ranks nothing: the jobs' lines do.
 */
final class LargerModels {
    static final String JOB = "larger models";
    static final String SCALING = "#scaling";
    static final String SETUPS = "#backend-set-ups-jmh";

    private LargerModels() {
    }

    /** The line, or null where the directory has neither scaling curves nor set-ups measured at size. */
    static Recommendation.Line line(Path dir) throws IOException {
        List<String> curves = curves(dir);
        List<SetupComparison.Compared> atSize = SetupComparison.compared(dir).stream()
                .filter(SetupComparison.Compared::atSize).toList();
        if (curves.isEmpty() && atSize.isEmpty()) {
            return null;
        }
        String order = curves.isEmpty() ? "the scaling curves are not in these results."
                : "the order, not a pick: at the largest point of each [scaling curve](" + SCALING + "), the fastest "
                + "backend, then each other's epoch time as a multiple of its: " + String.join("; ", curves) + ".";
        return new Recommendation.Line(JOB, null, null, order + " " + setups(atSize));
    }

    /**
     * Per curve: the order at its largest measured point (each other backend's verdict against the fastest at the
     * curve's level), and the points where another backend's verdict finds it faster than that one.
     */
    private static List<String> curves(Path dir) throws IOException {
        Path file = dir.resolve(SpeedRunner.SCALING_JMH);
        if (!Files.exists(file)) {
            return List.of();
        }
        List<ScalingReport.Measured> all = ScalingReport.measured(SpeedReport.readJmh(file));
        List<String> out = new ArrayList<>();
        for (ScalingCurves.Curve curve : ScalingCurves.all()) {
            List<ScalingReport.Measured> mine = ScalingReport.on(curve, all);
            if (mine.isEmpty()) {
                continue;
            }
            double alpha = ScalingReport.alpha(curve, new TreeSet<>(mine.stream().map(ScalingReport.Measured::backend).toList()).size());
            int large = curve.points().size() - 1;
            while (ScalingReport.at(mine, curve.points().get(large)).isEmpty()) {
                large--;
            }
            List<ScalingReport.Measured> there = ScalingReport.at(mine, curve.points().get(large));
            ScalingReport.Measured fastest = there.get(0);
            String where = curve.label() + " at " + curve.symbol() + "=" + curve.values().get(large) + ": ";
            if (there.size() == 1) {
                out.add(where + "only " + fastest.backend() + " measured");
                continue;
            }
            List<String> order = new ArrayList<>(List.of(fastest.backend() + " fastest"));
            for (ScalingReport.Measured m : there.subList(1, there.size())) {
                Statistics.LogRatio r = Statistics.welchLog(m.forks(), fastest.forks(), alpha);
                order.add(String.format(Locale.ROOT, "%s %.2fx%s", m.backend(), m.time().ms() / fastest.time().ms(),
                        !SpeedVerdicts.tested(r) ? " (too few forks for a test)"
                                : SpeedVerdicts.winner(m.backend(), fastest.backend(), r) == null ? " (no difference detected)" : ""));
            }
            out.add(where + String.join(", ", order) + elsewhere(curve, mine, fastest.backend(), alpha));
        }
        return out;
    }

    /** The points of the curve where a verdict finds another backend faster than {@code fastest} ("" where none does). */
    private static String elsewhere(ScalingCurves.Curve curve, List<ScalingReport.Measured> mine, String fastest, double alpha) {
        Map<String, List<String>> faster = new LinkedHashMap<>();
        for (int k = 0; k < curve.points().size(); k++) {
            ScalingReport.Measured f = ScalingReport.find(mine, curve.points().get(k), fastest);
            for (ScalingReport.Measured m : ScalingReport.at(mine, curve.points().get(k))) {
                if (f != null && m != f && m.backend().equals(SpeedVerdicts.winner(m.backend(), fastest,
                        Statistics.welchLog(m.forks(), f.forks(), alpha)))) {
                    faster.computeIfAbsent(m.backend(), b -> new ArrayList<>()).add(String.valueOf(curve.values().get(k)));
                }
            }
        }
        List<String> parts = new ArrayList<>();
        faster.forEach((b, values) -> parts.add(b + " faster than " + fastest + " at " + curve.symbol() + "="
                + String.join(", ", values)));
        return parts.isEmpty() ? "" : " (" + String.join("; ", parts) + ")";
    }

    /**
     * Per backend and set-up measured at size, one sentence: the points where its verdict against the default there
     * finds it faster (with the factor) or slower, finds no difference, has too few forks, or has no default to compare.
     */
    private static String setups(List<SetupComparison.Compared> atSize) {
        if (atSize.isEmpty()) {
            return "Whether more threads or other natives pay off at size is not measured in these results.";
        }
        Map<String, List<SetupComparison.Compared>> bySetup = new LinkedHashMap<>();
        atSize.forEach(c -> bySetup.computeIfAbsent(c.backend() + " with " + c.setup(), k -> new ArrayList<>()).add(c));
        StringBuilder out = new StringBuilder("Set-ups on the largest point of each curve "
                + "they were measured on, against their backend's default there ([set-ups](" + SETUPS + ")):");
        bySetup.forEach((setup, points) -> {
            Map<String, List<String>> groups = new LinkedHashMap<>();
            for (String g : List.of("faster at ", "slower at ", "no difference detected at ", "too few forks for a test at ",
                    "no default measured at ")) {
                groups.put(g, new ArrayList<>());
            }
            for (SetupComparison.Compared c : points) {
                String at = label(ScalingCase.point(c.cell()));
                Statistics.LogRatio r = c.vsDefault();
                String winner = r == null ? null : SpeedVerdicts.winner(c.setup(), "default", r);
                if (r == null) {
                    groups.get("no default measured at ").add(at);
                } else if (!SpeedVerdicts.tested(r)) {
                    groups.get("too few forks for a test at ").add(at);
                } else if (c.setup().equals(winner)) {
                    groups.get("faster at ").add(String.format(Locale.ROOT, "%s (%.2fx)", at, 1 / r.ratio()));
                } else if ("default".equals(winner)) {
                    groups.get("slower at ").add(String.format(Locale.ROOT, "%s (%.2fx)", at, r.ratio()));
                } else {
                    groups.get("no difference detected at ").add(at);
                }
            }
            List<String> said = new ArrayList<>();
            groups.forEach((g, at) -> {
                if (!at.isEmpty()) {
                    said.add(g + String.join(", ", at));
                }
            });
            out.append(' ').append(setup).append(": ").append(String.join("; ", said)).append('.');
        });
        return out.toString();
    }

    /** A point as its curve names it ({@code H=512}), where it is a curve's largest, else its id. */
    private static String label(ScalingPoint p) {
        return ScalingCurves.all().stream().filter(c -> c.points().get(c.points().size() - 1).equals(p)).findFirst()
                .map(c -> c.symbol() + "=" + c.values().get(c.values().size() - 1)).orElse(p.id());
    }
}
