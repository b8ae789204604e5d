package io.seqbench.common;

/**
 * Run-wide settings a backend must honour. The same seed on every backend; how a backend maps it onto its own
 * generators is recorded in its provenance. The precision is float32 unless a caller (the equivalence check) asks for
 * float64; a backend that always computes in one precision says so in its provenance.
 *
 * @param nudged whether every non-zero value of the shared initial arrays is moved one float32 ulp up: a change of the
 *               start that only rounding could make, which the harness trains beside a cell to measure how far rounding
 *               alone moves the final model (see {@link io.seqbench.common.model.InitialParameters#draw(
 *               io.seqbench.common.model.ModelSpec, int, int, TrainSettings)})
 */
public record TrainSettings(long seed, Precision precision, boolean nudged) {

    /** Float32, as every published run trains. */
    public TrainSettings(long seed) {
        this(seed, Precision.FLOAT32, false);
    }

    public TrainSettings(long seed, Precision precision) {
        this(seed, precision, false);
    }

    /** The same settings with the initial arrays nudged by one ulp. */
    public TrainSettings nudge() {
        return new TrainSettings(seed, precision, true);
    }
}
