package io.seqbench.bench.results;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Task parameters in their result-file form, {@code L=200,N=130} ({@code -} for none), both ways. */
public final class CellParams {
    private CellParams() {
    }

    public static Map<String, String> parse(String params) {
        Map<String, String> out = new LinkedHashMap<>();
        if (!params.equals("-") && !params.isBlank()) {
            for (String kv : params.split(",")) {
                int eq = kv.indexOf('=');
                if (eq < 1) {
                    throw new IllegalArgumentException("'" + kv + "' is not key=value");
                }
                out.put(kv.substring(0, eq), kv.substring(eq + 1));
            }
        }
        return out;
    }

    public static String format(Map<String, String> params) {
        return params.isEmpty() ? "-" : new TreeMap<>(params).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(","));
    }
}
