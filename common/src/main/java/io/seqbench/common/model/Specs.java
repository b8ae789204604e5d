package io.seqbench.common.model;

/** Argument checks shared by the spec records, so that every message names the parameter and its range. */
final class Specs {
    private Specs() {
    }

    static void positive(String name, long value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be >= 1, got " + value);
        }
    }
}
