package io.seqbench.common;

/**
 * Run-wide settings a backend must honour. The same seed on every backend; how a backend maps it onto its own
 * generators is recorded in its provenance. The precision is float32 unless a caller (the equivalence check) asks for
 * float64; a backend that always computes in one precision says so in its provenance.
 */
public record TrainSettings(long seed, Precision precision) {

    /** Float32, as every published run trains. */
    public TrainSettings(long seed) {
        this(seed, Precision.FLOAT32);
    }
}
