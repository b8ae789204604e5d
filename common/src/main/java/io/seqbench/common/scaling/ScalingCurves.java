package io.seqbench.common.scaling;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.IntFunction;

/**
 * The scaling curves: each factor grown over its values while the others stay at the centre point, LSTM hidden units,
 * sequence length and batch size on the LSTM, width on the dense stack. The seed tasks are tiny and dominated by
 * per-operation overhead; these say how each backend's cost grows towards the sizes of a team's own models.
 */
public final class ScalingCurves {
    /** The LSTM's centre: 64 units, 30 steps, batches of 32. */
    public static final ScalingPoint LSTM_CENTRE = new ScalingPoint("lstm", 64, 30, 32);
    /** The dense stack's centre: width 256 on the same data. */
    public static final ScalingPoint DENSE_CENTRE = new ScalingPoint("dense", 256, 30, 32);

    /** One curve: its factor's name, what it varies, and its points in growing order. */
    public record Curve(String factor, String label, List<Integer> values, List<ScalingPoint> points) {
        /** How the reports name the factor beside a value: H units, L steps, B rows per batch, a dense stack's width. */
        public String symbol() {
            return switch (factor) {
                case "lstm-units" -> "H";
                case "lstm-length" -> "L";
                case "dense-width" -> "width";
                default -> "B";
            };
        }
    }

    private ScalingCurves() {
    }

    public static List<Curve> all() {
        return List.of(
                curve("lstm-units", "LSTM hidden units", List.of(8, 16, 32, 64, 128, 256, 512),
                        h -> new ScalingPoint("lstm", h, LSTM_CENTRE.length(), LSTM_CENTRE.batch())),
                curve("lstm-length", "sequence length (steps)", List.of(3, 10, 30, 100, 300, 1000),
                        l -> new ScalingPoint("lstm", LSTM_CENTRE.units(), l, LSTM_CENTRE.batch())),
                curve("lstm-batch", "batch size (LSTM)", List.of(1, 4, 16, 32, 64, 256),
                        b -> new ScalingPoint("lstm", LSTM_CENTRE.units(), LSTM_CENTRE.length(), b)),
                curve("dense-width", "dense width", List.of(16, 64, 256, 1024, 4096),
                        w -> new ScalingPoint("dense", w, DENSE_CENTRE.length(), DENSE_CENTRE.batch())));
    }

    /** Every point of the curves once (the centre is on three curves), in the curves' order. */
    public static List<ScalingPoint> points(List<Curve> curves) {
        LinkedHashSet<ScalingPoint> out = new LinkedHashSet<>();
        curves.forEach(c -> out.addAll(c.points()));
        return new ArrayList<>(out);
    }

    /** The curves named (all when none is), each once. */
    public static List<Curve> named(List<String> factors) {
        if (factors.isEmpty()) {
            return all();
        }
        List<Curve> out = new ArrayList<>();
        for (String f : factors.stream().distinct().toList()) { // a factor named twice is one curve
            out.add(all().stream().filter(c -> c.factor().equals(f)).findFirst().orElseThrow(() ->
                    new IllegalArgumentException("unknown scaling factor '" + f + "': known are "
                            + String.join(", ", all().stream().map(Curve::factor).toList()))));
        }
        return out;
    }

    private static Curve curve(String factor, String label, List<Integer> values, IntFunction<ScalingPoint> at) {
        return new Curve(factor, label, values, values.stream().map(at::apply).toList());
    }
}
