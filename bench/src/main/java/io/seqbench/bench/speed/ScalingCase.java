package io.seqbench.bench.speed;

import io.seqbench.common.scaling.ScalingPoint;

import java.util.List;

/**
 * A scaling point on a backend as one JMH parameter, {@code scaling/family/backend/H=..,L=..,B=..}: the layout of a
 * {@link SpeedCase} id, so that forks are grouped and compared by point the same way.
 */
public final class ScalingCase {
    public static final String PREFIX = "scaling";

    private ScalingCase() {
    }

    public static String id(ScalingPoint point, String backend) {
        String[] p = point.id().split("/");
        return PREFIX + "/" + p[0] + "/" + backend + "/" + p[1];
    }

    /** Whether a case id names a scaling point rather than a task's case. */
    public static boolean is(String cell) {
        return cell.startsWith(PREFIX + "/");
    }

    public static ScalingPoint point(String cell) {
        String[] p = cell.split("/");
        if (p.length != 4 || !p[0].equals(PREFIX)) {
            throw new IllegalArgumentException("scaling case '" + cell + "' must be scaling/family/backend/H=..,L=..,B=..");
        }
        return ScalingPoint.parse(p[1] + "/" + p[3]);
    }

    /** Every point on every backend, the backends of a point side by side. */
    public static List<String> cells(List<ScalingPoint> points, List<String> backends) {
        return points.stream().flatMap(p -> backends.stream().map(b -> id(p, b))).toList();
    }
}
