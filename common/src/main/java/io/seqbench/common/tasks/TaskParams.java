package io.seqbench.common.tasks;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The resolved, validated parameters of one task instance: every declared parameter has a value (its default
 * unless overridden). Sorted, so that its string form is stable in result files.
 */
public record TaskParams(String task, Map<String, String> values) {

    public TaskParams {
        values = Collections.unmodifiableMap(new TreeMap<>(values));
    }

    /**
     * Resolves overrides against a task's declared parameters. An unknown name or a bad value throws with a
     * message naming the parameter and what is allowed.
     */
    public static TaskParams resolve(Task task, Map<String, String> overrides) {
        Map<String, String> out = new TreeMap<>();
        for (ParamSpec p : task.params()) {
            out.put(p.name(), p.check(task.id(), p.defaultValue()));
        }
        for (Map.Entry<String, String> e : overrides.entrySet()) {
            ParamSpec spec = task.params().stream().filter(p -> p.name().equals(e.getKey())).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown parameter " + task.id() + "." + e.getKey()
                            + (task.params().isEmpty() ? ": " + task.id() + " takes no parameters"
                            : ": " + task.id() + " takes " + String.join(", ",
                            task.params().stream().map(ParamSpec::name).toList()))));
            out.put(e.getKey(), spec.check(task.id(), e.getValue()));
        }
        TaskParams params = new TaskParams(task.id(), out);
        task.validate(params);
        return params;
    }

    public int intValue(String name) {
        return Integer.parseInt(get(name));
    }

    public double doubleValue(String name) {
        return Double.parseDouble(get(name));
    }

    public String get(String name) {
        String v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException("no parameter " + task + "." + name);
        }
        return v;
    }

    /** {@code L=200,N=130}, or {@code -} when the task has no parameters. */
    @Override
    public String toString() {
        if (values.isEmpty()) {
            return "-";
        }
        StringBuilder sb = new StringBuilder();
        values.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ",").append(k).append('=').append(v));
        return sb.toString();
    }
}
