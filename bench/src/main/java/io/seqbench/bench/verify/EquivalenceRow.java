package io.seqbench.bench.verify;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.seqbench.common.Support;
import io.seqbench.common.model.ParamArray;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One task x model x backend pair of the equivalence check: the largest relative difference of each {@link Check}
 * (null where a backend cannot give what the check needs) and the verdict. A pair claims exact when both backends
 * run the spec exactly; only such a pair can fail, an approximate one is reported as differing with its reasons. A
 * pair that claims exact fails on a check it cannot show (no parameters, a loss curve of another length): what is
 * missing would otherwise pass unseen.
 *
 * @param differences check name to relative difference, null for not available
 * @param worst       where the two differ most: the parameter's first step and the epoch's loss, with both values
 * @param verdict     {@code pass}, {@code FAIL}, or {@code differs (approximate)}
 */
@JsonPropertyOrder(alphabetic = false)
public record EquivalenceRow(String task, String model, String a, String b, boolean exact, List<String> reasons,
                             Map<String, Double> differences, String worst, String verdict) {

    public static final String PASS = "pass";
    public static final String FAIL = "FAIL";
    public static final String DIFFERS = "differs (approximate)";

    public static EquivalenceRow compare(String task, String model, String a, Support sa, Trace ta, String b,
                                         Support sb, Trace tb) {
        Map<String, Double> d = new LinkedHashMap<>();
        List<String> missing = new java.util.ArrayList<>();
        d.put(Check.PREDICTIONS.name(), Check.relativeDifference(ta.untrained(), tb.untrained()));
        d.put(Check.INITIAL_LOSS.name(), Check.relativeDifference(new double[]{ta.initialLoss()}, new double[]{tb.initialLoss()}));
        boolean params = ta.reportsParameters() && tb.reportsParameters();
        d.put(Check.ONE_STEP.name(), params
                ? Check.relativeDifference(Trace.values(ta.oneStep().get()), Trace.values(tb.oneStep().get())) : null);
        d.put(Check.GRADIENT.name(), params ? Check.relativeDifference(Trace.gradient(ta.initial().get(), ta.sgdStep().get()),
                Trace.gradient(tb.initial().get(), tb.sgdStep().get())) : null);
        d.put(Check.STEP_RULE.name(), params ? Check.relativeDifference(Trace.gradient(ta.initial().get(), ta.ruleStep().get()),
                Trace.gradient(tb.initial().get(), tb.ruleStep().get())) : null);
        if (!params) {
            String silent = ta.reportsParameters() ? b : tb.reportsParameters() ? a : a + " and " + b;
            missing.add("ONE_STEP, GRADIENT, STEP_RULE: " + silent + " reports no parameters");
        }
        boolean sameLength = ta.curve().length == tb.curve().length && ta.curve().length > 1;
        d.put(Check.LOSS_CURVE.name(), sameLength ? Check.relativeDifferencePerValue(ta.curve(), tb.curve()) : null);
        if (!sameLength) {
            missing.add("LOSS_CURVE: " + a + " reported " + ta.curve().length + " epochs, " + b + " " + tb.curve().length);
        }
        boolean exact = sa.level() == Support.Level.EXACT && sb.level() == Support.Level.EXACT;
        boolean within = d.entrySet().stream().allMatch(en -> en.getValue() == null
                || Check.valueOf(en.getKey()).passes(en.getValue()));
        List<String> reasons = new java.util.ArrayList<>(java.util.stream.Stream.of(sa, sb)
                .filter(s -> s.level() != Support.Level.EXACT).map(Support::reason).distinct().toList());
        if (exact) {
            // a pair that claims exact must show every check: what is missing is not a pass
            reasons.addAll(missing);
        }
        String verdict = exact ? (within && missing.isEmpty() ? PASS : FAIL) : within ? PASS : DIFFERS;
        return new EquivalenceRow(task, model, a, b, exact, reasons, d, worst(ta, tb), verdict);
    }

    /**
     * A pair where one backend (or both) threw instead of giving its trace: a failure whatever the pair claims, since
     * each backend says it runs the spec. The differences are all not available and {@code reasons} says what was thrown.
     */
    public static EquivalenceRow threw(String task, String model, String a, String b, boolean exact, List<String> errors) {
        Map<String, Double> d = new LinkedHashMap<>();
        for (Check c : Check.values()) {
            d.put(c.name(), null);
        }
        return new EquivalenceRow(task, model, a, b, exact, List.copyOf(errors), d, "", FAIL);
    }

    /**
     * Where the two differ most, to read beside the numbers: the parameter whose first step differs most (with both
     * steps), and the epoch whose loss differs most (with both losses).
     */
    private static String worst(Trace ta, Trace tb) {
        List<String> parts = new java.util.ArrayList<>();
        if (ta.initial().isPresent() && ta.oneStep().isPresent() && tb.oneStep().isPresent()) {
            List<ParamArray> a0 = ta.initial().get();
            List<ParamArray> a1 = ta.oneStep().get();
            List<ParamArray> b1 = tb.oneStep().get();
            String worst = "";
            double most = -1;
            for (int i = 0; i < a0.size(); i++) {
                float[] init = a0.get(i).values();
                for (int k = 0; k < init.length; k++) {
                    double sa = (double) a1.get(i).values()[k] - init[k];
                    double sb = (double) b1.get(i).values()[k] - init[k];
                    if (Math.abs(sa - sb) > most) {
                        most = Math.abs(sa - sb);
                        worst = String.format("step %s[%d] %.3g vs %.3g", a0.get(i).name(), k, sa, sb);
                    }
                }
            }
            parts.add(worst);
        }
        if (ta.curve().length == tb.curve().length) {
            int worst = 0;
            double most = -1;
            for (int e = 0; e < ta.curve().length; e++) {
                double d = Check.relativeDifference(new double[]{ta.curve()[e]}, new double[]{tb.curve()[e]});
                if (!(d <= most)) {
                    most = d;
                    worst = e;
                }
            }
            parts.add(String.format("loss at epoch %d %.4g vs %.4g", worst + 1, ta.curve()[worst], tb.curve()[worst]));
        }
        return String.join("; ", parts);
    }

    public boolean failed() {
        return verdict.equals(FAIL);
    }
}
