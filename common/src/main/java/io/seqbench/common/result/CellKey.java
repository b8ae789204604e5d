package io.seqbench.common.result;

/** The identity of a cell as one string: task|params|backend|model|preprocessing|seed. */
public final class CellKey {
    private CellKey() {
    }

    public static String of(String task, String params, String backend, String model, String preprocessing, long seed) {
        return String.join("|", task, params, backend, model, preprocessing, Long.toString(seed));
    }
}
