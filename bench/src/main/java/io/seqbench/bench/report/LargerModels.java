package io.seqbench.bench.report;

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
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * The recommendation's line for models larger than the seed tasks. The pick per job rests on the catalogue's tiny
 * models, whose epochs are mostly per-operation overhead; as a model grows, the order of the backends can change, and
 * so can the set-up that runs a backend fastest. The line says both, from the result files only: the stepped backends'
 * order at the largest measured point of each scaling curve (and the leader at its smallest point where a verdict
 * separates it from every other and it differs), and, per backend and set-up measured at size, at how many of those
 * points its verdict against the default finds it faster or slower.
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
                : "at the largest point of each [scaling curve](" + SCALING + "), epoch time as a multiple of the "
                + "fastest backend's (≈: no difference detected against the fastest): " + String.join("; ", curves) + ".";
        return new Recommendation.Line(JOB, null, null, order + " " + setups(atSize));
    }

    /** Per curve with at least two measured points: the order at its largest point, and a leader that changed. */
    private static List<String> curves(Path dir) throws IOException {
        Path file = dir.resolve(SpeedRunner.SCALING_JMH);
        if (!Files.exists(file)) {
            return List.of();
        }
        List<ScalingReport.Measured> all = ScalingReport.measured(SpeedReport.readJmh(file));
        List<String> out = new ArrayList<>();
        for (ScalingCurves.Curve curve : ScalingCurves.all()) {
            List<ScalingReport.Measured> mine = all.stream().filter(m -> curve.points().contains(m.point())).toList();
            List<Integer> measured = new ArrayList<>();
            for (int i = 0; i < curve.points().size(); i++) {
                ScalingPoint p = curve.points().get(i);
                if (mine.stream().anyMatch(m -> m.point().equals(p))) {
                    measured.add(i);
                }
            }
            if (measured.size() < 2) {
                continue; // the centre alone, timed for another curve, is no curve
            }
            double alpha = ScalingReport.alpha(curve, new TreeSet<>(mine.stream().map(ScalingReport.Measured::backend).toList()).size());
            int small = measured.get(0);
            int large = measured.get(measured.size() - 1);
            List<ScalingReport.Measured> there = at(mine, curve.points().get(large));
            ScalingReport.Measured fastest = there.get(0);
            List<String> order = new ArrayList<>();
            for (ScalingReport.Measured m : there) {
                order.add(String.format(Locale.ROOT, "%s %.2fx%s", m.backend(), m.time().ms() / fastest.time().ms(),
                        m == fastest || separated(fastest, m, alpha) ? "" : " ≈"));
            }
            String leader = leader(at(mine, curve.points().get(small)), alpha);
            out.add(curve.label() + " at " + curve.symbol() + "=" + curve.values().get(large) + ": " + String.join(", ", order)
                    + (leader == null || leader.equals(fastest.backend()) ? ""
                    : " (at " + curve.symbol() + "=" + curve.values().get(small) + ", " + leader + " was fastest)")
                    + (fastest.forks().length < SpeedVerdicts.MIN_FORKS ? " (too few forks for verdicts)" : ""));
        }
        return out;
    }

    /** The backends measured at a point, fastest first. */
    private static List<ScalingReport.Measured> at(List<ScalingReport.Measured> mine, ScalingPoint p) {
        return mine.stream().filter(m -> m.point().equals(p)).sorted(Comparator.comparingDouble(m -> m.time().ms())).toList();
    }

    /** The fastest backend at a point where a verdict finds it faster than every other there, else null. */
    private static String leader(List<ScalingReport.Measured> here, double alpha) {
        ScalingReport.Measured fastest = here.get(0);
        return here.size() > 1 && here.stream().skip(1).allMatch(m -> separated(fastest, m, alpha)) ? fastest.backend() : null;
    }

    /** Whether the verdict at the curve's level finds {@code fastest} faster than {@code other}. */
    private static boolean separated(ScalingReport.Measured fastest, ScalingReport.Measured other, double alpha) {
        Statistics.LogRatio r = Statistics.welchLog(fastest.forks(), other.forks(), alpha);
        return SpeedVerdicts.verdict(fastest.backend(), other.backend(), r).startsWith(fastest.backend() + " faster by ");
    }

    /** Per backend and set-up measured at size: at how many points it is faster than the default, by how much, and slower. */
    private static String setups(List<SetupComparison.Compared> atSize) {
        if (atSize.isEmpty()) {
            return "Whether more threads or other natives pay off at size is not measured in these results.";
        }
        Map<String, List<SetupComparison.Compared>> bySetup = new LinkedHashMap<>();
        atSize.forEach(c -> bySetup.computeIfAbsent(c.backend() + " with " + c.setup(), k -> new ArrayList<>()).add(c));
        List<String> parts = new ArrayList<>();
        bySetup.forEach((setup, points) -> {
            double[] wins = points.stream().filter(SetupComparison.Compared::faster)
                    .mapToDouble(c -> 1 / c.vsDefault().ratio()).sorted().toArray();
            long slower = points.stream().filter(c -> c.verdict().startsWith("default faster by ")).count();
            String part = String.format(Locale.ROOT, "%s is faster than its default at %d of %d point%s", setup, wins.length,
                    points.size(), points.size() == 1 ? "" : "s");
            if (wins.length > 0) {
                part += wins.length == 1 ? String.format(Locale.ROOT, " (%.2fx)", wins[0])
                        : String.format(Locale.ROOT, " (%.2fx to %.2fx)", wins[0], wins[wins.length - 1]);
            }
            parts.add(part + (slower > 0 ? ", slower at " + slower : ""));
        });
        return "Set-ups against each backend's default at the same largest points ([set-ups](" + SETUPS + ")): "
                + String.join("; ", parts) + ".";
    }
}
