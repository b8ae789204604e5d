package io.seqbench.common.tasks;

import java.util.List;
import java.util.Locale;

/**
 * A task parameter: its name, default and allowed values. {@link #check} turns a user's string into a validated
 * value, or throws with a message that names the parameter and the allowed range.
 *
 * @param choices allowed values for a choice parameter; empty for numbers
 */
public record ParamSpec(String name, String description, String defaultValue, double min, double max,
                        boolean integer, List<String> choices) {

    public static ParamSpec integer(String name, String description, int def, int min, int max) {
        return new ParamSpec(name, description, Integer.toString(def), min, max, true, List.of());
    }

    public static ParamSpec real(String name, String description, double def, double min, double max) {
        return new ParamSpec(name, description, Double.toString(def), min, max, false, List.of());
    }

    public static ParamSpec choice(String name, String description, String def, String... choices) {
        return new ParamSpec(name, description, def, 0, 0, false, List.of(choices));
    }

    /** The allowed values as a person would write them: {@code an integer in [1, 5000]}. */
    public String allowed() {
        if (!choices.isEmpty()) {
            return "one of " + String.join(", ", choices);
        }
        return String.format(Locale.ROOT, "%s in [%s, %s]", integer ? "an integer" : "a number", num(min), num(max));
    }

    private String num(double v) {
        return integer || v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    /** Validates {@code value} and returns its canonical string form. */
    public String check(String task, String value) {
        String where = task + "." + name;
        if (!choices.isEmpty()) {
            if (!choices.contains(value)) {
                throw new IllegalArgumentException(where + "=" + value + " is not allowed: must be " + allowed());
            }
            return value;
        }
        double v;
        try {
            v = Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(where + "=" + value + " is not a number: must be " + allowed());
        }
        if (integer && v != Math.rint(v) || !(v >= min && v <= max)) {
            throw new IllegalArgumentException(where + "=" + value + " is out of range: must be " + allowed());
        }
        return integer ? Long.toString((long) v) : Double.toString(v);
    }
}
